//! Mutation faults: with 5xx, throttling, latency and lost responses
//! injected, a client that retries each logical vote with its idempotency key
//! until it gets a 200 ends with every vote applied exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const VOTES: usize = 200;
const EXPOSES: u32 = 24;
/// The client gives up on an attempt after this long and retries.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(500);

#[derive(Default)]
struct Tally {
    attempts: u64,
    timeouts: u64,
    unavailable: u64,
    throttled: u64,
}

/// Sends one logical vote until it gets a 200, always with the same key:
/// retries timeouts and 503s (with backoff) and 429s (after `Retry-After`).
async fn vote_until_ok(addr: SocketAddr, key: String, body: String) -> (Value, Tally) {
    let mut tally = Tally::default();
    let headers = [("Idempotency-Key", key.as_str())];
    loop {
        tally.attempts += 1;
        assert!(tally.attempts < 100, "{key}: no success after 100 attempts");
        let reply = request(
            addr,
            "POST",
            "/api/expose/vote",
            &headers,
            Some(&body),
            CLIENT_TIMEOUT,
        );
        let Some(reply) = reply.await else {
            tally.timeouts += 1;
            continue;
        };
        match reply.status {
            200 => return (reply.json(), tally),
            429 => {
                tally.throttled += 1;
                let secs: u64 = reply.header("retry-after").unwrap().parse().unwrap();
                tokio::time::sleep(Duration::from_secs(secs)).await;
            }
            503 => {
                tally.unavailable += 1;
                let backoff = 10 << tally.unavailable.min(4);
                tokio::time::sleep(Duration::from_millis(backoff)).await;
            }
            other => panic!("{key}: unexpected {other}: {}", reply.body),
        }
    }
}

/// Collects echoed mutation ids (`mutationId` → times seen) until `expected`
/// distinct ones arrived and the socket then stayed quiet.
async fn collect_echoes(mut ws: Ws, expected: usize) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let wait = if seen.len() < expected {
            deadline.saturating_duration_since(Instant::now())
        } else {
            Duration::from_millis(300)
        };
        let Some(frame) = try_next_frame(&mut ws, wait).await else {
            return seen;
        };
        for msg in frame.as_array().unwrap() {
            let id = msg["data"]["mutationId"].as_str().unwrap().to_owned();
            *seen.entry(id).or_default() += 1;
        }
    }
}

