//! Tests for `delivery`: exact delivery, gaps, reordering and replays.

use super::*;
use crate::target::Target;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

fn setup(faults: Faults) -> (Delivery, Subscriptions, UnboundedReceiver<String>, ConnId) {
    let mut subs = Subscriptions::default();
    let (tx, rx) = unbounded_channel();
    let id = subs.add_conn(tx, Arc::default());
    subs.subscribe(id, &["t".into()], Target::from_topic)
        .unwrap();
    (Delivery::new(faults, Prng::new(1)), subs, rx, id)
}

/// Runs `f` with a fresh outbox, flushes it and returns the frame sent.
fn step(
    subs: &mut Subscriptions,
    rx: &mut UnboundedReceiver<String>,
    f: impl FnOnce(&Subscriptions, &mut Outbox),
) -> String {
    let mut out = Outbox::default();
    f(subs, &mut out);
    out.flush(subs);
    rx.try_recv().unwrap_or_default()
}

#[test]
fn exact_without_faults() {
    let (mut d, mut subs, mut rx, _) = setup(Faults::default());
    let got = step(&mut subs, &mut rx, |s, out| {
        for m in ["1", "2", "3"] {
            d.send(Kind::Delta, "t", m.into(), s, out);
        }
        d.send(Kind::Delta, "nobody", "9".into(), s, out);
        d.send_replays(s, out);
        d.release_aged(s, out);
    });
    assert_eq!(got, "[1,2,3]");
    assert_eq!(d.counts, FaultCounts::default());
}

#[test]
fn gaps_drop_deltas_only() {
    let faults = Faults {
        gap: 1.0,
        ..Faults::default()
    };
    let (mut d, mut subs, mut rx, _) = setup(faults);
    let got = step(&mut subs, &mut rx, |s, out| {
        d.send(Kind::Delta, "t", "1".into(), s, out);
        d.send(Kind::Snapshot, "t", "2".into(), s, out);
    });
    assert_eq!(got, "[2]");
    assert_eq!(d.counts.dropped, 1);
}

#[test]
fn reorder_holds_until_the_next_message_or_the_next_tick() {
    let faults = Faults {
        reorder: 1.0,
        ..Faults::default()
    };
    let (mut d, mut subs, mut rx, _) = setup(faults);
    let got = step(&mut subs, &mut rx, |s, out| {
        d.send(Kind::Delta, "t", "1".into(), s, out);
        d.send(Kind::Delta, "t", "2".into(), s, out);
    });
    assert_eq!(got, "[2,1]");
    assert_eq!(d.counts.reordered, 1);
    // Held in this tick: survives this tick's end, goes out at the next.
    let got = step(&mut subs, &mut rx, |s, out| {
        d.send(Kind::Snapshot, "t", "3".into(), s, out);
        d.release_aged(s, out);
    });
    assert_eq!(got, "");
    let got = step(&mut subs, &mut rx, |s, out| d.release_aged(s, out));
    assert_eq!(got, "[3]");
    assert_eq!(
        d.counts.reordered, 1,
        "a late message alone is not reordered"
    );
    let got = step(&mut subs, &mut rx, |s, out| {
        d.send(Kind::Delta, "t", "4".into(), s, out);
        d.release_all(s, out);
    });
    assert_eq!(got, "[4]");
}

#[test]
fn replays_go_out_next_tick_to_those_still_subscribed() {
    let faults = Faults {
        replay: 1.0,
        ..Faults::default()
    };
    let (mut d, mut subs, mut rx, id) = setup(faults);
    let got = step(&mut subs, &mut rx, |s, out| {
        d.send(Kind::Delta, "t", "1".into(), s, out);
        d.send(Kind::Snapshot, "t", "2".into(), s, out);
    });
    assert_eq!(got, "[1,2]");
    let got = step(&mut subs, &mut rx, |s, out| {
        d.send_replays(s, out);
        d.send(Kind::Delta, "t", "3".into(), s, out);
    });
    assert_eq!(got, "[1,3]", "snapshots are never replayed");
    assert_eq!(d.counts.replayed, 1);
    subs.unsubscribe(id, &["t".into()]).unwrap();
    let got = step(&mut subs, &mut rx, |s, out| d.send_replays(s, out));
    assert_eq!(got, "");
    assert_eq!(d.counts.replayed, 1);
}
