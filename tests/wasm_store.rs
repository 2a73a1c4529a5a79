//! The wasm binding, run in Node by wasm-bindgen-test-runner: numbers in and
//! out in the shapes `src/abi.rs` defines, errors as `[code, field, a, b,
//! text]` arrays, one id shape (text ids interned), lenient payloads.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use js_sys::Array;
use livemetrics::abi::{meta, stale_code, status, topic_change, STATS_FIELDS};
use livemetrics::core::error::ErrorCode;
use livemetrics::core::StaleReason;
use livemetrics::wasm::CoreStore;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const IMAGE: u32 = 4;
const LIKE: u32 = 13;
const HEART: u32 = 15;

/// `(code, field)` of an error value.
fn coded(e: &JsValue) -> (u32, String) {
    let a = Array::from(e);
    assert_eq!(a.length(), 5, "errors cross as [code, field, a, b, text]");
    (
        a.get(0).as_f64().unwrap() as u32,
        a.get(1).as_string().unwrap(),
    )
}

fn stat(s: &CoreStore, name: &str) -> f64 {
    s.stats()[STATS_FIELDS.iter().position(|f| *f == name).unwrap()]
}

#[wasm_bindgen_test]
fn deltas_cross_as_numbers_and_text_ids_as_handles() {
    let mut s = CoreStore::new(None, None, None, None);
    assert_eq!(s.entity_type_names()[IMAGE as usize], "Image");
    assert_eq!(s.metric_names()[LIKE as usize], "likeCount");
    assert_eq!(s.apply_one(IMAGE, 7.0, LIKE, 1.0), 1);
    assert_eq!(
        s.apply_many(IMAGE, 7.0, &[LIKE as f64, 2.0, HEART as f64, 1.0]),
        1
    );
    assert_eq!(s.delta(IMAGE, 7.0, LIKE), 3.0);
    assert_eq!(
        s.intern_text("7"),
        7.0,
        "a canonical integer text is the number"
    );
    let p = s.intern_text("project-1");
    assert!(p < 0.0);
    assert_eq!(s.intern_text("project-1"), p, "interned once");
    assert_eq!(s.apply_one(IMAGE, p, LIKE, 5.0), 1);
    assert_eq!(s.delta(IMAGE, p, LIKE), 5.0);
    assert_eq!(s.text_epoch(), 0);
}

#[wasm_bindgen_test]
fn errors_cross_as_codes_naming_the_field() {
    let mut s = CoreStore::new(None, None, None, None);
    let e = s.try_apply_one(IMAGE, f64::NAN, LIKE, 1.0).unwrap_err();
    assert_eq!(e.field, "entityId");
    assert_eq!(e.to_string(), "entityId must be a finite number (got NaN)");
    let e = s
        .try_apply_one(IMAGE, 1.0, LIKE, f64::INFINITY)
        .unwrap_err();
    assert_eq!(e.field, "updates.likeCount");
    let e = s.try_apply_one(70_000, 1.0, LIKE, 1.0).unwrap_err();
    assert_eq!(e.field, "entityType");
    let e = s
        .try_apply_many(IMAGE, 1.0, &[LIKE as f64, 1.0, 0.5, 1.0])
        .unwrap_err();
    assert_eq!(e.field, "updates");
    assert!(s.intern_text(&"x".repeat(257)).is_nan());
    assert_eq!(
        coded(&s.take_error()),
        (ErrorCode::TooLong as u32, "entityId".into())
    );
    let e = s.number_id_error(-3.0);
    assert_eq!(coded(&e), (ErrorCode::Negative as u32, "entityId".into()));
    assert!(s.number_id_error(3.0).is_undefined());
    // A negative number that is no live handle is refused, never aliased.
    assert_eq!(s.apply_one(IMAGE, -99.0, LIKE, 1.0), status::FAILED);
    s.take_error();
    // Nothing was written by any rejected call.
    assert_eq!(stat(&s, "keys"), 0.0);
    assert_eq!(s.apply_one(IMAGE, 1.0, LIKE, 1.0), 1);
}

