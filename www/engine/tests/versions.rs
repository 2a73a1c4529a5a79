//! Versions: `seq` steps by one per event per entity, `eventId`s are unique,
//! reads carry the version they include (atomically with the values), and
//! heartbeats tell a client the current version.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

type Values = BTreeMap<String, f64>;

/// Metric deltas of a `metric:update` delta, by canonical name.
fn deltas_of(msg: &Value) -> Values {
    let meta = ["entityType", "entityId", "seq", "eventId"];
    msg["data"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !meta.contains(&k.as_str()))
        .map(|(k, v)| (canonical(k).to_owned(), v.as_f64().unwrap()))
        .collect()
}

/// `base` plus every delta with `seq <= upto`.
fn replay(base: &Values, log: &[(u64, Values)], upto: u64) -> Values {
    let mut out = base.clone();
    for (_, deltas) in log.iter().filter(|(seq, _)| *seq <= upto) {
        for (name, d) in deltas {
            *out.get_mut(name).unwrap() += d;
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seq_steps_by_one_and_reads_are_versioned_atomically() {
    let server = start(|c| {
        c.rate = 0.0;
        c.tick_ms = 10;
        c.heartbeat_ms = 0;
    })
    .await;
    let addr = server.addr;
    let base = feed_truth(&get_json(addr, "/api/feed").await);
    let topics = [
        "metrics:Image:1",
        "metrics:Image:2",
        "metrics:Model:3",
        "metrics:Post:4",
    ];
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &topics).await;
    control(addr, json!({ "rate": 3000 })).await;

    // Meanwhile, read one entity over and over: each read's values must be
    // exactly the base plus the deltas up to the version it reports.
    let reader = tokio::spawn(async move {
        let mut reads = Vec::new();
        let deadline = Instant::now() + Duration::from_millis(600);
        while Instant::now() < deadline {
            let one = get_json(addr, "/api/metrics/Image/1").await;
            reads.push((
                one["version"].as_u64().unwrap(),
                metrics_map(&one["metrics"]),
            ));
        }
        reads
    });
    for _ in 0..5 {
        let body =
            json!({ "entityType": "Image", "entityId": 2, "updates": { "Like": 1, "Cry": 1 } });
        assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
    }

    let mut log: BTreeMap<String, Vec<(u64, Values)>> = BTreeMap::new();
    let mut event_ids = BTreeSet::new();
    let mut collect = |frame: Value| {
        for msg in frame.as_array().unwrap() {
            assert!(!is_heartbeat(msg), "heartbeats are off: {msg}");
            let data = &msg["data"];
            assert!(
                event_ids.insert(data["eventId"].as_str().unwrap().to_owned()),
                "{msg}"
            );
            let seq = data["seq"].as_u64().unwrap();
            log.entry(entity_key(data))
                .or_default()
                .push((seq, deltas_of(msg)));
        }
    };
    let deadline = Instant::now() + Duration::from_millis(700);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match try_next_frame(&mut ws, left).await {
            Some(frame) => collect(frame),
            None => break,
        }
    }
    control(addr, json!({ "paused": true })).await;
    while let Some(frame) = try_next_frame(&mut ws, Duration::from_millis(200)).await {
        // The pause heartbeat is skipped; everything else is a delta.
        let frame: Vec<Value> = frame
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !is_heartbeat(m))
            .cloned()
            .collect();
        collect(Value::Array(frame));
    }

    // Without faults, each entity's seqs are exactly 1, 2, 3, … in order.
    let versions = get_json(addr, "/api/versions").await;
    let feed = get_json(addr, "/api/feed").await;
    let feed_versions: BTreeMap<String, u64> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (entity_key(i), i["version"].as_u64().unwrap()))
        .collect();
    let truth = feed_truth(&feed);
    for topic in topics {
        let key = topic.trim_start_matches("metrics:");
        let seqs: Vec<u64> = log[key].iter().map(|(s, _)| *s).collect();
        let n = seqs.len() as u64;
        assert!(n > 50, "{key}: only {n} events");
        assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "{key}");
        assert_eq!(versions[key], n, "{key}: version = events applied");
        assert_eq!(feed_versions[key], n, "{key}");
        assert_eq!(replay(&base[key], &log[key], n), truth[key], "{key}");
        let (ty, id) = key.split_once(':').unwrap();
        let one = get_json(addr, &format!("/api/metrics/{ty}/{id}")).await;
        assert_eq!(one["version"], n, "{key}");
    }
    // Untouched entities stayed at version 0.
    assert_eq!(versions["Image:3"], 0);
    assert_eq!(event_ids.len(), log.values().map(Vec::len).sum::<usize>());

    let reads = reader.await.unwrap();
    assert!(reads.len() > 10, "only {} reads", reads.len());
    assert!(reads.iter().any(|(v, _)| *v > 0) && reads.iter().any(|(v, _)| *v > 1));
    for (version, values) in &reads {
        let want = replay(&base["Image:1"], &log["Image:1"], *version);
        assert_eq!(*values, want, "read at version {version} is not atomic");
    }

    // One event is one version step, however many metrics it moves.
    for i in 1..=3 {
        let body = json!({ "entityType": "Post", "entityId": 9, "updates": { "viewCount": 2, "commentCount": 1 } });
        assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
        assert_eq!(get_json(addr, "/api/versions").await["Post:9"], i);
    }
    let body = json!({ "entityType": "Post", "entityId": 9, "updates": { "nope": 1 } });
    assert_eq!(post_json(addr, "/api/events", body).await.status, 400);
    assert_eq!(get_json(addr, "/api/metrics/Post/9").await["version"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_after_pause_carries_the_current_version() {
    let server = start(|c| {
        c.rate = 0.0;
        c.tick_ms = 10;
        c.heartbeat_ms = 0;
    })
    .await;
    let addr = server.addr;
    let (mut ws, _) = ws_connect(addr).await;
    let topics = [
        "metrics:Image:1",
        "metrics:Project:project-2",
        "metrics:Video:1",
    ];
    command(&mut ws, "subscribe", &topics).await;
    control(addr, json!({ "rate": 400 })).await;
    let mut last_snapshot = None;
    let mut storm = 0;
    let mut take = |frame: Value| {
        for msg in frame.as_array().unwrap() {
            match msg["type"].as_str().unwrap() {
                "projectStatsUpdate" => last_snapshot = Some(msg.clone()),
                _ => storm += 1,
            }
        }
    };
    let deadline = Instant::now() + Duration::from_millis(400);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(frame) = try_next_frame(&mut ws, left).await else {
            break;
        };
        take(frame);
    }
    control(addr, json!({ "rate": 0 })).await;
    while let Some(frame) = try_next_frame(&mut ws, Duration::from_millis(150)).await {
        take(frame);
    }
    // Let a final gap hide the last deltas: only the heartbeat can tell.
    control(addr, json!({ "gap": 1 })).await;
    for _ in 0..2 {
        let body = json!({ "entityType": "Image", "entityId": 1, "updates": { "Like": 1 } });
        assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
    }
    let status = control(addr, json!({ "paused": true })).await;
    assert_eq!(status["dropped"], 2);
    let mut beats = Vec::new();
    while let Some(frame) = try_next_frame(&mut ws, Duration::from_millis(200)).await {
        for msg in frame.as_array().unwrap() {
            match msg["type"].as_str().unwrap() {
                "projectStatsUpdate" => beats.push(msg.clone()),
                _ => {
                    assert!(is_heartbeat(msg), "the gap hid every delta: {msg}");
                    beats.push(msg.clone());
                }
            }
        }
    }
    assert!(
        storm > 0 && last_snapshot.is_some(),
        "the storm reached the client"
    );
    let version = get_json(addr, "/api/versions").await["Image:1"].clone();
    assert!(version.as_u64().unwrap() >= 2);
    let beat = json!({ "type": "metric:update", "topic": "metrics:Image:1",
                       "data": { "entityType": "Image", "entityId": 1, "version": version } });
    assert!(
        beats.contains(&beat),
        "no current-version heartbeat in {beats:?}"
    );
    // The project's heartbeat re-sends its latest snapshot, timestamp and all.
    let snapshot = beats
        .iter()
        .find(|m| m["type"] == "projectStatsUpdate")
        .unwrap();
    let project = get_json(addr, "/api/metrics/Project/project-2").await;
    assert_eq!(snapshot["data"]["timestamp"], project["timestamp"]);
    assert_eq!(
        snapshot["data"]["stats"]["lastUpdated"],
        project["lastUpdated"]
    );
    let last = last_snapshot.unwrap();
    assert!(snapshot["data"]["timestamp"].as_u64() >= last["data"]["timestamp"].as_u64());
    assert_eq!(
        beats.len(),
        2,
        "one per followed entity, none for unknown topics: {beats:?}"
    );

    // Periodic heartbeats keep coming while paused.
    let server = start(|c| c.heartbeat_ms = 50).await;
    let (mut ws, _) = ws_connect(server.addr).await;
    control(server.addr, json!({ "paused": true })).await;
    command(&mut ws, "subscribe", &["metrics:Post:3"]).await;
    for _ in 0..2 {
        let frame = next_frame(&mut ws).await;
        assert_eq!(
            frame,
            json!([{ "type": "metric:update", "topic": "metrics:Post:3",
                     "data": { "entityType": "Post", "entityId": 3, "version": 0 } }])
        );
    }
}
