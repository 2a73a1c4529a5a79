//! Tests for `body`: control, event and mutation bodies.

use super::*;

fn field<T>(r: Result<T, FieldError>) -> String {
    r.err().map(|e| e.field).unwrap_or_default()
}

#[test]
fn control_bodies() {
    assert_eq!(control(b"{}").ok(), Some(ControlChange::default()));
    let c = control(br#"{"rate": 12.5, "paused": true, "gap": 0, "reorder": 1}"#).ok();
    assert_eq!(
        c,
        Some(ControlChange {
            rate: Some(12.5),
            paused: Some(true),
            gap: Some(0.0),
            reorder: Some(1.0),
            ..ControlChange::default()
        })
    );
    let c = control(br#"{"latencyMs": 20, "fail5xx": 0.5, "loseResponse": 1}"#).ok();
    assert_eq!(
        c,
        Some(ControlChange {
            latency_ms: Some(20),
            fail_5xx: Some(0.5),
            lose_response: Some(1.0),
            ..ControlChange::default()
        })
    );
    for (name, bad) in [
        ("latencyMs", "10001"),
        ("latencyMs", "1.5"),
        ("lostResponseMs", "-1"),
    ] {
        let body = format!("{{\"{name}\": {bad}}}");
        assert_eq!(field(control(body.as_bytes())), name);
    }
    for field in [
        "replay",
        "gap",
        "reorder",
        "fail5xx",
        "fail4xx",
        "throttle",
        "loseResponse",
    ] {
        for bad in ["1.5", "-0.1", "\"x\"", "null", "true"] {
            let body = format!("{{\"{field}\": {bad}}}");
            assert_eq!(
                control(body.as_bytes()).err().map(|e| e.field),
                Some(field.into())
            );
        }
    }
    assert_eq!(field(control(br#"{"rate": -1}"#)), "rate");
    assert_eq!(field(control(br#"{"rate": "fast"}"#)), "rate");
    assert_eq!(field(control(br#"{"paused": 1}"#)), "paused");
    assert_eq!(field(control(br#"{"speed": 1}"#)), "speed");
    assert_eq!(field(control(b"[1]")), "body");
    assert_eq!(field(control(b"{")), "body");
}

#[test]
fn event_bodies() {
    let e = event(br#"{"entityType":"Image","entityId":5,"updates":{"Like":1,"cryCount":-1}}"#);
    let want = Event {
        key: EntityKey::new(EntityType::Image, 5),
        updates: vec![("Like".into(), 1.0), ("cryCount".into(), -1.0)],
    };
    assert_eq!(e.ok(), Some(want));
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"entityType":"Video","entityId":1,"updates":{"x":1}}"#,
            "entityType",
        ),
        (br#"{"entityId":1,"updates":{"x":1}}"#, "entityType"),
        (
            br#"{"entityType":"Image","entityId":-1,"updates":{"x":1}}"#,
            "entityId",
        ),
        (
            br#"{"entityType":"Image","entityId":"1","updates":{"x":1}}"#,
            "entityId",
        ),
        (
            br#"{"entityType":"Image","entityId":1,"updates":{}}"#,
            "updates",
        ),
        (
            br#"{"entityType":"Image","entityId":1,"updates":{"likeCount":0.5}}"#,
            "updates.likeCount",
        ),
        (
            br#"{"entityType":"Image","entityId":1,"updates":{"likeCount":"1"}}"#,
            "updates.likeCount",
        ),
        (
            br#"{"entityType":"Image","entityId":1,"updates":{"likeCount":1e300}}"#,
            "updates.likeCount",
        ),
        (
            br#"{"entityType":"Image","entityId":1,"updates":{"x":1},"extra":1}"#,
            "extra",
        ),
    ];
    for (body, want) in cases {
        let got = field(event(body));
        assert_eq!(got, *want);
    }
}
