//! The delta store's behaviour through the core API (native).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use livemetrics::core::{Effect, EntityId, EntityIdRef, MetricCode, MetricStore, Reason, TypeCode};

fn codes(s: &MetricStore, ty: &str, metric: &str) -> (TypeCode, MetricCode) {
    (
        s.entity_type(ty).unwrap(),
        s.metric("metricType", metric).unwrap(),
    )
}

fn id(n: u64) -> EntityIdRef<'static> {
    EntityIdRef::Int(n)
}

#[test]
fn deltas_accumulate_and_read_zero_when_absent() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    assert_eq!(s.delta(img, id(1), like), 0.0);
    s.apply(img, id(1), &[(like, 1.0)]).unwrap();
    s.apply(img, id(1), &[(like, 1.0)]).unwrap();
    s.apply(img, id(1), &[(like, -1.0)]).unwrap();
    assert_eq!(s.delta(img, id(1), like), 1.0);
    assert_eq!(s.delta(img, id(2), like), 0.0);
}

#[test]
fn a_multi_metric_update_is_all_or_nothing() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    let heart = s.metric("m", "heartCount").unwrap();
    s.apply(img, id(1), &[(like, 2.0)]).unwrap();
    let rev = s.revision();
    let err = s
        .apply(img, id(1), &[(like, 1.0), (heart, f64::NAN)])
        .unwrap_err();
    assert_eq!(err.field, "updates.heartCount");
    assert!(matches!(err.reason, Reason::NotFinite(v) if v.is_nan()));
    assert_eq!(
        err.to_string(),
        "updates.heartCount must be a finite number (got NaN)"
    );
    assert_eq!(s.delta(img, id(1), like), 2.0);
    assert_eq!(s.delta(img, id(1), heart), 0.0);
    assert_eq!(s.revision(), rev, "a rejected call changes nothing");
    assert_eq!(s.entity_count(), 1);
}

#[test]
fn overflow_is_rejected_without_changing_anything() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    s.apply(img, id(1), &[(like, f64::MAX)]).unwrap();
    let err = s.apply(img, id(1), &[(like, f64::MAX)]).unwrap_err();
    assert_eq!(err.reason, Reason::Overflow);
    assert_eq!(s.delta(img, id(1), like), f64::MAX);
}

#[test]
fn zero_deltas_are_skipped_and_create_no_key() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    assert_eq!(s.apply(img, id(1), &[(like, 0.0)]).unwrap(), Effect::None);
    assert_eq!(s.key_count(), 0);
    assert_eq!(s.entity_count(), 0);
}

#[test]
fn colliding_aliases_sum() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    let alias = s.metric("m", "Like").unwrap();
    assert_eq!(alias, like);
    s.apply(img, id(1), &[(alias, 1.0), (like, 2.0)]).unwrap();
    assert_eq!(s.delta(img, id(1), like), 3.0);
}

#[test]
fn clear_one_metric_or_a_whole_entity() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    let heart = s.metric("m", "heartCount").unwrap();
    s.apply(img, id(1), &[(like, 1.0), (heart, 2.0)]).unwrap();
    s.apply(img, id(2), &[(like, 5.0)]).unwrap();
    assert_eq!(s.clear_metric(img, id(1), like), Effect::Changed);
    assert_eq!(s.delta(img, id(1), like), 0.0);
    assert_eq!(s.delta(img, id(1), heart), 2.0);
    assert_eq!(s.clear_entity(img, id(1)), Effect::Changed);
    assert_eq!(s.delta(img, id(1), heart), 0.0);
    assert_eq!(s.delta(img, id(2), like), 5.0);
    assert_eq!(s.clear_metric(img, id(9), like), Effect::None);
    assert_eq!(s.key_count(), 1);
}

#[test]
fn entries_iterate_keys_in_the_seed_format() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    let model = s.entity_type("Model").unwrap();
    let dl = s.metric("m", "downloadCount").unwrap();
    s.apply(img, id(12345), &[(like, 1.0)]).unwrap();
    s.apply(model, EntityIdRef::Str("project-1"), &[(dl, 3.0)])
        .unwrap();
    s.apply(img, id(12345), &[(like, -1.0)]).unwrap();
    let keys: Vec<(String, f64)> = s
        .entries()
        .map(|e| {
            (
                format!("{}:{}:{}", e.entity_type, e.entity_id, e.metric),
                e.delta,
            )
        })
        .collect();
    assert_eq!(
        keys,
        vec![
            ("Image:12345:likeCount".to_string(), 0.0),
            ("Model:project-1:downloadCount".to_string(), 3.0)
        ]
    );
    let cell = s.entries().next().unwrap().cell;
    assert_eq!(s.cell_key(cell).unwrap(), "Image:12345:likeCount");
}

#[test]
fn only_watched_cells_are_reported_and_each_once() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    let watched = s.cell(img, id(1), like).unwrap();
    assert!(s.watch(watched));
    assert_eq!(
        s.apply(img, id(2), &[(like, 1.0)]).unwrap(),
        Effect::Changed
    );
    assert_eq!(
        s.apply(img, id(1), &[(like, 1.0)]).unwrap(),
        Effect::WatchedChanged
    );
    s.apply(img, id(1), &[(like, 1.0)]).unwrap();
    let mut out = Vec::new();
    s.drain_changes(&mut out);
    assert_eq!(out, vec![watched]);
    s.unwatch(watched);
    assert_eq!(
        s.apply(img, id(1), &[(like, 1.0)]).unwrap(),
        Effect::Changed
    );
}

