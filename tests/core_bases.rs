//! Bases, watermarks, replays, gaps and snapshots through the core API.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use livemetrics::core::{
    BaseMeta, Delivery, DeltaOutcome, EntityIdRef, EventId, MetricCode, MetricStore, SnapshotMeta,
    TypeCode,
};

struct Fixture {
    s: MetricStore,
    ty: TypeCode,
    like: MetricCode,
    heart: MetricCode,
}

fn fixture() -> Fixture {
    let s = MetricStore::new();
    let ty = s.entity_type("Image").unwrap();
    let like = s.metric("m", "likeCount").unwrap();
    let heart = s.metric("m", "heartCount").unwrap();
    Fixture { s, ty, like, heart }
}

const ID: EntityIdRef<'static> = EntityIdRef::Int(1);

fn seq(n: u64) -> Delivery {
    Delivery {
        seq: Some(n),
        ..Delivery::default()
    }
}

impl Fixture {
    fn send(&mut self, d: &Delivery, metric: MetricCode, delta: f64) -> DeltaOutcome {
        self.s
            .apply_delivery(self.ty, ID, &[(metric, delta)], d)
            .unwrap()
    }

    fn like_value(&self) -> Option<f64> {
        self.s.value(self.ty, ID, self.like)
    }
}

#[test]
fn a_versioned_base_drops_the_deltas_it_includes_and_keeps_later_ones() {
    let mut f = fixture();
    for n in 1..=5 {
        f.send(&seq(n), f.like, 1.0);
    }
    assert_eq!(f.s.delta(f.ty, ID, f.like), 5.0);
    // The refetched base (100 likes) already includes seqs 1..=3.
    let out =
        f.s.set_base(f.ty, ID, &[(f.like, 100.0)], BaseMeta::Version(3))
            .unwrap();
    assert!(out.applied);
    assert_eq!(f.s.delta(f.ty, ID, f.like), 2.0);
    assert_eq!(f.like_value(), Some(102.0));
    // A replay of seq 2 is covered; seq 6 counts.
    assert_eq!(f.send(&seq(2), f.like, 1.0), DeltaOutcome::Covered);
    f.send(&seq(6), f.like, 1.0);
    assert_eq!(f.like_value(), Some(103.0));
    assert_eq!(f.s.stats().covered_dropped, 1);
}

#[test]
fn an_older_base_is_ignored() {
    let mut f = fixture();
    f.s.set_base(f.ty, ID, &[(f.like, 50.0)], BaseMeta::Version(10))
        .unwrap();
    let out =
        f.s.set_base(f.ty, ID, &[(f.like, 40.0)], BaseMeta::Version(8))
            .unwrap();
    assert!(!out.applied);
    assert_eq!(f.like_value(), Some(50.0));
    assert_eq!(f.s.stats().stale_bases_ignored, 1);
}

#[test]
fn an_equal_version_is_ignored_unless_it_confirms_a_stale_entity() {
    let mut f = fixture();
    f.s.set_base(f.ty, ID, &[(f.like, 50.0)], BaseMeta::Version(10))
        .unwrap();
    let same = |f: &mut Fixture| {
        f.s.set_base(f.ty, ID, &[(f.like, 50.0)], BaseMeta::Version(10))
            .unwrap()
            .applied
    };
    assert!(
        !same(&mut f),
        "a fresh entity gains nothing from the same version"
    );
    f.s.acquire_topic(f.ty, ID).unwrap();
    assert_eq!(f.s.mark_held_stale(), 1);
    // After a reconnect the server answers the version we hold: nothing was missed.
    assert!(same(&mut f));
    assert!(!f.s.is_stale(f.ty, ID));
    assert_eq!(f.like_value(), Some(50.0));
}

#[test]
fn replays_by_seq_or_event_id_count_once() {
    let mut f = fixture();
    f.send(&seq(1), f.like, 1.0);
    assert_eq!(f.send(&seq(1), f.like, 1.0), DeltaOutcome::Duplicate);
    let e = Delivery {
        event_id: Some(EventId::Text("evt-9".into())),
        ..Delivery::default()
    };
    f.send(&e, f.heart, 1.0);
    assert_eq!(f.send(&e, f.heart, 1.0), DeltaOutcome::Duplicate);
    assert_eq!(f.s.delta(f.ty, ID, f.like), 1.0);
    assert_eq!(f.s.delta(f.ty, ID, f.heart), 1.0);
    assert_eq!(f.s.stats().duplicates_dropped, 2);
}

