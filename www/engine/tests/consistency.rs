//! The property the demo and e2e tests rely on: a client that fetched the feed
//! before subscribing can rebuild the exact truth from the deltas it receives,
//! and never sees a delta for a topic after its unsubscribe was acknowledged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

type Totals = BTreeMap<String, BTreeMap<String, f64>>;

/// Adds one `metric:update` delta to running totals keyed like `/api/truth`.
fn add_update(totals: &mut Totals, msg: &Value) -> String {
    let data = msg["data"].as_object().unwrap();
    let key = entity_key(&msg["data"]);
    assert!(!is_heartbeat(msg), "{msg}");
    let entity = totals
        .get_mut(&key)
        .unwrap_or_else(|| panic!("unknown entity {key}"));
    let meta = ["entityType", "entityId", "seq", "eventId"];
    for (label, delta) in data.iter().filter(|(k, _)| !meta.contains(&k.as_str())) {
        let delta = delta.as_f64().unwrap();
        assert_eq!(delta.fract(), 0.0, "integer deltas: {msg}");
        let slot = entity
            .get_mut(canonical(label))
            .unwrap_or_else(|| panic!("unknown metric {label}"));
        *slot += delta;
        assert!(*slot >= 0.0, "truth went negative: {msg}");
    }
    key
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn base_plus_deltas_equals_truth() {
    let server = start(|c| c.rate = 0.0).await;
    let addr = server.addr;

    // Base snapshot first, then subscribe: nothing is emitted for these topics
    // before anyone subscribes, so the two line up exactly.
    let mut totals = feed_truth(&get_json(addr, "/api/feed").await);
    let topics = [
        "metrics:Image:1",
        "metrics:Image:2",
        "metrics:Image:3",
        "metrics:Model:1",
        "metrics:Model:50",
        "metrics:Post:7",
        "metrics:Post:60",
        "metrics:Image:100",
    ];
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &topics).await;

    // A second connection that keeps (un)subscribing to the same topics while
    // the storm runs: it must never see a topic outside its acked set.
    let (mut churn, _) = ws_connect(addr).await;
    let churner = tokio::spawn(async move {
        let mut received = 0;
        let mut current: BTreeSet<String> = BTreeSet::new();
        let deadline = Instant::now() + Duration::from_millis(1200);
        let mut i = 0;
        while Instant::now() < deadline {
            let topic = topics[i % topics.len()];
            let kind = if i % 3 == 2 {
                "unsubscribe"
            } else {
                "subscribe"
            };
            send(&mut churn, json!({ "type": kind, "topics": [topic] })).await;
            loop {
                let frame = next_frame(&mut churn).await;
                let mut acked = false;
                for msg in frame.as_array().unwrap() {
                    match msg["type"].as_str().unwrap() {
                        "metric:update" => {
                            let t = msg["topic"].as_str().unwrap();
                            assert!(
                                current.contains(t),
                                "delta for {t} outside acked set {current:?}"
                            );
                            received += 1;
                        }
                        "subscribed" => {
                            let set = msg["data"]["topics"].as_array().unwrap();
                            current = set.iter().map(|t| t.as_str().unwrap().to_owned()).collect();
                            acked = true;
                        }
                        other => panic!("unexpected {other}"),
                    }
                }
                if acked {
                    break;
                }
            }
            i += 1;
        }
        received
    });

    control(addr, json!({ "rate": 2000 })).await;
    // Deterministic deltas mixed into the storm.
    for id in [1, 2, 3] {
        let body = json!({ "entityType": "Image", "entityId": id, "updates": { "Like": 1, "commentCount": 2 } });
        assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
    }

    let mut per_topic: BTreeMap<String, usize> = BTreeMap::new();
    let mut received = 0;
    let deadline = Instant::now() + Duration::from_millis(1000);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(frame) = try_next_frame(&mut ws, left).await else {
            break;
        };
        for msg in frame.as_array().unwrap() {
            assert_eq!(msg["type"], "metric:update");
            if is_heartbeat(msg) {
                continue;
            }
            add_update(&mut totals, msg);
            *per_topic
                .entry(msg["topic"].as_str().unwrap().to_owned())
                .or_default() += 1;
            received += 1;
        }
    }
    let status = control(addr, json!({ "paused": true })).await;
    assert_eq!(status["paused"], true);

    // Drain what was generated before the pause took effect.
    while let Some(frame) = try_next_frame(&mut ws, Duration::from_millis(300)).await {
        for msg in frame
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !is_heartbeat(m))
        {
            add_update(&mut totals, msg);
            received += 1;
        }
    }
    let churned = churner.await.unwrap();

    let mut truth: Totals = serde_json::from_value(get_json(addr, "/api/truth").await).unwrap();
    // Exposes are in the truth but not in the feed.
    truth.retain(|key, _| !key.starts_with("Expose:"));
    for topic in topics {
        let key = topic.trim_start_matches("metrics:");
        assert_eq!(totals[key], truth[key], "{key} drifted");
    }
    // Untouched entities did not move.
    assert_eq!(totals, truth);

    assert!(received > 500, "only {received} deltas at 2000/s");
    assert_eq!(
        per_topic.len(),
        topics.len(),
        "every topic got deltas: {per_topic:?}"
    );
    assert!(churned > 0);
    let emitted = status["emitted"].as_u64().unwrap();
    assert!(emitted >= received as u64);
}
