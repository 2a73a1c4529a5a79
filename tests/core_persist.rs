//! Session persistence: encode → restore gives the same numbers; anything
//! corrupt or foreign is refused as a whole.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use livemetrics::core::{
    BaseMeta, Delivery, EntityIdRef, EventId, MetricStore, SnapshotMeta, StoreConfig,
};
use proptest::prelude::*;

fn sample() -> MetricStore {
    let mut s = MetricStore::new();
    s.vocab_mut().register_entity_type("Project").unwrap();
    s.vocab_mut().register_metric("segmentedCount").unwrap();
    s.vocab_mut()
        .register_alias("Segmented", "segmentedCount")
        .unwrap();
    let img = s.entity_type("Image").unwrap();
    let like = s.metric("m", "likeCount").unwrap();
    let tip = s.metric("m", "tippedAmount").unwrap();
    let proj = s.entity_type("Project").unwrap();
    let seg = s.metric("m", "segmentedCount").unwrap();
    s.set_base(
        img,
        EntityIdRef::Int(1),
        &[(like, 100.0)],
        BaseMeta::Version(3),
    )
    .unwrap();
    for seq in [4, 5, 8] {
        let d = Delivery {
            seq: Some(seq),
            event_id: Some(EventId::Text(format!("e{seq}"))),
            now: Some(1.5),
        };
        s.apply_delivery(img, EntityIdRef::Int(1), &[(like, 1.0)], &d)
            .unwrap();
    }
    for _ in 0..10 {
        s.apply(img, EntityIdRef::Str("x\u{e9}"), &[(tip, 0.1)])
            .unwrap();
    }
    s.apply_snapshot(
        proj,
        EntityIdRef::Str("project-123"),
        &[(seg, 7.0)],
        SnapshotMeta::Timestamp(1000.0),
        2.0,
    )
    .unwrap();
    s
}

#[test]
fn a_restored_store_shows_the_same_numbers() {
    let s = sample();
    let blob = s.encode();
    let r = MetricStore::restore(&blob, StoreConfig::default()).unwrap();
    let img = r.entity_type("Image").unwrap();
    let like = r.metric("m", "likeCount").unwrap();
    let tip = r.metric("m", "tippedAmount").unwrap();
    let one = EntityIdRef::Int(1);
    assert_eq!(r.value(img, one, like), Some(103.0));
    assert!(r.is_stale(img, one), "the gap before seq 8 survives");
    assert_eq!(r.delta(img, EntityIdRef::Str("x\u{e9}"), tip), 1.0);
    let proj = r.entity_type("Project").unwrap();
    let seg = r.metric("m", "Segmented").unwrap();
    assert_eq!(
        r.value(proj, EntityIdRef::Str("project-123"), seg),
        Some(7.0)
    );
    assert_eq!(r.last_updated(img, one), Some(1.5));
    // The watermark, ledger and dedupe window came back too.
    let mut r = r;
    let replay = Delivery {
        seq: Some(5),
        ..Delivery::default()
    };
    r.apply_delivery(img, one, &[(like, 1.0)], &replay).unwrap();
    let by_id = Delivery {
        event_id: Some(EventId::Text("e8".into())),
        ..Delivery::default()
    };
    r.apply_delivery(img, one, &[(like, 1.0)], &by_id).unwrap();
    assert_eq!(r.value(img, one, like), Some(103.0));
    r.set_base(img, one, &[(like, 104.0)], BaseMeta::Version(5))
        .unwrap();
    assert_eq!(r.value(img, one, like), Some(105.0), "seq 8 still counts");
    assert_eq!(r.encode().lines().next(), blob.lines().next());
}

#[test]
fn corrupt_or_foreign_blobs_are_refused() {
    let blob = sample().encode();
    for bad in [
        String::new(),
        "{\"some\":\"json\"}".to_string(),
        "livemetrics-store\t99".to_string(),
        blob.replace("\tImage\t", "\tWidget\t"),
        blob.replace("C\tlikeCount", "C\tnopeCount"),
        blob.replacen("T\t", "T\tx", 1),
        format!("{blob}Z\tjunk\n"),
        blob.replace("\t4059000000000000\t", "\tzz\t"),
        blob.replace("\t4059000000000000\t", "\t7ff0000000000000\t"),
    ] {
        assert_ne!(bad, blob, "each case must change the blob");
        assert!(
            MetricStore::restore(&bad, StoreConfig::default()).is_err(),
            "{bad:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Any edit of a valid blob either restores or is refused; never a panic.
    #[test]
    fn mangled_blobs_never_panic(cut in 0usize..2000, junk in "[\\t\\n0-9a-zA-Z:,.-]{0,12}") {
        let blob = sample().encode();
        let at = blob.char_indices().map(|(i, _)| i).nth(cut % blob.chars().count()).unwrap_or(0);
        let mangled = format!("{}{}{}", &blob[..at], junk, &blob[at..]);
        let _ = MetricStore::restore(&mangled, StoreConfig::default());
    }
}
