//! Optimistic mutations in the core: one test per flaw of the shipped
//! versions (seed 001), with a fake clock.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use livemetrics::core::backoff::{Failure, RetryPolicy};
use livemetrics::core::mutation_steps::{Ack, Step};
use livemetrics::core::optimistic::{MutationState, NewMutation};
use livemetrics::core::{
    parse_signals, std_numbers, BaseMeta, EntityIdRef, MetricCode, MetricStore, TypeCode,
};

const ID: EntityIdRef<'static> = EntityIdRef::Int(7);

struct F {
    s: MetricStore,
    ty: TypeCode,
    up: MetricCode,
    down: MetricCode,
}

fn fixture() -> F {
    let mut s = MetricStore::new();
    let ty = s.vocab_mut().register_entity_type("Expose").unwrap();
    let up = s.vocab_mut().register_metric("upvotes").unwrap();
    let down = s.vocab_mut().register_metric("downvotes").unwrap();
    s.set_base(ty, ID, &[(up, 10.0), (down, 2.0)], BaseMeta::Version(100))
        .unwrap();
    F { s, ty, up, down }
}

impl F {
    fn begin(&mut self, id: &str, metric: MetricCode, d: f64) {
        self.s
            .begin_mutation(NewMutation {
                id,
                ty: self.ty,
                entity: ID,
                updates: &[(metric, d)],
                policy: RetryPolicy::default(),
                now: 0.0,
                resume: None,
            })
            .unwrap();
    }
    fn up(&self) -> f64 {
        self.s.value(self.ty, ID, self.up).unwrap()
    }
    fn signal(&mut self, json: serde_json::Value) {
        for p in parse_signals(&json.to_string(), &std_numbers) {
            self.s.apply_signal(&p, None);
        }
    }
    fn state(&self, id: &str) -> MutationState {
        self.s
            .mutations_of(None, None)
            .iter()
            .find(|m| &*m.id == id)
            .unwrap()
            .state
    }
}

#[test]
fn rapid_clicks_never_lose_increments() {
    let mut f = fixture();
    for i in 0..10 {
        f.begin(&format!("m{i}"), f.up, 1.0);
    }
    assert_eq!(f.up(), 20.0);
    assert!(f.s.is_updating(f.ty, ID, Some(f.up)));
    assert!(!f.s.is_updating(f.ty, ID, Some(f.down)));
}

#[test]
fn downvotes_are_counted_as_downvotes() {
    let mut f = fixture();
    f.begin("d", f.down, 1.0);
    assert_eq!(f.s.value(f.ty, ID, f.down), Some(3.0));
    assert_eq!(f.up(), 10.0);
}

#[test]
fn a_failed_record_rolls_back_only_itself() {
    let mut f = fixture();
    f.begin("a", f.up, 1.0);
    f.begin("b", f.up, 1.0);
    f.s.attempt_started("a").unwrap();
    f.s.attempt_started("b").unwrap();
    let fail = Failure::Status {
        code: 400,
        retry_after_ms: None,
    };
    let (step, _) =
        f.s.attempt_failed("a", fail, "bad request", 10.0, 0.5)
            .unwrap();
    assert_eq!(step, Step::Failed);
    assert_eq!(f.up(), 11.0, "b still shows");
    assert_eq!(f.state("a"), MutationState::Failed);
    f.s.attempt_succeeded("b", &Ack::default()).unwrap();
    assert_eq!(f.up(), 11.0);
}

#[test]
fn retries_follow_the_backoff_and_give_up_after_three() {
    let mut f = fixture();
    f.begin("a", f.up, 1.0);
    let mut now = 0.0;
    let mut waits = Vec::new();
    loop {
        assert_eq!(f.s.attempt_started("a").unwrap(), Some(15_000.0));
        match f
            .s
            .attempt_failed("a", Failure::Timeout, "timeout", now, 0.5)
            .unwrap()
            .0
        {
            Step::RetryAt(at) => {
                waits.push(at - now);
                now = at;
                assert_eq!(f.up(), 11.0, "still optimistic while retrying");
            }
            Step::Failed => break,
            Step::Settled => panic!("not confirmed"),
        }
    }
    assert_eq!(
        waits,
        vec![500.0, 1000.0, 2000.0],
        "full jitter at 0.5 of 1 s, 2 s, 4 s"
    );
    assert_eq!(f.up(), 10.0, "rolled back after the last retry");
}

