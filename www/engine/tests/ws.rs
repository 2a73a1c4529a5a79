//! WebSocket protocol: welcome, subscribe/unsubscribe acks, routing of deltas,
//! malformed frames, and cleanup of closed connections.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::*;
use futures_util::SinkExt;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

/// Collects `metric:update` deltas for `wait`, checking each one's shape and
/// skipping heartbeats (`{ entityType, entityId, version }`).
async fn updates_for(ws: &mut Ws, wait: Duration) -> Vec<Value> {
    let deadline = Instant::now() + wait;
    let mut out = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(frame) = try_next_frame(ws, left).await else {
            break;
        };
        for msg in frame.as_array().unwrap() {
            assert_eq!(msg["type"], "metric:update", "{msg}");
            let data = msg["data"].as_object().unwrap();
            let topic = format!(
                "metrics:{}:{}",
                data["entityType"].as_str().unwrap(),
                data["entityId"]
            );
            assert_eq!(msg["topic"], topic.as_str());
            if data.contains_key("version") {
                assert_eq!(data.len(), 3, "heartbeat: {msg}");
                continue;
            }
            assert!(data["seq"].as_u64().unwrap() >= 1, "{msg}");
            assert!(data["eventId"].as_str().unwrap().starts_with('e'), "{msg}");
            let fields = data.len() - 4;
            assert!((1..=2).contains(&fields), "{msg}");
            out.push(msg.clone());
        }
    }
    out
}

