//! The wasm binding, run in Node by wasm-bindgen-test-runner: numbers in and
//! out, errors as JS `Error`s with `field` and `reason`, lenient payloads.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use js_sys::Reflect;
use livemetrics::wasm::{CoreStore, FAILED};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const IMAGE: u32 = 4;
const LIKE: u32 = 13;
const HEART: u32 = 15;

fn prop(v: &JsValue, name: &str) -> String {
    Reflect::get(v, &name.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn deltas_cross_as_numbers() {
    let mut s = CoreStore::new(None, None, None);
    assert_eq!(s.entity_type_names()[IMAGE as usize], "Image");
    assert_eq!(s.metric_names()[LIKE as usize], "likeCount");
    assert_eq!(s.try_apply_one(IMAGE, 7.0, LIKE, 1.0).unwrap(), 1);
    assert_eq!(
        s.try_apply_many(IMAGE, 7.0, &[LIKE as f64, 2.0, HEART as f64, 1.0])
            .unwrap(),
        1
    );
    assert_eq!(s.delta(IMAGE, 7.0, LIKE).unwrap(), 3.0);
    assert_eq!(s.delta_str(IMAGE, "7", HEART).unwrap(), 1.0);
    assert_eq!(
        s.try_apply_one_str(IMAGE, "project-1", LIKE, 5.0).unwrap(),
        1
    );
    assert_eq!(s.delta_str(IMAGE, "project-1", LIKE).unwrap(), 5.0);
}

#[wasm_bindgen_test]
fn errors_are_js_errors_naming_field_and_reason() {
    let mut s = CoreStore::new(None, None, None);
    let e = s.try_apply_one(IMAGE, f64::NAN, LIKE, 1.0).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(prop(&e, "field"), "entityId");
    assert_eq!(prop(&e, "reason"), "must be a finite number (got NaN)");
    assert_eq!(prop(&e, "name"), "LiveMetricsError");
    let e = s
        .try_apply_one(IMAGE, 1.0, LIKE, f64::INFINITY)
        .unwrap_err();
    assert_eq!(prop(&e, "field"), "updates.likeCount");
    let e = s.try_apply_one(IMAGE, 1.5, LIKE, 1.0).unwrap_err();
    assert_eq!(prop(&e, "reason"), "must be an integer (got 1.5)");
    let e = s.try_apply_one(70_000, 1.0, LIKE, 1.0).unwrap_err();
    assert_eq!(prop(&e, "field"), "entityType");
    let e = s
        .try_apply_many(IMAGE, 1.0, &[LIKE as f64, 1.0, 0.5, 1.0])
        .unwrap_err();
    assert_eq!(prop(&e, "field"), "updates");
    let e = s
        .try_apply_one_str(IMAGE, &"x".repeat(257), LIKE, 1.0)
        .unwrap_err();
    assert_eq!(
        prop(&e, "reason"),
        "must be at most 256 characters (got 257)"
    );
    // Nothing was written by any rejected call.
    assert_eq!(s.stats()[4], 0.0);
    assert_eq!(s.try_apply_one(IMAGE, 1.0, LIKE, 1.0).unwrap(), 1);
}

#[wasm_bindgen_test]
fn hot_writes_return_failed_and_leave_the_error() {
    let mut s = CoreStore::new(None, None, None);
    assert_eq!(s.apply_one(IMAGE, 1.0, LIKE, 1.0), 1);
    assert!(s.take_error().is_undefined());
    assert_eq!(s.apply_one(IMAGE, 1.5, LIKE, 1.0), FAILED);
    let e = s.take_error();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(prop(&e, "field"), "entityId");
    // Taken once.
    assert!(s.take_error().is_undefined());
    assert_eq!(s.apply_one_str(IMAGE, "", LIKE, 1.0), FAILED);
    assert_eq!(prop(&s.take_error(), "field"), "entityId");
    assert_eq!(s.apply_many(IMAGE, 1.0, &[LIKE as f64]), FAILED);
    assert_eq!(prop(&s.take_error(), "field"), "updates");
    assert_eq!(
        s.apply_many_str(IMAGE, "a", &[LIKE as f64, f64::NAN]),
        FAILED
    );
    assert_eq!(prop(&s.take_error(), "field"), "updates.likeCount");
    assert_eq!(s.delta(IMAGE, 1.0, LIKE).unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn signals_are_lenient_and_report_acceptance() {
    let mut s = CoreStore::new(None, None, None);
    let accepted = s.apply_signal(
        r#"{"entityType":"Image","entityId":3,"userId":1,"Like":1,"bogus":2}"#,
        Some(1.0),
    );
    assert_eq!(accepted & 4, 4);
    assert_eq!(s.delta(IMAGE, 3.0, LIKE).unwrap(), 1.0);
    let rejected = s.apply_signal(r#"{"entityType":"Nope","entityId":3,"likeCount":1}"#, None);
    assert_eq!(rejected & 4, 0);
    assert_eq!(s.apply_signal("\"not an object\"", None) & 4, 0);
    assert_eq!(s.apply_signal("null", None) & 4, 0);
    assert_eq!(s.apply_signal("{\"broken", None) & 4, 0);
    let frame = r#"[{"entityType":"Image","entityId":"3","updates":{"heartCount":2}},5]"#;
    assert_eq!(s.apply_signals(frame, None), 1);
    assert_eq!(s.delta(IMAGE, 3.0, HEART).unwrap(), 2.0);
    let stats = s.stats();
    assert_eq!(stats[0], 2.0, "applied");
    assert_eq!(stats[1], 5.0, "rejected");
    assert_eq!(stats[2], 1.0, "dropped");
}

#[wasm_bindgen_test]
fn watched_cells_are_drained_after_the_call() {
    let mut s = CoreStore::new(None, None, None);
    let cell = s.cell(IMAGE, 1.0, LIKE).unwrap();
    assert!(s.watch(cell));
    assert_eq!(s.try_apply_one(IMAGE, 2.0, LIKE, 1.0).unwrap(), 1);
    assert_eq!(s.try_apply_one(IMAGE, 1.0, LIKE, 1.0).unwrap(), 2);
    assert_eq!(s.drain_changes(), vec![cell]);
    assert!(s.drain_changes().is_empty());
    assert_eq!(s.cell_key(cell).unwrap(), "Image:1:likeCount");
    assert_eq!(s.entry_cells().len(), 2);
}

#[wasm_bindgen_test]
fn topics_drain_as_net_changes() {
    let mut s = CoreStore::new(None, None, None);
    assert_eq!(s.acquire_topic(IMAGE, 9.0).unwrap(), 1);
    assert_eq!(s.release_topic(IMAGE, 9.0).unwrap(), 0);
    assert_eq!(s.acquire_topic_str(IMAGE, "9").unwrap(), 1);
    assert_eq!(
        s.drain_topic_changes(),
        vec!["+metrics:Image:9".to_string()]
    );
    assert!(s.acquire_topic(IMAGE, -1.0).is_err());
}

#[wasm_bindgen_test]
fn registration_is_all_or_nothing() {
    let mut s = CoreStore::new(None, None, None);
    let bad = s.register_names(vec!["Project".into(), "not ok".into()], vec![], vec![]);
    assert!(bad.is_err());
    assert!(!s.entity_type_names().contains(&"Project".to_string()));
    s.register_names(
        vec!["Project".into()],
        vec!["segmentedCount".into()],
        vec!["Segmented".into(), "segmentedCount".into()],
    )
    .unwrap();
    assert!(s.alias_pairs().contains(&"Segmented".to_string()));
}

#[wasm_bindgen_test]
fn bases_and_snapshots_report_applied_and_changed_fields() {
    let mut s = CoreStore::new(None, Some(2), None);
    let id = JsValue::from_f64(1.0);
    s.apply_signal(
        r#"{"entityType":"Image","entityId":1,"seq":4,"likeCount":1}"#,
        None,
    );
    // flags: effect 2? no watcher → 1; applied → 4.
    let out = s
        .set_base(IMAGE, id.clone(), &[f64::from(LIKE), 10.0], 0, 3.0)
        .unwrap();
    assert_eq!(out, vec![1 | 4, LIKE]);
    assert_eq!(s.value(IMAGE, id.clone(), LIKE).unwrap(), Some(11.0));
    let older = s
        .set_base(IMAGE, id.clone(), &[f64::from(LIKE), 1.0], 0, 2.0)
        .unwrap();
    assert_eq!(older, vec![0]);
    let e = s
        .set_base(IMAGE, id.clone(), &[f64::from(LIKE), 1.0], 0, -2.0)
        .unwrap_err();
    assert_eq!(prop(&e, "field"), "meta.version");
    let snap = s
        .apply_snapshot(
            IMAGE,
            JsValue::from_str("p-1"),
            &[f64::from(HEART), 3.0],
            2,
            100.0,
            5.0,
        )
        .unwrap();
    assert_eq!(snap, vec![1 | 4, HEART]);
    assert_eq!(s.activity().length(), 1);
    // A gap sets bit 3 (resync) on the signal result.
    let gap = s.apply_signal(
        r#"{"entityType":"Image","entityId":1,"seq":9,"likeCount":1}"#,
        None,
    );
    assert_eq!(gap & 8, 8);
    assert_eq!(
        s.drain_resync(),
        vec!["Image".to_string(), "1".to_string(), "gap".to_string()]
    );
}

#[wasm_bindgen_test]
fn the_store_survives_encode_and_decode_and_refuses_corrupt_blobs() {
    let mut s = CoreStore::new(None, None, None);
    s.try_apply_one(IMAGE, 3.0, LIKE, 2.0).unwrap();
    let blob = s.encode();
    let mut r = CoreStore::new(None, None, None);
    r.decode(&blob).unwrap();
    assert_eq!(r.delta(IMAGE, 3.0, LIKE).unwrap(), 2.0);
    let e = r.decode("garbage").unwrap_err();
    assert!(prop(&e, "field").starts_with("persisted state"));
    assert_eq!(r.delta(IMAGE, 3.0, LIKE).unwrap(), 2.0, "unchanged");
    // Node has no Web Storage: persistence reports itself unavailable.
    assert!(!s.persist_to(0, "k").unwrap());
    assert!(!r.restore_from(0, "k").unwrap());
}