#[test]
fn the_echo_replaces_the_optimistic_delta_without_double_counting() {
    let mut f = fixture();
    f.begin("m1", f.up, 1.0);
    f.s.attempt_started("m1").unwrap();
    // The echo arrives before the HTTP response.
    f.signal(serde_json::json!({"entityType":"Expose","entityId":7,"seq":101,"mutationId":"m1","upvotes":1}));
    assert_eq!(f.up(), 11.0);
    assert!(!f.s.is_updating(f.ty, ID, None));
    f.s.attempt_succeeded(
        "m1",
        &Ack {
            version: Some(101),
            values: None,
        },
    )
    .unwrap();
    assert_eq!(f.up(), 11.0);
    // A timeout reported after the echo changes nothing.
    let (step, _) =
        f.s.attempt_failed("m1", Failure::Timeout, "late", 0.0, 0.5)
            .unwrap();
    assert_eq!(step, Step::Settled);
    assert_eq!(f.up(), 11.0);
}

#[test]
fn another_tabs_action_is_counted_even_by_the_same_user() {
    let mut f = fixture();
    f.signal(serde_json::json!({"entityType":"Expose","entityId":7,"seq":101,"mutationId":"other-tab","userId":1,"upvotes":1}));
    assert_eq!(f.up(), 11.0);
}

#[test]
fn a_versioned_ack_keeps_the_delta_until_a_base_covers_it() {
    let mut f = fixture();
    f.begin("m1", f.up, 1.0);
    f.s.attempt_started("m1").unwrap();
    f.s.attempt_succeeded(
        "m1",
        &Ack {
            version: Some(101),
            values: None,
        },
    )
    .unwrap();
    assert_eq!(f.up(), 11.0);
    // The echo (seq 101) is then a duplicate; a refresh at 101 includes the vote.
    f.signal(serde_json::json!({"entityType":"Expose","entityId":7,"seq":101,"upvotes":1}));
    assert_eq!(f.up(), 11.0);
    f.s.set_base(f.ty, ID, &[(f.up, 11.0)], BaseMeta::Version(101))
        .unwrap();
    assert_eq!(f.up(), 11.0);
}

#[test]
fn absolute_values_in_the_response_replace_base_and_delta() {
    let mut f = fixture();
    f.begin("m1", f.up, 1.0);
    f.s.attempt_started("m1").unwrap();
    f.s.attempt_succeeded(
        "m1",
        &Ack {
            version: Some(105),
            values: Some(vec![(f.up, 15.0)]),
        },
    )
    .unwrap();
    assert_eq!(f.up(), 15.0);
}

#[test]
fn refresh_never_wipes_in_flight_records() {
    let mut f = fixture();
    f.begin("m1", f.up, 1.0);
    f.s.attempt_started("m1").unwrap();
    f.s.set_base(f.ty, ID, &[(f.up, 12.0)], BaseMeta::Version(104))
        .unwrap();
    assert_eq!(
        f.up(),
        13.0,
        "the refreshed base plus the vote still in flight"
    );
}

#[test]
fn an_unversioned_ack_is_covered_by_the_next_refetch_and_restamped_by_a_late_echo() {
    let mut f = fixture();
    f.begin("m1", f.up, 1.0);
    f.s.attempt_started("m1").unwrap();
    f.s.attempt_succeeded("m1", &Ack::default()).unwrap();
    assert_eq!(f.up(), 11.0);
    // The echo arrives late, with the server's seq: not counted again.
    f.signal(serde_json::json!({"entityType":"Expose","entityId":7,"seq":101,"mutationId":"m1","upvotes":1}));
    assert_eq!(f.up(), 11.0);
    // A base at 101 includes the vote: exact.
    f.s.set_base(f.ty, ID, &[(f.up, 11.0)], BaseMeta::Version(101))
        .unwrap();
    assert_eq!(f.up(), 11.0);
}

#[test]
fn bad_mutations_are_refused_and_change_nothing() {
    let mut f = fixture();
    f.begin("m1", f.up, 1.0);
    let before = f.up();
    let mk = |id, updates: &'static [(MetricCode, f64)], policy| NewMutation {
        id,
        ty: TypeCode(0),
        entity: ID,
        updates,
        policy,
        now: 0.0,
        resume: None,
    };
    let ty = f.ty;
    for (m, field) in [
        (
            mk("m1", &[(MetricCode(0), 1.0)], RetryPolicy::default()),
            "id",
        ),
        (
            mk("", &[(MetricCode(0), 1.0)], RetryPolicy::default()),
            "id",
        ),
        (mk("m2", &[], RetryPolicy::default()), "updates"),
        (
            mk("m3", &[(MetricCode(0), f64::NAN)], RetryPolicy::default()),
            "updates",
        ),
        (
            mk(
                "m4",
                &[(MetricCode(0), 1.0)],
                RetryPolicy {
                    factor: 0.0,
                    ..RetryPolicy::default()
                },
            ),
            "retry",
        ),
    ] {
        let err = f.s.begin_mutation(NewMutation { ty, ..m }).unwrap_err();
        assert!(err.field.starts_with(field), "{err}");
    }
    assert_eq!(f.up(), before);
}