#[wasm_bindgen_test]
fn hot_writes_return_failed_and_leave_the_error() {
    let mut s = CoreStore::new(None, None, None, None);
    assert_eq!(s.apply_one(IMAGE, 1.0, LIKE, 1.0), 1);
    assert!(s.take_error().is_undefined());
    assert_eq!(s.apply_one(IMAGE, 1.5, LIKE, 1.0), status::FAILED);
    assert_eq!(
        coded(&s.take_error()),
        (ErrorCode::NotInteger as u32, "entityId".into())
    );
    // Taken once.
    assert!(s.take_error().is_undefined());
    assert_eq!(s.apply_many(IMAGE, 1.0, &[LIKE as f64]), status::FAILED);
    assert_eq!(coded(&s.take_error()).1, "updates");
    let a = s.intern_text("a");
    assert_eq!(
        s.apply_many(IMAGE, a, &[LIKE as f64, f64::NAN]),
        status::FAILED
    );
    assert_eq!(
        coded(&s.take_error()),
        (ErrorCode::NotFinite as u32, "updates.likeCount".into())
    );
    assert!(
        s.delta(IMAGE, 0.5, LIKE).is_nan(),
        "a read of a bad id is NaN"
    );
    assert_eq!(coded(&s.take_error()).1, "entityId");
    assert_eq!(s.delta(IMAGE, 1.0, LIKE), 1.0);
}