#[test]
fn a_gap_marks_the_entity_stale_and_requests_a_resync() {
    let mut f = fixture();
    f.s.set_base(f.ty, ID, &[(f.like, 10.0)], BaseMeta::Version(1))
        .unwrap();
    f.send(&seq(2), f.like, 1.0);
    f.send(&seq(5), f.like, 1.0);
    assert!(f.s.is_stale(f.ty, ID));
    let req = f.s.drain_resync();
    assert_eq!(req.len(), 1);
    assert_eq!(
        (
            f.s.vocab().entity_type_name(req[0].ty),
            req[0].id.to_string(),
            req[0].reason.as_str()
        ),
        (Some("Image"), "1".to_string(), "gap")
    );
    assert!(f.s.drain_resync().is_empty(), "requested once");
    // A late delta fills part of the gap; a base covering the rest heals it.
    assert!(matches!(
        f.send(&seq(3), f.like, 1.0),
        DeltaOutcome::Applied(_)
    ));
    assert!(f.s.is_stale(f.ty, ID));
    f.s.set_base(f.ty, ID, &[(f.like, 14.0)], BaseMeta::Version(4))
        .unwrap();
    assert!(!f.s.is_stale(f.ty, ID));
    // 14 includes seqs up to 4; seq 5 (applied earlier) still counts.
    assert_eq!(f.like_value(), Some(15.0));
}

#[test]
fn as_of_tokens_drop_deltas_received_before_the_refetch() {
    let mut f = fixture();
    let plain = Delivery::default();
    f.send(&plain, f.like, 1.0);
    f.send(&plain, f.like, 1.0);
    let token = f.s.mark_refetch(f.ty, ID).unwrap();
    f.send(&plain, f.like, 1.0);
    // The base (fetched after the token) includes the first two deltas.
    f.s.set_base(f.ty, ID, &[(f.like, 42.0)], BaseMeta::AsOf(token))
        .unwrap();
    assert_eq!(f.like_value(), Some(43.0));
    assert_eq!(f.s.delta(f.ty, ID, f.like), 1.0);
    // A second answer to the same refetch is ignored; an unknown token is an error.
    assert!(
        !f.s.set_base(f.ty, ID, &[(f.like, 1.0)], BaseMeta::AsOf(token))
            .unwrap()
            .applied
    );
    assert!(f
        .s
        .set_base(f.ty, ID, &[(f.like, 1.0)], BaseMeta::AsOf(9_999))
        .is_err());
}

#[test]
fn projected_values_count_only_what_the_base_lacks() {
    let mut f = fixture();
    for n in 1..=4 {
        f.send(&seq(n), f.like, 1.0);
    }
    // A card rendering a base fetched at version 3, before it reaches the store.
    let shown =
        f.s.projected(f.ty, ID, f.like, 70.0, Some(BaseMeta::Version(3)));
    assert_eq!(shown, 71.0);
    assert_eq!(
        f.s.projected(f.ty, ID, f.like, 70.0, None),
        74.0,
        "no base held"
    );
    f.s.set_base(f.ty, ID, &[(f.like, 80.0)], BaseMeta::Version(4))
        .unwrap();
    // The store holds a newer base: it wins over the card's older one.
    assert_eq!(
        f.s.projected(f.ty, ID, f.like, 70.0, Some(BaseMeta::Version(3))),
        80.0
    );
    assert_eq!(f.s.projected(f.ty, ID, f.like, 70.0, None), 80.0);
}

#[test]
fn timestamped_snapshots_never_go_backwards() {
    let mut f = fixture();
    let seg = f.like;
    let out =
        f.s.apply_snapshot(
            f.ty,
            ID,
            &[(seg, 10.0)],
            SnapshotMeta::Timestamp(1000.0),
            5.0,
        )
        .unwrap();
    assert_eq!(out.changed, vec![seg]);
    let late =
        f.s.apply_snapshot(f.ty, ID, &[(seg, 7.0)], SnapshotMeta::Timestamp(900.0), 6.0)
            .unwrap();
    assert!(!late.applied);
    let same =
        f.s.apply_snapshot(
            f.ty,
            ID,
            &[(seg, 10.0), (f.heart, 1.0)],
            SnapshotMeta::Timestamp(1100.0),
            7.0,
        )
        .unwrap();
    assert_eq!(same.changed, vec![f.heart], "only what changed");
    assert_eq!(f.like_value(), Some(10.0));
    assert_eq!(f.s.last_updated(f.ty, ID), Some(7.0));
    let activity: Vec<_> = f.s.activity().collect();
    assert_eq!(activity.len(), 2);
    assert_eq!(activity[0].changed, vec![f.heart]);
}

#[test]
fn the_activity_ring_keeps_the_last_n() {
    let mut s = MetricStore::with_config(livemetrics::core::StoreConfig {
        activity_size: 3,
        ..Default::default()
    });
    let ty = s.entity_type("Image").unwrap();
    let like = s.metric("m", "likeCount").unwrap();
    for i in 0..10u32 {
        s.apply_snapshot(
            ty,
            EntityIdRef::Int(u64::from(i)),
            &[(like, 1.0)],
            SnapshotMeta::Timestamp(f64::from(i)),
            f64::from(i),
        )
        .unwrap();
    }
    let ids: Vec<String> = s.activity().map(|a| a.id.to_string()).collect();
    assert_eq!(ids, vec!["9", "8", "7"]);
}