fn topics_of(updates: &[Value]) -> BTreeSet<String> {
    updates
        .iter()
        .map(|u| u["topic"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribe_receive_unsubscribe() {
    let server = start(|c| {
        c.rate = 300.0;
        c.tick_ms = 20;
    })
    .await;
    let addr = server.addr;
    let (mut ws, id) = ws_connect(addr).await;
    assert!(id >= 1);

    let wanted = ["metrics:Image:5", "metrics:Model:2", "metrics:Post:9"];
    let (set, early) = command(&mut ws, "subscribe", &wanted).await;
    assert!(early.is_empty(), "no deltas before the ack");
    let mut sorted = wanted.map(String::from).to_vec();
    sorted.sort();
    assert_eq!(set, sorted);
    // Idempotent: same set again, plus an unknown topic which is accepted.
    let (set, _) = command(
        &mut ws,
        "subscribe",
        &["metrics:Image:5", "metrics:Video:1"],
    )
    .await;
    assert_eq!(set.len(), 4);

    let got = updates_for(&mut ws, Duration::from_millis(600)).await;
    let seen = topics_of(&got);
    assert_eq!(
        seen,
        sorted.iter().cloned().collect::<BTreeSet<_>>(),
        "all and only subscribed topics"
    );

    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (status["connections"].as_u64(), status["topics"].as_u64()),
        (Some(1), Some(4))
    );

    // After the unsubscribe ack, that topic never appears again.
    let (set, _) = command(
        &mut ws,
        "unsubscribe",
        &["metrics:Image:5", "metrics:Video:1"],
    )
    .await;
    assert_eq!(set, ["metrics:Model:2", "metrics:Post:9"]);
    let got = updates_for(&mut ws, Duration::from_millis(500)).await;
    assert!(!got.is_empty());
    assert!(!topics_of(&got).contains("metrics:Image:5"));

    // Unsubscribing everything stops the stream.
    let (set, _) = command(
        &mut ws,
        "unsubscribe",
        &["metrics:Model:2", "metrics:Post:9"],
    )
    .await;
    assert!(set.is_empty());
    assert!(try_next_frame(&mut ws, Duration::from_millis(300))
        .await
        .is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_get_errors_and_the_connection_survives() {
    let server = start(|c| c.rate = 0.0).await;
    let (mut ws, _) = ws_connect(server.addr).await;
    let bad = [
        "not json".to_owned(),
        json!({ "type": "dance" }).to_string(),
        json!({ "type": "subscribe", "topics": "metrics:Image:1" }).to_string(),
        json!({ "type": "subscribe", "topics": [""] }).to_string(),
        json!({ "type": "subscribe", "topics": ["x".repeat(1000)] }).to_string(),
        json!([1, 2]).to_string(),
    ];
    for text in bad {
        ws.send(Message::Text(text.clone().into())).await.unwrap();
        let frame = next_frame(&mut ws).await;
        assert_eq!(frame[0]["type"], "error", "{text}");
        assert!(frame[0]["data"]["message"].is_string());
    }
    ws.send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    assert_eq!(next_frame(&mut ws).await[0]["type"], "error");
    let (set, _) = command(&mut ws, "subscribe", &["metrics:Image:1"]).await;
    assert_eq!(set, ["metrics:Image:1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_only_subscribers_and_closed_connections_are_forgotten() {
    let server = start(|c| {
        c.rate = 0.0;
        c.heartbeat_ms = 0;
    })
    .await;
    let addr = server.addr;
    let (mut a, _) = ws_connect(addr).await;
    let (mut b, _) = ws_connect(addr).await;
    command(&mut a, "subscribe", &["metrics:Image:5"]).await;
    command(&mut b, "subscribe", &["metrics:Image:6"]).await;

    let body = json!({ "entityType": "Image", "entityId": 5, "updates": { "Like": 1 } });
    assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
    let frame = next_frame(&mut a).await;
    assert_eq!(
        frame,
        json!([{ "type": "metric:update", "topic": "metrics:Image:5",
                 "data": { "entityType": "Image", "entityId": 5, "seq": 1, "eventId": "e1", "Like": 1 } }])
    );
    assert!(try_next_frame(&mut b, Duration::from_millis(200))
        .await
        .is_none());

    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (status["connections"].as_u64(), status["topics"].as_u64()),
        (Some(2), Some(2))
    );
    a.close(None).await.unwrap();
    drop(a);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let status = get_json(addr, "/api/control").await;
        if status["connections"] == 1 && status["topics"] == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "closed connection not cleaned up: {status}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_or_zero_rate_emits_nothing() {
    let server = start(|c| {
        c.rate = 500.0;
        c.tick_ms = 10;
        c.heartbeat_ms = 0;
    })
    .await;
    let addr = server.addr;
    control(addr, json!({ "paused": true })).await;
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &["metrics:Post:1"]).await;
    assert!(try_next_frame(&mut ws, Duration::from_millis(200))
        .await
        .is_none());
    control(addr, json!({ "paused": false, "rate": 0 })).await;
    assert!(try_next_frame(&mut ws, Duration::from_millis(200))
        .await
        .is_none());
    assert_eq!(get_json(addr, "/api/control").await["emitted"], 0);
    control(addr, json!({ "rate": 500 })).await;
    assert!(!updates_for(&mut ws, Duration::from_millis(200))
        .await
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_open_sockets() {
    let server = start(|c| c.rate = 100.0).await;
    let (mut ws, _) = ws_connect(server.addr).await;
    command(&mut ws, "subscribe", &["metrics:Model:1"]).await;
    let started = Instant::now();
    server.stop();
    // Drain deltas already queued, then the close arrives promptly.
    while try_next_frame(&mut ws, Duration::from_secs(5))
        .await
        .is_some()
    {}
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "socket not closed on shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sites_newer_topic_prefix_is_the_same_subscription() {
    let server = start(|c| {
        c.rate = 300.0;
        c.tick_ms = 20;
    })
    .await;
    let (mut ws, _) = ws_connect(server.addr).await;
    // `Metric:` (the site's newer code) and `metrics:` name one topic.
    let (set, _) = command(&mut ws, "subscribe", &["Metric:Image:5", "metrics:Image:5"]).await;
    assert_eq!(set, ["metrics:Image:5"]);
    let got = updates_for(&mut ws, Duration::from_millis(600)).await;
    assert!(!got.is_empty(), "deltas reach a Metric: subscriber");
    let (set, _) = command(&mut ws, "unsubscribe", &["Metric:Image:5"]).await;
    assert!(set.is_empty());
}