#[wasm_bindgen_test]
fn signals_are_lenient_and_report_acceptance() {
    let mut s = CoreStore::new(None, None, None, None);
    let accepted = s.apply_signal(
        r#"{"entityType":"Image","entityId":3,"userId":1,"Like":1,"bogus":2}"#,
        Some(1.0),
    );
    assert_eq!(accepted & status::ACCEPTED, status::ACCEPTED);
    assert_eq!(s.delta(IMAGE, 3.0, LIKE), 1.0);
    let rejected = s.apply_signal(r#"{"entityType":"Nope","entityId":3,"likeCount":1}"#, None);
    assert_eq!(rejected & status::ACCEPTED, 0);
    assert_eq!(
        s.apply_signal("\"not an object\"", None) & status::ACCEPTED,
        0
    );
    assert_eq!(s.apply_signal("null", None) & status::ACCEPTED, 0);
    assert_eq!(s.apply_signal("{\"broken", None) & status::ACCEPTED, 0);
    let frame = r#"[{"entityType":"Image","entityId":"3","updates":{"heartCount":2}},5]"#;
    assert_eq!(s.apply_signals(frame, None), 1);
    assert_eq!(s.delta(IMAGE, 3.0, HEART), 2.0);
    assert_eq!(stat(&s, "signalsApplied"), 2.0);
    assert_eq!(stat(&s, "signalsRejected"), 5.0);
    // `bogus` is a metric name first seen here: learned (the status said so), not dropped.
    assert_eq!(stat(&s, "fieldsDropped"), 0.0);
    assert_eq!(stat(&s, "metricsLearned"), 1.0);
    assert!(s.metric_names().contains(&"bogus".to_string()));
    let learned = s.apply_signal(
        r#"{"entityType":"Image","entityId":3,"readerCount":1}"#,
        None,
    );
    assert_eq!(learned & status::VOCAB, status::VOCAB);
}

#[wasm_bindgen_test]
fn watched_cells_are_drained_after_the_call() {
    let mut s = CoreStore::new(None, None, None, None);
    let cell = s.cell(IMAGE, 1.0, LIKE);
    assert!(s.watch(cell));
    assert_eq!(s.apply_one(IMAGE, 2.0, LIKE, 1.0), 1);
    assert_eq!(s.apply_one(IMAGE, 1.0, LIKE, 1.0), 2);
    assert_eq!(s.drain_changes(), vec![cell]);
    assert!(s.drain_changes().is_empty());
    assert_eq!(s.cell_key(cell).unwrap(), "Image:1:likeCount");
    assert_eq!(s.entry_cells().len(), 2);
}

#[wasm_bindgen_test]
fn topics_drain_as_net_changes_of_type_and_id() {
    let mut s = CoreStore::new(None, None, None, None);
    assert_eq!(s.acquire_topic(IMAGE, 9.0).unwrap(), 1);
    assert_eq!(s.release_topic(IMAGE, 9.0).unwrap(), 0);
    let nine = s.intern_text("9");
    assert_eq!(s.acquire_topic(IMAGE, nine).unwrap(), 1);
    let changes = s.drain_topic_changes();
    assert_eq!(changes.length(), 3);
    assert_eq!(
        changes.get(0).as_f64(),
        Some(f64::from(topic_change::SUBSCRIBE))
    );
    assert_eq!(changes.get(1).as_f64(), Some(f64::from(IMAGE)));
    assert_eq!(changes.get(2).as_f64(), Some(9.0));
    let p = s.intern_text("p-1");
    s.acquire_topic(IMAGE, p).unwrap();
    s.drain_topic_changes();
    let active = s.active_topics();
    assert_eq!(active.length(), 4);
    assert_eq!(active.get(3).as_string().as_deref(), Some("p-1"));
    assert!(s.acquire_topic(IMAGE, 0.5).is_err());
}

#[wasm_bindgen_test]
fn registration_is_all_or_nothing() {
    let mut s = CoreStore::new(None, None, None, None);
    let bad = s.register_names(vec!["Project".into(), "not ok".into()], vec![], vec![]);
    assert_eq!(
        coded(&bad.unwrap_err()),
        (ErrorCode::InvalidName as u32, "entityType".into())
    );
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
    let mut s = CoreStore::new(None, Some(2), None, None);
    s.apply_signal(
        r#"{"entityType":"Image","entityId":1,"seq":4,"likeCount":1}"#,
        None,
    );
    // No watcher: effect CHANGED (1); applied: ACCEPTED.
    let out = s
        .set_base(
            IMAGE,
            1.0,
            &[f64::from(LIKE), 10.0],
            meta::VERSION,
            3.0,
            f64::NAN,
        )
        .unwrap();
    assert_eq!(out, vec![1 | status::ACCEPTED, LIKE]);
    assert_eq!(s.value(IMAGE, 1.0, LIKE).unwrap(), Some(11.0));
    let older = s
        .set_base(
            IMAGE,
            1.0,
            &[f64::from(LIKE), 1.0],
            meta::VERSION,
            2.0,
            f64::NAN,
        )
        .unwrap();
    assert_eq!(older, vec![0]);
    let e = s
        .set_base(
            IMAGE,
            1.0,
            &[f64::from(LIKE), 1.0],
            meta::VERSION,
            -2.0,
            f64::NAN,
        )
        .unwrap_err();
    assert_eq!(coded(&e).1, "meta.version");
    let p = s.intern_text("p-1");
    let snap = s
        .apply_snapshot(
            IMAGE,
            p,
            &[f64::from(HEART), 3.0],
            meta::TIMESTAMP,
            100.0,
            5.0,
        )
        .unwrap();
    assert_eq!(snap, vec![1 | status::ACCEPTED, HEART]);
    // [kind, type, id, at, n, codes…]
    let activity = s.activity();
    assert_eq!(activity.length(), 6);
    assert_eq!(activity.get(2).as_string().as_deref(), Some("p-1"));
    let gap = s.apply_signal(
        r#"{"entityType":"Image","entityId":1,"seq":9,"likeCount":1}"#,
        None,
    );
    assert_eq!(gap & status::RESYNC, status::RESYNC);
    let resync = s.drain_resync();
    assert_eq!(resync.length(), 3);
    assert_eq!(resync.get(1).as_f64(), Some(1.0));
    assert_eq!(
        resync.get(2).as_f64(),
        Some(f64::from(stale_code(StaleReason::Gap)))
    );
}

#[wasm_bindgen_test]
fn the_store_survives_encode_and_decode_and_refuses_corrupt_blobs() {
    let mut s = CoreStore::new(None, None, None, None);
    s.try_apply_one(IMAGE, 3.0, LIKE, 2.0).unwrap();
    let blob = s.encode();
    let mut r = CoreStore::new(None, None, None, None);
    r.decode(&blob).unwrap();
    assert_eq!(r.delta(IMAGE, 3.0, LIKE), 2.0);
    let e = r.decode("garbage").unwrap_err();
    assert!(coded(&e).1.starts_with("persisted state"));
    assert_eq!(r.delta(IMAGE, 3.0, LIKE), 2.0, "unchanged");
    // Node has no Web Storage: persistence reports itself unavailable.
    assert!(!s.persist_to(0, "k").unwrap());
    assert!(!r.restore_from(0, "k").unwrap());
}
