//! Lenient parsing and application of remote `metric:update` payloads.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use livemetrics::core::{parse_signals, std_numbers, EntityIdRef, MetricStore, SignalPayload};
use proptest::prelude::*;
use serde_json::{json, Value};

/// The payload as the package sends it: JSON text.
fn parse(v: Value) -> SignalPayload {
    let mut all = parse_signals(&v.to_string(), &std_numbers);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn delta(s: &MetricStore, ty: &str, id: EntityIdRef<'_>, metric: &str) -> f64 {
    s.delta(
        s.entity_type(ty).unwrap(),
        id,
        s.metric("m", metric).unwrap(),
    )
}

#[test]
fn flat_payloads_with_aliases_apply() {
    let mut s = MetricStore::new();
    let out = s.apply_signal(
        &parse(json!({
            "entityType": "Image", "entityId": 5, "userId": 9, "Like": 1, "heartCount": 2
        })),
        None,
    );
    assert!(out.accepted);
    assert_eq!(out.dropped, 0);
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(5), "likeCount"), 1.0);
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(5), "heartCount"), 2.0);
}

#[test]
fn nested_payloads_apply_and_string_ids_normalise() {
    let mut s = MetricStore::new();
    s.apply_signal(
        &parse(json!({
            "entityType": "Model", "entityId": "42", "updates": { "downloadCount": 3 }
        })),
        None,
    );
    assert_eq!(
        delta(&s, "Model", EntityIdRef::Int(42), "downloadCount"),
        3.0
    );
}

#[test]
fn bad_fields_are_dropped_and_counted_and_new_metric_names_are_learned() {
    let payload = json!({
        "entityType": "Image", "entityId": 1,
        "likeCount": 1, "bogusCount": 4, "heartCount": "2", "cryCount": null,
        "__proto__": 1, "constructor": 2, "updates": 7
    });
    let mut s = MetricStore::new();
    let out = s.apply_signal(&parse(payload.clone()), None);
    assert!(out.accepted);
    assert_eq!(out.dropped, 5);
    assert_eq!(s.stats().fields_dropped, 5);
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(1), "likeCount"), 1.0);
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(1), "heartCount"), 0.0);
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(1), "bogusCount"), 4.0);
    assert_eq!(s.vocab().learned_count(), 1);
    // A strict store learns nothing: the unknown name is dropped too.
    let mut strict = MetricStore::with_config(livemetrics::core::StoreConfig {
        learn_metrics: false,
        ..Default::default()
    });
    assert_eq!(strict.apply_signal(&parse(payload), None).dropped, 6);
    assert!(strict.vocab().metric_code("bogusCount").is_none());
}

#[test]
fn payloads_without_a_valid_entity_are_rejected_and_counted() {
    let mut s = MetricStore::new();
    for bad in [
        json!({ "entityType": "Nope", "entityId": 1, "likeCount": 1 }),
        json!({ "entityType": "Image", "entityId": -1, "likeCount": 1 }),
        json!({ "entityType": "Image", "entityId": 1.5, "likeCount": 1 }),
        json!({ "entityType": "Image", "entityId": "", "likeCount": 1 }),
        json!({ "entityType": "Image", "entityId": {}, "likeCount": 1 }),
        json!({ "entityType": 4, "entityId": 1, "likeCount": 1 }),
        json!({ "entityId": 1, "likeCount": 1 }),
        json!("metric:update"),
        json!([[1, 2, 3]]),
        json!(null),
    ] {
        let out = s.apply_signal(&parse(bad.clone()), None);
        assert!(!out.accepted, "{bad}");
    }
    assert_eq!(s.stats().signals_rejected, 10);
    assert_eq!(s.key_count(), 0);
}

#[test]
fn an_overflowing_field_is_dropped_the_rest_applies() {
    let mut s = MetricStore::new();
    s.apply_signal(
        &parse(json!({ "entityType": "Image", "entityId": 1, "likeCount": 1.7e308 })),
        None,
    );
    let out = s.apply_signal(
        &parse(
            json!({ "entityType": "Image", "entityId": 1, "likeCount": 1.7e308, "heartCount": 1 }),
        ),
        None,
    );
    assert_eq!(out.dropped, 1);
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(1), "heartCount"), 1.0);
    assert_eq!(
        delta(&s, "Image", EntityIdRef::Int(1), "likeCount"),
        1.7e308
    );
}

#[test]
fn seq_event_id_and_heartbeat_versions_are_read() {
    let mut s = MetricStore::new();
    let p = |v: Value| parse(v);
    s.apply_signal(
        &p(json!({ "entityType": "Image", "entityId": 1, "seq": 1, "eventId": "a", "likeCount": 1 })),
        None,
    );
    // The same event replayed (same eventId), and the same seq under another id.
    s.apply_signal(
        &p(json!({ "entityType": "Image", "entityId": 1, "seq": 1, "eventId": "a", "likeCount": 1 })),
        None,
    );
    s.apply_signal(
        &p(json!({ "entityType": "Image", "entityId": 1, "seq": 1, "eventId": "b", "likeCount": 1 })),
        None,
    );
    assert_eq!(delta(&s, "Image", EntityIdRef::Int(1), "likeCount"), 1.0);
    assert_eq!(s.stats().duplicates_dropped, 2);
    // A heartbeat at version 3: seqs 2 and 3 were missed.
    s.apply_signal(
        &p(json!({ "entityType": "Image", "entityId": 1, "version": 3 })),
        None,
    );
    assert!(s.is_stale(s.entity_type("Image").unwrap(), EntityIdRef::Int(1)));
    // Bad watermarks are dropped fields, not rejections.
    let out = s.apply_signal(
        &p(json!({ "entityType": "Image", "entityId": 2, "seq": -1, "eventId": {}, "likeCount": 1 })),
        None,
    );
    assert!(out.accepted);
    assert_eq!(out.dropped, 2);
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        any::<i64>().prop_map(|i| json!(i)),
        "[a-zA-Z_:]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("entityType"),
            Just("entityId"),
            Just("Image"),
            Just("likeCount"),
            Just("Like"),
            Just("updates"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("entityType".to_string()),
                        Just("entityId".to_string()),
                        Just("updates".to_string()),
                        Just("likeCount".to_string()),
                        Just("Heart".to_string()),
                        Just("seq".to_string()),
                        Just("eventId".to_string()),
                        Just("version".to_string()),
                        "[a-zA-Z_]{0,10}"
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any JSON value is parsed and applied without panicking, and every
    /// payload is counted exactly once as applied or rejected.
    #[test]
    fn any_json_payload_is_handled(values in prop::collection::vec(arb_json(), 1..8)) {
        let mut s = MetricStore::new();
        for v in &values {
            for p in parse_signals(&v.to_string(), &std_numbers) {
                s.apply_signal(&p, None);
            }
        }
        let stats = s.stats();
        // A top-level array is a frame: one payload per element.
        let payloads: usize = values.iter().map(|v| v.as_array().map_or(1, Vec::len)).sum();
        prop_assert_eq!(stats.signals_applied + stats.signals_rejected, payloads as u64);
        for e in s.entries() {
            prop_assert!(e.delta.is_finite());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// Arbitrary text (not just JSON) never panics the reader.
    #[test]
    fn any_text_is_handled(text in "\\PC{0,80}", junk in prop::collection::vec(any::<u8>(), 0..40)) {
        let mut s = MetricStore::new();
        for t in [text.clone(), String::from_utf8_lossy(&junk).into_owned()] {
            for p in parse_signals(&t, &std_numbers) {
                s.apply_signal(&p, None);
            }
        }
    }
}
