//! HTTP API: feed, metrics, truth, control and events, including bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_metrics_and_truth_agree() {
    let server = start(|_| {}).await;
    let addr = server.addr;
    assert_eq!(http(addr, "GET", "/healthz", None).await.body, "ok");

    let feed = get_json(addr, "/api/feed").await;
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 260 + 12);
    let types: BTreeSet<&str> = items
        .iter()
        .map(|i| i["entityType"].as_str().unwrap())
        .collect();
    assert_eq!(types, BTreeSet::from(["Image", "Model", "Post", "Project"]));
    // Interleaved, not grouped by type.
    let first: BTreeSet<&str> = items[..30]
        .iter()
        .map(|i| i["entityType"].as_str().unwrap())
        .collect();
    assert_eq!(first.len(), 4);
    // Nothing happened yet: every version is 0.
    assert!(items.iter().all(|i| i["version"] == 0), "fresh versions");
    let model = items.iter().find(|i| i["entityType"] == "Model").unwrap();
    let keys: Vec<&String> = model["metrics"].as_object().unwrap().keys().collect();
    let mut want = [
        "downloadCount",
        "collectedCount",
        "thumbsUpCount",
        "commentCount",
        "tippedAmount",
    ];
    want.sort();
    assert_eq!(keys, want);
    assert!(model["title"]
        .as_str()
        .unwrap()
        .starts_with(&format!("Model #{} · ", model["entityId"])));
    assert!(!model["author"].as_str().unwrap().is_empty());
    // Values are JSON integers.
    assert!(model["metrics"]["downloadCount"].is_u64());

    // Same seed, same feed.
    let again = get_json(addr, "/api/feed").await;
    assert_eq!(feed, again);

    // The truth also holds the 24 exposes, which are not in the feed.
    let mut truth = get_json(addr, "/api/truth").await;
    let truth = truth.as_object_mut().unwrap();
    assert_eq!(truth.len(), 272 + 24);
    truth.retain(|k, _| !k.starts_with("Expose:"));
    assert_eq!(
        feed_truth(&feed),
        serde_json::from_value(truth.clone().into()).unwrap()
    );
    let versions = get_json(addr, "/api/versions").await;
    let versions = versions.as_object().unwrap();
    assert_eq!(versions.len(), 272 + 24);
    assert_eq!(versions["Expose:24"], 0);
    assert_eq!(versions["Model:1"], 0);
    assert_eq!(versions["Project:project-12"], 0);

    let one = get_json(addr, "/api/metrics/Image/7").await;
    assert_eq!(one["entityType"], "Image");
    assert_eq!(one["entityId"], 7);
    assert_eq!(one["version"], 0);
    assert_eq!(one["metrics"].as_object().unwrap().len(), 6);

    // Projects: string ids, four counters that add up, a timestamp.
    let project = items.iter().find(|i| i["entityId"] == "project-3").unwrap();
    assert_eq!(project["entityType"], "Project");
    assert!(project["title"]
        .as_str()
        .unwrap()
        .starts_with("Project 3 · "));
    let m = metrics_map(&project["metrics"]);
    let names = [
        "failedCount",
        "imageCount",
        "pendingCount",
        "segmentedCount",
    ];
    assert_eq!(m.keys().map(String::as_str).collect::<Vec<_>>(), names);
    assert_eq!(
        m["imageCount"],
        m["segmentedCount"] + m["pendingCount"] + m["failedCount"]
    );
    let timestamp = project["timestamp"].as_u64().unwrap();
    assert!(timestamp > 1_700_000_000_000);
    let iso = project["lastUpdated"].as_str().unwrap();
    assert!(
        iso.len() == 24 && iso.ends_with('Z') && iso.starts_with("20"),
        "{iso}"
    );
    let one = get_json(addr, "/api/metrics/Project/project-3").await;
    assert_eq!(
        one,
        json!({ "entityType": "Project", "entityId": "project-3", "version": 0,
                "metrics": project["metrics"], "lastUpdated": iso, "timestamp": timestamp })
    );

    for path in [
        "/api/metrics/Image/999",
        "/api/metrics/Video/1",
        "/api/metrics/Image/x",
        "/api/metrics/Project/project-13",
        "/api/metrics/Project/project-03",
        "/api/metrics/Project/3",
        "/api/nope",
    ] {
        let reply = http(addr, "GET", path, None).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.json()["error"].is_string(), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_reports_and_validates() {
    let server = start(|c| c.rate = 40.0).await;
    let addr = server.addr;
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        status,
        json!({ "rate": 40.0, "paused": false, "emitted": 0, "snapshots": 0,
                "connections": 0, "topics": 0,
                "replay": 0.0, "gap": 0.0, "reorder": 0.0,
                "replayed": 0, "dropped": 0, "reordered": 0,
                "latencyMs": 0, "fail5xx": 0.0, "fail4xx": 0.0, "throttle": 0.0,
                "loseResponse": 0.0, "lostResponseMs": 20000,
                "mutations": 0, "idempotentReplays": 0, "failed5xx": 0,
                "failed4xx": 0, "throttled": 0, "lostResponses": 0 })
    );
    let status = control(addr, json!({ "replay": 0.5, "gap": 1, "reorder": 0 })).await;
    assert_eq!(
        (&status["replay"], &status["gap"], &status["reorder"]),
        (&json!(0.5), &json!(1.0), &json!(0.0))
    );
    let status = control(addr, json!({ "gap": 0 })).await;
    assert_eq!(
        (&status["replay"], &status["gap"]),
        (&json!(0.5), &json!(0.0))
    );

    let status = control(addr, json!({ "rate": 5, "paused": true })).await;
    assert_eq!(
        (status["rate"].as_f64(), status["paused"].as_bool()),
        (Some(5.0), Some(true))
    );
    let status = control(addr, json!({ "paused": false })).await;
    assert_eq!(
        (status["rate"].as_f64(), status["paused"].as_bool()),
        (Some(5.0), Some(false))
    );

    let bad = [
        (json!({ "rate": -1 }), "rate"),
        (json!({ "rate": "fast" }), "rate"),
        (json!({ "paused": "yes" }), "paused"),
        (json!({ "speed": 3 }), "speed"),
        (json!({ "replay": 1.5 }), "replay"),
        (json!({ "gap": "x" }), "gap"),
        (json!({ "reorder": -0.1 }), "reorder"),
        (json!({ "reorder": 0.5, "gap": 2 }), "gap"),
        (json!([1, 2]), "body"),
    ];
    for (body, field) in bad {
        let reply = post_json(addr, "/api/control", body.clone()).await;
        assert_eq!(reply.status, 400, "{body}");
        let err = reply.json();
        assert_eq!(err["field"], field, "{body}");
        assert!(err["error"].as_str().unwrap().contains(field));
    }
    let reply = http(addr, "POST", "/api/control", Some("{not json")).await;
    assert_eq!(
        (reply.status, reply.json()["field"].as_str()),
        (400, Some("body"))
    );
    // Nothing changed.
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (status["rate"].as_f64(), status["paused"].as_bool()),
        (Some(5.0), Some(false))
    );
    assert_eq!(
        (&status["replay"], &status["gap"], &status["reorder"]),
        (&json!(0.5), &json!(0.0), &json!(0.0))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_apply_and_reject_atomically() {
    let server = start(|c| c.rate = 0.0).await;
    let addr = server.addr;
    let before = get_json(addr, "/api/metrics/Image/5").await["metrics"].clone();

    let reply = post_json(
        addr,
        "/api/events",
        json!({ "entityType": "Image", "entityId": 5, "updates": { "likeCount": 1, "Heart": 2 } }),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["ok"], true);
    assert_eq!(get_json(addr, "/api/versions").await["Image:5"], 1);
    let after = &body["metrics"];
    assert_eq!(
        after["likeCount"].as_f64().unwrap(),
        before["likeCount"].as_f64().unwrap() + 1.0
    );
    assert_eq!(
        after["heartCount"].as_f64().unwrap(),
        before["heartCount"].as_f64().unwrap() + 2.0
    );
    assert_eq!(
        get_json(addr, "/api/metrics/Image/5").await["metrics"],
        *after
    );
    assert_eq!(get_json(addr, "/api/control").await["emitted"], 1);

    let truth = get_json(addr, "/api/truth").await;
    let bad = [
        (
            json!({ "entityType": "Video", "entityId": 1, "updates": { "likeCount": 1 } }),
            "entityType",
        ),
        (
            json!({ "entityType": "Image", "entityId": 9999, "updates": { "likeCount": 1 } }),
            "entityId",
        ),
        (
            json!({ "entityType": "Image", "entityId": 0, "updates": { "likeCount": 1 } }),
            "entityId",
        ),
        (
            json!({ "entityType": "Image", "entityId": 5, "updates": { "downloadCount": 1 } }),
            "updates.downloadCount",
        ),
        (
            json!({ "entityType": "Image", "entityId": 5, "updates": { "likeCount": 1.5 } }),
            "updates.likeCount",
        ),
        (
            json!({ "entityType": "Image", "entityId": 5, "updates": { "likeCount": null } }),
            "updates.likeCount",
        ),
        (
            json!({ "entityType": "Image", "entityId": 5, "updates": { "likeCount": -1e9 } }),
            "updates.likeCount",
        ),
        // A bad second field must not let the first one through.
        (
            json!({ "entityType": "Image", "entityId": 5, "updates": { "cryCount": 1, "zzz": 1 } }),
            "updates.zzz",
        ),
        (
            json!({ "entityType": "Image", "entityId": 5, "updates": {} }),
            "updates",
        ),
        (json!({ "entityType": "Image", "entityId": 5 }), "updates"),
    ];
    for (body, field) in bad {
        let reply = post_json(addr, "/api/events", body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.json()["field"], field, "{body}");
    }
    assert_eq!(
        get_json(addr, "/api/truth").await,
        truth,
        "rejected events changed the truth"
    );
}
