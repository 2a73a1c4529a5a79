//! Mutation endpoints: once-only application per `Idempotency-Key`
//! (sequential and concurrent), the `mutationId` echo, and refused keys
//! retried later.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

/// The `metric:update` messages in the next frame.
async fn next_updates(ws: &mut Ws) -> Vec<Value> {
    let frame = next_frame(ws).await;
    frame.as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_endpoint_applies_once_and_echoes_its_mutation_id() {
    let server = quiet_server().await;
    let addr = server.addr;
    let (mut ws, _) = ws_connect(addr).await;
    command(
        &mut ws,
        "subscribe",
        &["metrics:Expose:3", "metrics:Image:2"],
    )
    .await;

    let cases = [
        (
            "/api/expose/vote",
            json!({ "exposeId": 3, "voteType": "upvote" }),
            "upvotes",
            1.0,
        ),
        (
            "/api/expose/vote",
            json!({ "exposeId": 3, "voteType": "downvote" }),
            "downvotes",
            1.0,
        ),
        (
            "/api/expose/view",
            json!({ "exposeId": 3, "sessionId": "s-1" }),
            "views",
            1.0,
        ),
        ("/api/expose/share", json!({ "exposeId": 3 }), "shares", 1.0),
        (
            "/api/expose/comment",
            json!({ "exposeId": 3, "increment": 4 }),
            "comments",
            4.0,
        ),
        (
            "/api/mutations",
            json!({ "entityType": "Image", "entityId": 2, "updates": { "Like": 2 } }),
            "likeCount",
            2.0,
        ),
    ];
    for (n, (path, body, metric, delta)) in cases.into_iter().enumerate() {
        let key = format!("m-{n}");
        let (ty, id) = match body.get("exposeId") {
            Some(id) => ("Expose", id.as_u64().unwrap() as u32),
            None => ("Image", 2),
        };
        let (version, before) = read_metrics(addr, ty, id).await;

        let reply = mutate(addr, path, &key, body.clone()).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        let got = reply.json();
        assert_eq!(
            (&got["ok"], &got["mutationId"]),
            (&json!(true), &json!(key))
        );
        assert_eq!(got["version"], version + 1, "{path}: one version step");
        let (now, after) = read_metrics(addr, ty, id).await;
        assert_eq!(
            (now, &after),
            (version + 1, &got["metrics"]),
            "absolute values"
        );
        let mut want = metrics_map(&before);
        *want.get_mut(metric).unwrap() += delta;
        assert_eq!(metrics_map(&after), want, "{path}: only {metric} moved");
        assert_eq!(got.get("counted").is_some(), path.ends_with("/view"));

        // The echo: one delta carrying the mutation id, seq = the version.
        let echo = next_updates(&mut ws).await;
        assert_eq!(echo.len(), 1, "{echo:?}");
        let data = &echo[0]["data"];
        assert_eq!(echo[0]["topic"], format!("metrics:{ty}:{id}"));
        assert_eq!(
            (&data["mutationId"], &data["seq"]),
            (&json!(key), &got["version"])
        );
        assert!(data["eventId"].as_str().unwrap().starts_with('e'));
        let label = if metric == "likeCount" {
            "Like"
        } else {
            metric
        };
        assert_eq!(data[label].as_f64(), Some(delta), "{data}");
        assert_eq!(data.as_object().unwrap().len(), 6, "{data}");

        // Same key again: the stored response, nothing applied, no echo.
        let again = mutate(addr, path, &key, body).await;
        assert_eq!((again.status, &again.body), (200, &reply.body));
        assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
        assert_eq!(read_metrics(addr, ty, id).await, (now, after));
    }
    assert!(try_next_frame(&mut ws, Duration::from_millis(300))
        .await
        .is_none());
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (&status["mutations"], &status["idempotentReplays"]),
        (&json!(6), &json!(6))
    );
    assert_eq!(status["emitted"], 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_key_applies_once_even_when_sent_concurrently() {
    let server = quiet_server().await;
    let addr = server.addr;
    let (version, before) = read_metrics(addr, "Expose", 5).await;
    let vote = json!({ "exposeId": 5, "voteType": "upvote" });
    let same: Vec<_> = (0..10)
        .map(|_| tokio::spawn(mutate(addr, "/api/expose/vote", "same", vote.clone())))
        .collect();
    let mut bodies = Vec::new();
    for task in same {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        bodies.push(reply.body);
    }
    bodies.dedup();
    assert_eq!(bodies.len(), 1, "every request got the one stored response");
    let (now, after) = read_metrics(addr, "Expose", 5).await;
    assert_eq!(now, version + 1);
    assert_eq!(
        after["upvotes"].as_f64().unwrap(),
        before["upvotes"].as_f64().unwrap() + 1.0
    );

    // A later request with the key but another body: still the stored one.
    let other = json!({ "exposeId": 6, "voteType": "downvote" });
    let reply = mutate(addr, "/api/expose/vote", "same", other).await;
    assert_eq!(reply.body, bodies[0]);
    assert_eq!(read_metrics(addr, "Expose", 6).await.0, 0);

    // Different keys apply separately.
    let distinct: Vec<_> = (0..10)
        .map(|i| {
            let key = format!("k-{i}");
            tokio::spawn(async move {
                let body = json!({ "exposeId": 5, "voteType": "upvote" });
                mutate(addr, "/api/expose/vote", &key, body).await
            })
        })
        .collect();
    let mut versions = Vec::new();
    for task in distinct {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 200);
        versions.push(reply.json()["version"].as_u64().unwrap());
    }
    versions.sort_unstable();
    assert_eq!(versions, (version + 2..=version + 11).collect::<Vec<_>>());
    let (_, after) = read_metrics(addr, "Expose", 5).await;
    assert_eq!(
        after["upvotes"].as_f64().unwrap(),
        before["upvotes"].as_f64().unwrap() + 11.0
    );
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (&status["mutations"], &status["idempotentReplays"]),
        (&json!(11), &json!(10))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_keys_apply_once_when_retried() {
    let server = quiet_server().await;
    let addr = server.addr;
    let share = || json!({ "exposeId": 1 });
    let refusals = [
        (json!({ "fail5xx": 1 }), 503),
        (json!({ "fail5xx": 0, "throttle": 1 }), 429),
        (json!({ "throttle": 0, "fail4xx": 1 }), 422),
    ];
    for (faults, status) in refusals {
        control(addr, faults).await;
        for _ in 0..2 {
            let reply = mutate(addr, "/api/expose/share", "retry-me", share()).await;
            assert_eq!(reply.status, status, "{}", reply.body);
            assert!(reply.json()["error"]
                .as_str()
                .unwrap()
                .contains("nothing was applied"));
            let retry_after = reply.header("retry-after");
            assert_eq!(retry_after.as_deref(), (status == 429).then_some("1"));
        }
    }
    assert_eq!(
        read_metrics(addr, "Expose", 1).await.0,
        0,
        "nothing applied"
    );
    control(addr, json!({ "fail4xx": 0 })).await;
    let reply = mutate(addr, "/api/expose/share", "retry-me", share()).await;
    assert_eq!((reply.status, &reply.json()["version"]), (200, &json!(1)));
    let again = mutate(addr, "/api/expose/share", "retry-me", share()).await;
    assert_eq!(again.body, reply.body);
    assert_eq!(read_metrics(addr, "Expose", 1).await.0, 1);
    let status = get_json(addr, "/api/control").await;
    let counts = [
        "failed5xx",
        "throttled",
        "failed4xx",
        "mutations",
        "idempotentReplays",
    ];
    let got: Vec<u64> = counts
        .iter()
        .map(|c| status[*c].as_u64().unwrap())
        .collect();
    assert_eq!(got, [2, 2, 2, 1, 1], "{status}");
}
