//! Tests for `replica`: the log applied in `seq` order per target, whatever
//! order it arrives in, duplicates skipped, and loads from Redis.

use std::sync::Arc;

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use super::*;
use crate::delivery::{Delivery, Faults};
use crate::mutation_faults::MutationFaults;
use crate::mutations::Mutations;
use crate::prng::Prng;
use crate::projects::Projects;
use crate::replication::Replicator;
use crate::vocab::{EntityKey, EntityType};

const TOPIC: &str = "metrics:Image:1";

fn replica_state() -> (State, UnboundedReceiver<String>) {
    let catalog = Catalog::generate(1, 2, 2, 2, 0);
    let delivery = Delivery::new(Faults::default(), Prng::new(1));
    let mutations = Mutations::new(MutationFaults::default(), Prng::new(2));
    let mut st = State::new(
        catalog.clone(),
        Projects::default(),
        0.0,
        delivery,
        mutations,
    );
    let (intents, _) = unbounded_channel();
    st.replicator = Some(Replicator {
        origin: 7,
        intents,
        rooms: None,
    });
    st.replica = Some(Replica::new(catalog));
    let (tx, rx) = unbounded_channel();
    let id = st.subs.add_conn(tx, Arc::default());
    st.subs
        .subscribe(id, &[TOPIC.to_owned()], Target::from_topic)
        .unwrap();
    (st, rx)
}

fn event(s: u64, n: u64, likes: f64) -> Event {
    Event {
        s,
        n,
        o: 9,
        t: TOPIC.into(),
        m: None,
        d: vec![(0, "Like".into(), likes)],
        p: None,
    }
}

fn offer(st: &mut State, e: Event) {
    let mut out = Outbox::default();
    st.offer(e, None, &mut out);
    out.flush(&mut st.subs);
}

fn likes(st: &State) -> (f64, u64) {
    let e = st
        .catalog
        .get(EntityKey::new(EntityType::Image, 1))
        .unwrap();
    (e.values[0], e.version)
}

#[test]
fn events_apply_in_seq_order_whatever_order_they_arrive_in() {
    let (mut st, mut rx) = replica_state();
    let (start, _) = likes(&st);
    offer(&mut st, event(3, 30, 4.0));
    offer(&mut st, event(2, 20, 2.0));
    assert_eq!(likes(&st), (start, 0), "held until seq 1 arrives");
    assert!(st
        .replica
        .as_ref()
        .unwrap()
        .stalled(std::time::Duration::ZERO));
    offer(&mut st, event(1, 10, 1.0));
    assert_eq!(likes(&st), (start + 7.0, 3));
    assert!(!st
        .replica
        .as_ref()
        .unwrap()
        .stalled(std::time::Duration::ZERO));
    let frame: serde_json::Value = serde_json::from_str(&rx.try_recv().unwrap()).unwrap();
    let seqs: Vec<u64> = frame
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["data"]["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3], "delivered in seq order");
    assert_eq!(frame[2]["data"]["eventId"], "e30");

    offer(&mut st, event(2, 20, 2.0));
    assert_eq!(likes(&st), (start + 7.0, 3), "a duplicate is skipped");
    assert!(rx.try_recv().is_err());
}

#[test]
fn a_load_replaces_what_is_older_and_releases_held_events() {
    let (mut st, _rx) = replica_state();
    let (start, _) = likes(&st);
    offer(&mut st, event(6, 60, 10.0));
    offer(&mut st, event(4, 40, 100.0));
    let loaded = Loaded {
        versions: vec![
            (TOPIC.into(), 5),
            ("metrics:Image:2".into(), 0),
            ("nonsense".into(), 3),
        ],
        sums: vec![(format!("{TOPIC}|0"), 3.0), ("garbage".into(), 1.0)],
        snapshots: Vec::new(),
    };
    let mut out = Outbox::default();
    st.load(loaded, &mut out);
    // Redis says: 3 likes over the seed at version 5; then 6 applies on top,
    // and 4 (already in the loaded state) is dropped.
    assert_eq!(likes(&st), (start + 3.0 + 10.0, 6));
    assert!(!st
        .replica
        .as_ref()
        .unwrap()
        .stalled(std::time::Duration::ZERO));
}