#[test]
fn a_reconnect_marks_held_entities_stale() {
    let mut f = fixture();
    f.s.acquire_topic(f.ty, ID).unwrap();
    f.s.acquire_topic(f.ty, EntityIdRef::Int(2)).unwrap();
    f.s.release_topic(f.ty, EntityIdRef::Int(2));
    assert_eq!(f.s.mark_held_stale(), 1);
    let req = f.s.drain_resync();
    assert_eq!(req.len(), 1);
    assert_eq!(req[0].reason.as_str(), "reconnect");
    f.s.set_base(f.ty, ID, &[(f.like, 1.0)], BaseMeta::Version(1))
        .unwrap();
    assert!(!f.s.is_stale(f.ty, ID));
}

#[test]
fn a_long_ledger_folds_and_a_base_behind_the_fold_asks_for_a_resync() {
    let mut f = fixture();
    for n in 1..=400 {
        f.send(&seq(n), f.like, 1.0);
    }
    assert_eq!(f.s.delta(f.ty, ID, f.like), 400.0);
    // A base at 390 is newer than everything folded (1..=144): exact.
    f.s.set_base(f.ty, ID, &[(f.like, 1000.0)], BaseMeta::Version(390))
        .unwrap();
    assert_eq!(f.like_value(), Some(1010.0));
    assert!(!f.s.is_stale(f.ty, ID));

    let mut g = fixture();
    for n in 1..=400 {
        g.send(&seq(n), g.like, 1.0);
    }
    // A base at 100 is behind the fold: counts can't be split, so resync.
    g.s.set_base(g.ty, ID, &[(g.like, 500.0)], BaseMeta::Version(100))
        .unwrap();
    assert!(g.s.is_stale(g.ty, ID));
    assert_eq!(g.s.drain_resync()[0].reason.as_str(), "base-behind");
}

#[test]
fn clearing_a_metric_forgets_its_logged_deltas() {
    let mut f = fixture();
    f.send(&seq(1), f.like, 1.0);
    f.s.clear_metric(f.ty, ID, f.like);
    f.s.set_base(f.ty, ID, &[(f.like, 5.0)], BaseMeta::Version(0))
        .unwrap();
    assert_eq!(f.like_value(), Some(5.0));
}

#[test]
fn a_base_with_both_watermarks_covers_seqs_to_its_version_and_writes_confirmed_before_its_token() {
    use livemetrics::core::backoff::RetryPolicy;
    use livemetrics::core::mutation_steps::Ack;
    use livemetrics::core::optimistic::NewMutation;
    let mut f = fixture();
    f.s.set_base(f.ty, ID, &[(f.like, 10.0)], BaseMeta::Version(4))
        .unwrap();
    // The app's own write, confirmed by a response that carried no version.
    let policy = RetryPolicy {
        base_ms: 1000.0,
        factor: 2.0,
        max_retries: 0,
        timeout_ms: 1000.0,
        cap_ms: 1000.0,
        jitter: false,
    };
    f.s.begin_mutation(NewMutation {
        id: "m",
        ty: f.ty,
        entity: ID,
        updates: &[(f.like, 1.0)],
        policy,
        now: 0.0,
        resume: None,
    })
    .unwrap();
    f.s.attempt_started("m").unwrap();
    f.s.attempt_succeeded(
        "m",
        &Ack {
            version: None,
            values: None,
        },
    )
    .unwrap();
    assert_eq!(f.like_value(), Some(11.0));
    assert!(f.s.is_stale(f.ty, ID), "a versioned base could not tell");
    f.send(&seq(6), f.like, 1.0); // someone else's, after the write landed at 5
    let token = f.s.mark_refetch(f.ty, ID).unwrap();
    // The refetch came back at version 5: 10 + the app's write.
    let out =
        f.s.set_base(
            f.ty,
            ID,
            &[(f.like, 11.0)],
            BaseMeta::Both {
                version: 5,
                as_of: token,
            },
        )
        .unwrap();
    assert!(out.applied);
    assert_eq!(f.like_value(), Some(12.0), "the write once, seq 6 on top");
    assert!(!f.s.is_stale(f.ty, ID));
    // A plain versioned base alone would have counted the write again.
    let mut g = fixture();
    g.s.set_base(g.ty, ID, &[(g.like, 10.0)], BaseMeta::Version(4))
        .unwrap();
    assert!(
        g.s.set_base(
            g.ty,
            ID,
            &[(g.like, 1.0)],
            BaseMeta::Both {
                version: 5,
                as_of: 99
            }
        )
        .is_err(),
        "a token never issued is refused"
    );
}