/// `(upvotes, downvotes)` per expose from `/api/truth`.
async fn votes(addr: SocketAddr) -> Vec<(f64, f64)> {
    let truth = get_json(addr, "/api/truth").await;
    (1..=EXPOSES)
        .map(|id| {
            let m = &truth[format!("Expose:{id}")];
            (
                m["upvotes"].as_f64().unwrap(),
                m["downvotes"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retried_votes_apply_exactly_once_despite_faults() {
    let server = quiet_server().await;
    let addr = server.addr;
    let before = votes(addr).await;
    let topics: Vec<String> = (1..=EXPOSES)
        .map(|id| format!("metrics:Expose:{id}"))
        .collect();
    let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &topics).await;
    let echoes = tokio::spawn(collect_echoes(ws, VOTES));
    let faults = json!({ "fail5xx": 0.5, "loseResponse": 0.3, "throttle": 0.1,
                         "latencyMs": 20, "lostResponseMs": 2000 });
    control(addr, faults).await;

    let started = Instant::now();
    let mut want = before.clone();
    let mut tasks = Vec::new();
    for i in 0..VOTES {
        let id = i as u32 % EXPOSES + 1;
        let up = i % 3 != 0;
        let slot = &mut want[id as usize - 1];
        if up {
            slot.0 += 1.0
        } else {
            slot.1 += 1.0
        }
        let vote_type = if up { "upvote" } else { "downvote" };
        let body = json!({ "exposeId": id, "voteType": vote_type }).to_string();
        tasks.push(tokio::spawn(vote_until_ok(addr, format!("vote-{i}"), body)));
    }
    let mut total = Tally::default();
    for (i, task) in tasks.into_iter().enumerate() {
        let (reply, tally) = task.await.unwrap();
        assert_eq!(reply["mutationId"], format!("vote-{i}"));
        assert!(reply["version"].as_u64().unwrap() >= 1);
        total.attempts += tally.attempts;
        total.timeouts += tally.timeouts;
        total.unavailable += tally.unavailable;
        total.throttled += tally.throttled;
    }
    let elapsed = started.elapsed();

    let after = votes(addr).await;
    assert_eq!(after, want, "every expose got exactly its votes");
    let sum = |v: &[(f64, f64)]| v.iter().map(|(u, d)| u + d).sum::<f64>();
    assert_eq!(sum(&after) - sum(&before), VOTES as f64);
    let versions = get_json(addr, "/api/versions").await;
    let steps: u64 = (1..=EXPOSES)
        .map(|id| versions[format!("Expose:{id}")].as_u64().unwrap())
        .sum();
    assert_eq!(steps, VOTES as u64, "one version step per vote");
    let echoes = echoes.await.unwrap();
    assert_eq!(echoes.len(), VOTES, "every vote echoed");
    assert!(echoes.values().all(|n| *n == 1), "no vote echoed twice");

    let status = get_json(addr, "/api/control").await;
    let count = |k: &str| status[k].as_u64().unwrap();
    eprintln!(
        "{VOTES} votes in {elapsed:?}: {} attempts, {} timeouts, {} 503s, {} 429s; engine: {status}",
        total.attempts, total.timeouts, total.unavailable, total.throttled
    );
    assert_eq!(count("mutations"), VOTES as u64);
    assert!(count("failed5xx") > 0 && count("throttled") > 0 && count("lostResponses") > 0);
    assert_eq!(count("failed4xx"), 0);
    // What the client saw is what the engine did (a slow answer could count
    // as a timeout, never the other way around).
    assert!(count("failed5xx") >= total.unavailable && total.unavailable > 0);
    assert!(count("throttled") >= total.throttled && total.throttled > 0);
    // Every lost response was retried and answered from the store.
    assert!(total.timeouts >= count("lostResponses"));
    assert!(count("idempotentReplays") >= count("lostResponses"));
    assert!(count("idempotentReplays") <= total.timeouts);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_and_lost_responses() {
    let server = quiet_server().await;
    let addr = server.addr;
    let (mut ws, _) = ws_connect(addr).await;
    command(&mut ws, "subscribe", &["metrics:Expose:2"]).await;
    let share = json!({ "exposeId": 2 }).to_string();
    let send = |key: &'static str, wait: Duration| {
        let body = share.clone();
        async move {
            let headers = [("Idempotency-Key", key)];
            request(
                addr,
                "POST",
                "/api/expose/share",
                &headers,
                Some(&body),
                wait,
            )
            .await
        }
    };

    control(addr, json!({ "latencyMs": 300 })).await;
    let started = Instant::now();
    let reply = send("slow", Duration::from_secs(5)).await.unwrap();
    let took = started.elapsed();
    assert_eq!(reply.status, 200);
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_millis(1500),
        "{took:?}"
    );
    next_frame(&mut ws).await;

    // Lost: applied and echoed, but the answer never comes in time.
    let status = control(
        addr,
        json!({ "latencyMs": 0, "loseResponse": 1, "lostResponseMs": 1500 }),
    )
    .await;
    assert_eq!(
        (&status["loseResponse"], &status["lostResponseMs"]),
        (&json!(1.0), &json!(1500))
    );
    assert!(send("lost", Duration::from_millis(300)).await.is_none());
    let echo = next_frame(&mut ws).await;
    assert_eq!(echo[0]["data"]["mutationId"], "lost");
    assert_eq!(read_metrics(addr, "Expose", 2).await.0, 2, "applied");
    let started = Instant::now();
    let retry = send("lost", Duration::from_secs(5)).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "a replay is not held"
    );
    assert_eq!((retry.status, &retry.json()["version"]), (200, &json!(2)));
    assert_eq!(retry.header("idempotent-replayed").as_deref(), Some("true"));
    // A patient client does get the held response in the end.
    let started = Instant::now();
    let late = send("late", Duration::from_secs(5)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!((late.status, &late.json()["version"]), (200, &json!(3)));
    let status = get_json(addr, "/api/control").await;
    assert_eq!(
        (&status["lostResponses"], &status["idempotentReplays"]),
        (&json!(2), &json!(1))
    );

    // Shutdown does not wait out a held response.
    control(addr, json!({ "lostResponseMs": 600_000 })).await;
    let held = tokio::spawn(send("held", Duration::from_secs(5)));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    server.stop();
    let reply = held.await.unwrap().expect("answered on shutdown");
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
}
