//! The key cap: LRU eviction of entities without listeners or topics.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use livemetrics::core::{BaseMeta, EntityIdRef, MetricCode, MetricStore, StoreConfig, TypeCode};

fn capped(max_keys: usize) -> (MetricStore, TypeCode, MetricCode) {
    let s = MetricStore::with_config(StoreConfig {
        max_keys: Some(max_keys),
        ..StoreConfig::default()
    });
    let ty = s.entity_type("Image").unwrap();
    let like = s.metric("m", "likeCount").unwrap();
    (s, ty, like)
}

fn id(n: u64) -> EntityIdRef<'static> {
    EntityIdRef::Int(n)
}

#[test]
fn memory_stays_flat_over_a_million_distinct_entities() {
    let (mut s, ty, like) = capped(50_000);
    let mut peak = (0, 0);
    for n in 0..1_000_000u64 {
        s.apply(ty, id(n), &[(like, 1.0)]).unwrap();
        if n % 10_000 == 0 {
            let (entities, cells) = s.capacity();
            peak = (peak.0.max(entities), peak.1.max(cells));
        }
    }
    assert!(s.cell_count() <= 50_000);
    let (entities, cells) = s.capacity();
    assert!(entities <= 50_001 && cells <= 50_001, "{entities} {cells}");
    assert!(peak.0 <= 50_001 && peak.1 <= 50_001, "{peak:?}");
    assert_eq!(s.stats().entities_evicted, 1_000_000 - 50_000);
    // The newest survive; the oldest read as absent (0), never garbage.
    assert_eq!(s.delta(ty, id(999_999), like), 1.0);
    assert_eq!(s.delta(ty, id(0), like), 0.0);
}

#[test]
fn entities_with_listeners_or_topics_are_never_evicted() {
    let (mut s, ty, like) = capped(3);
    let watched = s.cell(ty, id(1), like).unwrap();
    assert!(s.watch(watched));
    s.acquire_topic(ty, id(2)).unwrap();
    s.cell(ty, id(2), like).unwrap();
    for n in 10..100 {
        s.apply(ty, id(n), &[(like, 1.0)]).unwrap();
    }
    s.apply(ty, id(1), &[(like, 5.0)]).unwrap();
    assert_eq!(s.cell_delta(watched), 5.0);
    assert!(s.holds_topic(ty, id(2)), "the held topic's entity survived");
    assert!(s.active_topics().is_empty(), "not drained yet");
    assert!(s.cell_count() <= 3);
    let changes = s.drain_topic_changes();
    assert_eq!(changes.len(), 1, "the pending subscribe survived");
}

#[test]
fn recently_read_entities_outlive_unread_ones() {
    let (mut s, ty, like) = capped(3);
    for n in 1..=3 {
        s.apply(ty, id(n), &[(like, 1.0)]).unwrap();
    }
    s.read_delta(ty, id(1), like);
    s.apply(ty, id(4), &[(like, 1.0)]).unwrap();
    assert_eq!(s.delta(ty, id(1), like), 1.0, "read, so kept");
    assert_eq!(
        s.delta(ty, id(2), like),
        0.0,
        "least recently used: evicted"
    );
}

#[test]
fn an_evicted_entity_is_forgotten_and_its_handles_go_stale() {
    let (mut s, ty, like) = capped(1);
    s.set_base(ty, id(1), &[(like, 100.0)], BaseMeta::Version(7))
        .unwrap();
    let h = s.cell(ty, id(1), like).unwrap();
    s.apply(ty, id(2), &[(like, 1.0)]).unwrap();
    assert_eq!(s.value(ty, id(1), like), None);
    assert_eq!(s.cell_delta(h), 0.0);
    assert!(!s.watch(h), "a stale handle can't be watched");
    assert_eq!(s.cell_key(h), None);
    // Back again, it starts fresh: its old watermark is gone too.
    s.set_base(ty, id(1), &[(like, 50.0)], BaseMeta::Version(3))
        .unwrap();
    assert_eq!(s.value(ty, id(1), like), Some(50.0));
}

#[test]
fn entities_written_again_by_a_batch_outlive_ones_that_were_not() {
    // The batch marks use on the cell (it never visits the entity): the
    // clock must see that mark as well as the entity's own.
    let (mut s, ty, like) = capped(3);
    let batch = |s: &mut MetricStore, ids: &[f64]| {
        let n = ids.len();
        s.apply_batch(&vec![ty.0; n], ids, &vec![like.0; n], &vec![1.0; n])
            .unwrap();
    };
    batch(&mut s, &[1.0, 2.0, 3.0]);
    // A first eviction pass clears the marks the creation left.
    batch(&mut s, &[4.0]);
    let survivors: Vec<u64> = (1..=4)
        .filter(|n| s.delta(ty, id(*n), like) > 0.0)
        .collect();
    assert_eq!(survivors.len(), 3);
    // Write the two oldest survivors again, then add a new entity.
    let again: Vec<f64> = survivors.iter().take(2).map(|n| *n as f64).collect();
    batch(&mut s, &again);
    batch(&mut s, &[5.0]);
    for n in survivors.iter().take(2) {
        assert_eq!(
            s.delta(ty, id(*n), like),
            2.0,
            "entity {n} was written again, so kept"
        );
    }
    assert_eq!(
        s.delta(ty, id(survivors[2]), like),
        0.0,
        "not used since: evicted"
    );
    assert_eq!(s.delta(ty, id(5), like), 1.0);
}
