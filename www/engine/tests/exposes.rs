//! Exposes and mutation input: the `/api/exposes` list (kept out of the
//! feed), per-session view dedupe, and bad input that must change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exposes_are_listed_but_not_in_the_feed() {
    let server = quiet_server().await;
    let addr = server.addr;
    let list = get_json(addr, "/api/exposes").await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 24);
    let truth = get_json(addr, "/api/truth").await;
    let versions = get_json(addr, "/api/versions").await;
    for (i, item) in items.iter().enumerate() {
        let id = i as u64 + 1;
        assert_eq!(
            (&item["entityType"], &item["entityId"]),
            (&json!("Expose"), &json!(id))
        );
        let title = item["title"].as_str().unwrap();
        assert!(title.starts_with(&format!("Expose #{id} · ")), "{title}");
        assert!(!item["author"].as_str().unwrap().is_empty());
        assert_eq!(item["version"], 0);
        let m = metrics_map(&item["metrics"]);
        let names: Vec<&str> = m.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["comments", "downvotes", "shares", "upvotes", "views"]
        );
        assert!(item["metrics"]["views"].as_u64().unwrap() >= 1);
        assert!(m["upvotes"] >= m["downvotes"], "{m:?}");
        assert_eq!(truth[format!("Expose:{id}")], item["metrics"]);
        assert_eq!(versions[format!("Expose:{id}")], 0);
    }
    assert_eq!(read_metrics(addr, "Expose", 3).await.1, items[2]["metrics"]);
    let feed = get_json(addr, "/api/feed").await;
    let feed = feed["items"].as_array().unwrap();
    assert!(feed.iter().all(|i| i["entityType"] != "Expose"));
    assert_eq!(
        http(addr, "GET", "/api/metrics/Expose/25", None)
            .await
            .status,
        404
    );

    let small = start(|c| c.exposes = 3).await;
    let list = get_json(small.addr, "/api/exposes").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn views_count_once_per_session() {
    let server = quiet_server().await;
    let addr = server.addr;
    let view = |expose: u32, session: &str| json!({ "exposeId": expose, "sessionId": session });
    let (_, before) = read_metrics(addr, "Expose", 7).await;
    let views = |m: &Value| m["views"].as_f64().unwrap();
    let cases = [
        ("a", 7, "s1", true, 1.0),
        ("b", 7, "s1", false, 1.0),
        ("c", 7, "s2", true, 2.0),
        ("d", 7, "s1", false, 2.0),
    ];
    for (key, expose, session, counted, total) in cases {
        let reply = mutate(addr, "/api/expose/view", key, view(expose, session)).await;
        assert_eq!(reply.status, 200);
        let got = reply.json();
        assert_eq!(got["counted"], counted, "{key}");
        assert_eq!(views(&got["metrics"]), views(&before) + total, "{key}");
        assert_eq!(got["version"], total as u64, "a repeat view is no event");
    }
    // Per expose: the same session counts on another one.
    let reply = mutate(addr, "/api/expose/view", "e", view(8, "s1")).await;
    assert_eq!(reply.json()["counted"], true);
    // A replay returns the original outcome.
    let replay = mutate(addr, "/api/expose/view", "a", view(7, "s1")).await;
    assert_eq!(replay.json()["counted"], true);
    assert_eq!(read_metrics(addr, "Expose", 7).await.0, 2);
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (&status["mutations"], &status["idempotentReplays"]),
        (&json!(3), &json!(1))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_rejected_and_changes_nothing() {
    let server = quiet_server().await;
    let addr = server.addr;
    let truth = get_json(addr, "/api/truth").await;
    let versions = get_json(addr, "/api/versions").await;

    let vote = json!({ "exposeId": 1, "voteType": "upvote" }).to_string();
    let long = "k".repeat(129);
    for headers in [vec![], vec![("Idempotency-Key", long.as_str())]] {
        let reply = request(
            addr,
            "POST",
            "/api/expose/vote",
            &headers,
            Some(&vote),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
        assert_eq!(
            (reply.status, &reply.json()["field"]),
            (400, &json!("Idempotency-Key"))
        );
        assert!(reply.json()["error"]
            .as_str()
            .unwrap()
            .contains("Idempotency-Key"));
    }
    const VOTE: &str = "/api/expose/vote";
    const COMMENT: &str = "/api/expose/comment";
    const GENERIC: &str = "/api/mutations";
    let cases = [
        (
            VOTE,
            r#"{"exposeId":1,"voteType":"sideways"}"#,
            400,
            "voteType",
        ),
        (VOTE, r#"{"exposeId":1}"#, 400, "voteType"),
        (
            VOTE,
            r#"{"exposeId":25,"voteType":"upvote"}"#,
            404,
            "exposeId",
        ),
        (
            VOTE,
            r#"{"exposeId":0,"voteType":"upvote"}"#,
            404,
            "exposeId",
        ),
        (
            VOTE,
            r#"{"exposeId":"1","voteType":"upvote"}"#,
            400,
            "exposeId",
        ),
        ("/api/expose/share", r#"{"exposeId":99}"#, 404, "exposeId"),
        (
            "/api/expose/share",
            r#"{"exposeId":1,"extra":true}"#,
            400,
            "extra",
        ),
        (COMMENT, r#"{"exposeId":1,"increment":0}"#, 400, "increment"),
        (
            COMMENT,
            r#"{"exposeId":1,"increment":11}"#,
            400,
            "increment",
        ),
        (
            COMMENT,
            r#"{"exposeId":1,"increment":1.5}"#,
            400,
            "increment",
        ),
        ("/api/expose/view", r#"{"exposeId":1}"#, 400, "sessionId"),
        (
            "/api/expose/view",
            r#"{"exposeId":1,"sessionId":""}"#,
            400,
            "sessionId",
        ),
        (
            GENERIC,
            r#"{"entityType":"Project","entityId":1,"updates":{"x":1}}"#,
            400,
            "entityType",
        ),
        (
            GENERIC,
            r#"{"entityType":"Image","entityId":999,"updates":{"Like":1}}"#,
            400,
            "entityId",
        ),
        (
            GENERIC,
            r#"{"entityType":"Image","entityId":1,"updates":{"views":1}}"#,
            400,
            "updates.views",
        ),
        (GENERIC, "[1]", 400, "body"),
        (GENERIC, "{not json", 400, "body"),
    ];
    for (path, body, status, field) in cases {
        let headers = [("Idempotency-Key", "bad")];
        let reply = request(
            addr,
            "POST",
            path,
            &headers,
            Some(body),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
        assert_eq!(reply.status, status, "{path} {body}: {}", reply.body);
        let err = reply.json();
        assert_eq!(err["field"], field, "{path} {body}");
        assert!(err["error"].as_str().unwrap().contains(field), "{err}");
    }
    assert_eq!(get_json(addr, "/api/truth").await, truth, "truth unchanged");
    assert_eq!(get_json(addr, "/api/versions").await, versions);
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (&status["mutations"], &status["idempotentReplays"]),
        (&json!(0), &json!(0))
    );
    // Rejected requests stored nothing: the key is still fresh.
    let reply = mutate(
        addr,
        "/api/expose/vote",
        "bad",
        serde_json::from_str(&vote).unwrap(),
    )
    .await;
    assert_eq!((reply.status, &reply.json()["version"]), (200, &json!(1)));
    let reply = http(addr, "GET", "/api/expose/vote", None).await;
    assert_eq!(reply.status, 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emitter_moves_views_comments_and_shares_but_never_votes() {
    let server = start(|c| {
        c.rate = 400.0;
        c.tick_ms = 20;
        c.heartbeat_ms = 0;
    })
    .await;
    let (mut ws, _) = ws_connect(server.addr).await;
    command(
        &mut ws,
        "subscribe",
        &["metrics:Expose:1", "metrics:Expose:2"],
    )
    .await;
    let mut seen = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_millis(800);
    while let Some(frame) = try_next_frame(&mut ws, Duration::from_millis(300)).await {
        for msg in frame.as_array().unwrap() {
            let data = msg["data"].as_object().unwrap();
            assert!(!data.contains_key("mutationId"), "{msg}");
            let meta = ["entityType", "entityId", "seq", "eventId"];
            seen.extend(data.keys().filter(|k| !meta.contains(&k.as_str())).cloned());
        }
        if Instant::now() > deadline {
            break;
        }
    }
    let want = ["comments", "shares", "views"].map(String::from);
    assert_eq!(seen, want.into(), "only these move on their own");
}