#[test]
fn topics_are_refcounted_and_coalesced() {
    let mut s = MetricStore::new();
    let img = s.entity_type("Image").unwrap();
    assert_eq!(s.acquire_topic(img, id(5)).unwrap(), 1);
    assert_eq!(s.acquire_topic(img, id(5)).unwrap(), 2);
    let changes = s.drain_topic_changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].ty, changes[0].id.to_string()),
        (img, "5".to_string())
    );
    assert!(changes[0].subscribe);
    assert_eq!(s.release_topic(img, id(5)), 1);
    assert!(s.drain_topic_changes().is_empty());
    // 1→0→1 before a drain: the transport sees nothing.
    assert_eq!(s.release_topic(img, id(5)), 0);
    assert_eq!(s.acquire_topic(img, id(5)).unwrap(), 1);
    assert!(s.drain_topic_changes().is_empty());
    assert_eq!(s.active_topics(), vec![(img, EntityId::Int(5))]);
    s.release_topic(img, id(5));
    let changes = s.drain_topic_changes();
    assert_eq!(changes.len(), 1);
    assert!(!changes[0].subscribe);
    assert!(s.active_topics().is_empty());
    assert_eq!(s.release_topic(img, id(5)), 0, "extra release is a no-op");
}

#[test]
fn registered_names_work_like_builtins() {
    let mut s = MetricStore::new();
    let project = s.vocab_mut().register_entity_type("Project").unwrap();
    let segmented = s.vocab_mut().register_metric("segmentedCount").unwrap();
    s.apply(
        project,
        EntityIdRef::Str("project-123"),
        &[(segmented, 4.0)],
    )
    .unwrap();
    assert_eq!(
        s.delta(project, EntityIdRef::Str("project-123"), segmented),
        4.0
    );
    s.acquire_topic(project, EntityIdRef::Str("project-123"))
        .unwrap();
    assert_eq!(
        s.drain_topic_changes()[0].id,
        EntityId::Str("project-123".into())
    );
}

#[test]
fn unknown_codes_are_errors_not_panics() {
    let mut s = MetricStore::new();
    let err = s
        .apply(TypeCode(999), id(1), &[(MetricCode(0), 1.0)])
        .unwrap_err();
    assert_eq!(err.field, "entityType");
    let img = s.entity_type("Image").unwrap();
    let err = s.apply(img, id(1), &[(MetricCode(999), 1.0)]).unwrap_err();
    assert_eq!(err.field, "updates");
    assert!(s.cell(img, id(1), MetricCode(999)).is_err());
    assert_eq!(s.entity_count(), 0);
}

#[test]
fn the_journal_records_old_values_only_while_enabled() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    s.apply(img, id(1), &[(like, 1.0)]).unwrap();
    assert!(s.drain_journal().is_empty());
    s.set_journaling(true);
    let rev = s.revision();
    s.apply(img, id(1), &[(like, 2.0)]).unwrap();
    s.clear_metric(img, id(1), like);
    let j = s.drain_journal();
    assert_eq!(j.len(), 2);
    assert_eq!(
        (j[0].revision, j[0].old, j[0].was_present),
        (rev + 1, 1.0, true)
    );
    assert_eq!(
        (j[1].revision, j[1].old, j[1].was_present),
        (rev + 2, 3.0, true)
    );
    s.set_journaling(false);
    s.apply(img, id(1), &[(like, 2.0)]).unwrap();
    assert!(s.drain_journal().is_empty());
}

#[test]
fn a_batch_applies_every_row_or_none() {
    let mut s = MetricStore::new();
    let (img, like) = codes(&s, "Image", "likeCount");
    let heart = s.metric("m", "heartCount").unwrap();
    let t = [img.0; 4];
    let m = [like.0, heart.0, like.0, like.0];
    s.apply_batch(&t, &[1.0, 1.0, 2.0, 1.0], &m, &[1.0, 2.0, 3.0, 0.5])
        .unwrap();
    assert_eq!(s.delta(img, id(1), like), 1.5);
    assert_eq!(s.delta(img, id(1), heart), 2.0);
    assert_eq!(s.delta(img, id(2), like), 3.0);
    let before = s.revision();
    for (ids, deltas, field) in [
        ([1.0, -1.0, 1.0, 1.0], [1.0; 4], "entityId[1]"),
        ([1.0, 1.0, 1.5, 1.0], [1.0; 4], "entityId[2]"),
        ([1.0; 4], [1.0, 1.0, 1.0, f64::NAN], "delta[3]"),
        ([1.0; 4], [1.0, 1e16, 1.0, 1.0], "delta[1]"),
    ] {
        let err = s.apply_batch(&t, &ids, &m, &deltas).unwrap_err();
        assert_eq!(err.field, field);
    }
    let err = s.apply_batch(&t, &[1.0; 3], &m, &[1.0; 4]).unwrap_err();
    assert_eq!(err.field, "batch");
    let err = s
        .apply_batch(&[img.0, 999, img.0, img.0], &[1.0; 4], &m, &[1.0; 4])
        .unwrap_err();
    assert_eq!(err.field, "entityType[1]");
    assert_eq!(s.revision(), before, "nothing written");
    assert_eq!(s.delta(img, id(1), like), 1.5);
}
