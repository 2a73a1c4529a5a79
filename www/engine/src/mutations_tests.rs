//! Tests for `mutations`: once-only application, replays, refusals, views.

use super::*;
use crate::catalog::Catalog;
use crate::delivery::{Delivery, Faults};
use crate::mutation::{comment, generic, view, vote};
use crate::projects::Projects;
use crate::vocab::{EntityKey, EntityType};

fn state(faults: MutationFaults) -> State {
    let catalog = Catalog::generate(1, 2, 2, 2, 3);
    let delivery = Delivery::new(Faults::default(), Prng::new(1));
    let mutations = Mutations::new(faults, Prng::new(2));
    State::new(catalog, Projects::default(), 0.0, delivery, mutations)
}

fn run(st: &mut State, key: &str, change: Result<Change, FieldError>) -> Outcome {
    st.mutate(key, change, &mut Outbox::default()).unwrap()
}

fn expose(st: &State, id: u32) -> Entity {
    let key = EntityKey::new(EntityType::Expose, id);
    st.catalog.get(key).cloned().unwrap()
}

#[test]
fn a_key_applies_once() {
    let mut st = state(MutationFaults::default());
    let before = expose(&st, 2);
    let up = || vote(br#"{"exposeId":2,"voteType":"upvote"}"#);
    let Outcome::Done { body, hold: None } = run(&mut st, "k1", up()) else {
        panic!("applied");
    };
    let after = expose(&st, 2);
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.values[2], before.values[2] + 1.0);
    let reply: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(reply["mutationId"], "k1");
    assert_eq!(reply["version"], after.version);
    assert_eq!(reply["metrics"]["upvotes"], after.values[2]);
    assert!(reply.get("counted").is_none());

    // Same key, other body: the stored response, nothing applied.
    let other = comment(br#"{"exposeId":1,"increment":3}"#);
    assert_eq!(run(&mut st, "k1", other), Outcome::Replayed(body.clone()));
    let bad = vote(br#"{"exposeId":2}"#);
    assert_eq!(run(&mut st, "k1", bad), Outcome::Replayed(body));
    assert_eq!(expose(&st, 2), after);
    assert_eq!(expose(&st, 1).version, 0);
    assert!(matches!(run(&mut st, "k2", up()), Outcome::Done { .. }));
    assert_eq!(expose(&st, 2).version, before.version + 2);
    let counts = st.mutations.counts;
    assert_eq!((counts.mutations, counts.idempotent_replays), (2, 2));
}

#[test]
fn refusals_store_nothing() {
    let mut st = state(MutationFaults {
        fail_5xx: 1.0,
        ..MutationFaults::default()
    });
    let up = || vote(br#"{"exposeId":1,"voteType":"downvote"}"#);
    let refused = Outcome::Refused(Refusal::Unavailable);
    assert_eq!(run(&mut st, "k", up()), refused);
    assert_eq!(run(&mut st, "k", up()), refused);
    assert_eq!(expose(&st, 1).version, 0);
    st.mutations.faults.fail_5xx = 0.0;
    st.mutations.faults.lose_response = 1.0;
    let Outcome::Done { hold, .. } = run(&mut st, "k", up()) else {
        panic!("applied");
    };
    assert_eq!(hold, Some(Duration::from_millis(20_000)));
    assert!(matches!(run(&mut st, "k", up()), Outcome::Replayed(_)));
    assert_eq!(expose(&st, 1).version, 1);
    let c = st.mutations.counts;
    assert_eq!((c.failed_5xx, c.lost_responses, c.mutations), (2, 1, 1));
}

#[test]
fn views_count_once_per_session_and_bad_input_is_rejected() {
    let mut st = state(MutationFaults::default());
    let seen = |s: &str| view(format!(r#"{{"exposeId":3,"sessionId":"{s}"}}"#).as_bytes());
    let counted = |o: Outcome| match o {
        Outcome::Done { body, .. } => {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            v["counted"].as_bool().unwrap()
        }
        other => panic!("{other:?}"),
    };
    assert!(counted(run(&mut st, "a", seen("s1"))));
    assert!(!counted(run(&mut st, "b", seen("s1"))));
    assert!(counted(run(&mut st, "c", seen("s2"))));
    assert_eq!(expose(&st, 3).version, 2);
    assert_eq!(st.mutations.counts.mutations, 2);

    let reject = |st: &mut State, change| st.mutate("z", change, &mut Outbox::default());
    let missing = reject(&mut st, vote(br#"{"exposeId":4,"voteType":"upvote"}"#));
    assert!(matches!(missing, Err(Rejection::NotFound(e)) if e.field == "exposeId"));
    let body = br#"{"entityType":"Image","entityId":9,"updates":{"Like":1}}"#;
    let missing = reject(&mut st, generic(body));
    assert!(matches!(missing, Err(Rejection::BadRequest(e)) if e.field == "entityId"));
    let body = br#"{"entityType":"Expose","entityId":1,"updates":{"views":-1e12}}"#;
    let negative = reject(&mut st, generic(body));
    assert!(matches!(negative, Err(Rejection::BadRequest(e)) if e.field == "updates.views"));
    let bad = reject(&mut st, vote(br#"{"exposeId":1,"voteType":"meh"}"#));
    assert!(matches!(bad, Err(Rejection::BadRequest(e)) if e.field == "voteType"));
    // Rejections store nothing: the key still works.
    let ok = reject(&mut st, vote(br#"{"exposeId":1,"voteType":"upvote"}"#));
    assert!(matches!(ok, Ok(Outcome::Done { .. })));
}
