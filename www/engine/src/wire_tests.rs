//! Tests for `wire`: message encodings and client command parsing.

use super::*;
use crate::vocab::EntityType;

#[test]
fn messages_encode_as_documented() {
    let key = EntityKey::new(EntityType::Image, 5);
    let d = [
        Delta {
            metric: 0,
            label: "Like",
            amount: 1.0,
        },
        Delta {
            metric: 1,
            label: "heartCount",
            amount: -1.0,
        },
    ];
    let json = serde_json::to_string(&ServerMessage::metric_update(
        key,
        18,
        "e42".into(),
        None,
        &d,
    ));
    assert_eq!(
        json.unwrap(),
        r#"{"type":"metric:update","topic":"metrics:Image:5","data":{"entityType":"Image","entityId":5,"seq":18,"eventId":"e42","Like":1,"heartCount":-1}}"#
    );
    let json = serde_json::to_string(&ServerMessage::heartbeat(key, 18)).unwrap();
    assert_eq!(
        json,
        r#"{"type":"metric:update","topic":"metrics:Image:5","data":{"entityType":"Image","entityId":5,"version":18}}"#
    );
    let stats = Stats {
        images: 120,
        segmented: 80,
        pending: 30,
        failed: 10,
    };
    let snapshot = ServerMessage::project_stats(3, &stats, Operation::Upload, 1_795_000_000_123);
    assert_eq!(
        serde_json::to_string(&snapshot).unwrap(),
        r#"{"type":"projectStatsUpdate","topic":"metrics:Project:project-3","data":{"projectId":"project-3","stats":{"imageCount":120,"segmentedCount":80,"pendingCount":30,"failedCount":10,"lastUpdated":"2026-11-18T11:06:40.123Z"},"operation":"upload","timestamp":1795000000123}}"#
    );
    let json = serde_json::to_string(&ServerMessage::welcome(3)).unwrap();
    assert_eq!(json, r#"{"type":"welcome","data":{"connectionId":3}}"#);
    let json = serde_json::to_string(&ServerMessage::subscribed(vec!["a".into()])).unwrap();
    assert_eq!(json, r#"{"type":"subscribed","data":{"topics":["a"]}}"#);
    assert_eq!(frame(&["1", "2"]), "[1,2]");
    assert_eq!(frame::<&str>(&[]), "[]");
}

#[test]
fn client_messages_parse() {
    let m: ClientMessage = serde_json::from_str(r#"{"type":"subscribe","topics":["x"]}"#).unwrap();
    assert_eq!(
        m,
        ClientMessage::Subscribe {
            topics: vec!["x".into()]
        }
    );
    assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"nope"}"#).is_err());
    assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"subscribe","topics":"x"}"#).is_err());
}

#[test]
fn mutation_echo_carries_the_mutation_id() {
    let key = EntityKey::new(EntityType::Expose, 3);
    let d = [Delta {
        metric: 2,
        label: "upvotes",
        amount: 1.0,
    }];
    let message = ServerMessage::metric_update(key, 18, "e901".into(), Some("m-abc"), &d);
    assert_eq!(
        serde_json::to_string(&message).unwrap(),
        r#"{"type":"metric:update","topic":"metrics:Expose:3","data":{"entityType":"Expose","entityId":3,"seq":18,"eventId":"e901","mutationId":"m-abc","upvotes":1}}"#
    );
}
