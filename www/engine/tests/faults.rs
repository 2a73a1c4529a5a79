//! With replays, gaps and reordering injected, a client that follows the
//! reconciliation rules still ends exactly at the truth:
//! - deltas: dedupe by `eventId`/`seq`, drop `seq <= base version`, and on a
//!   missing seq refetch `/api/metrics` and keep only deltas above its version;
//! - snapshots: keep the one with the highest `timestamp`.
//!
//! The faults must also really happen, counted by the engine and seen on the wire.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

type Values = BTreeMap<String, f64>;

/// One numeric entity as a reconciling client holds it.
#[derive(Default)]
struct Entity {
    base: Values,
    /// The last seq the base includes.
    version: u64,
    /// Deltas above the base, by seq.
    deltas: BTreeMap<u64, Values>,
    /// Every seq that ever arrived (for checking gaps on the wire).
    arrived: BTreeSet<u64>,
    max_seq: u64,
    heartbeat: u64,
    refetched: bool,
}

impl Entity {
    fn value(&self) -> Values {
        let mut out = self.base.clone();
        for deltas in self.deltas.values() {
            for (name, d) in deltas {
                *out.get_mut(name).unwrap() += d;
            }
        }
        out
    }

    fn complete_to(&self, version: u64) -> bool {
        (self.version + 1..=version).all(|s| self.deltas.contains_key(&s))
    }

    fn rebase(&mut self, read: &Value) {
        self.base = metrics_map(&read["metrics"]);
        self.version = read["version"].as_u64().unwrap();
        let version = self.version;
        self.deltas.retain(|seq, _| *seq > version);
    }
}

#[derive(Default)]
struct Client {
    entities: BTreeMap<String, Entity>,
    event_ids: BTreeSet<String>,
    /// Project id → (timestamp, stats) of the newest snapshot seen.
    newest: BTreeMap<String, (u64, Value)>,
    replays_seen: u64,
    late_seen: u64,
    snapshots: u64,
}

impl Client {
    /// Applies one message; returns an entity to refetch, if a gap showed.
    fn apply(&mut self, msg: &Value) -> Option<String> {
        let data = &msg["data"];
        if msg["type"] == "projectStatsUpdate" {
            let ts = data["timestamp"].as_u64().unwrap();
            let stats = &data["stats"];
            let n = |k: &str| stats[k].as_u64().unwrap();
            assert_eq!(
                n("imageCount"),
                n("segmentedCount") + n("pendingCount") + n("failedCount")
            );
            let id = data["projectId"].as_str().unwrap().to_owned();
            self.snapshots += 1;
            match self.newest.get(&id) {
                Some((newest, _)) if ts < *newest => self.late_seen += 1,
                Some((newest, old)) if ts == *newest => {
                    assert_eq!(old, stats, "same timestamp, same stats")
                }
                _ => {
                    self.newest.insert(id, (ts, stats.clone()));
                }
            }
            return None;
        }
        let key = entity_key(data);
        let entity = self.entities.get_mut(&key).unwrap();
        if is_heartbeat(msg) {
            let version = data["version"].as_u64().unwrap();
            assert!(version >= entity.heartbeat, "heartbeats never go back");
            entity.heartbeat = version;
            return None;
        }
        let seq = data["seq"].as_u64().unwrap();
        if !self
            .event_ids
            .insert(data["eventId"].as_str().unwrap().to_owned())
        {
            assert!(entity.arrived.contains(&seq), "a replay repeats its seq");
            self.replays_seen += 1;
            return None;
        }
        assert!(
            entity.arrived.insert(seq),
            "a new eventId never reuses a seq: {msg}"
        );
        if seq < entity.max_seq {
            self.late_seen += 1;
        }
        let gap = seq > entity.max_seq + 1;
        entity.max_seq = entity.max_seq.max(seq);
        if seq > entity.version {
            let meta = ["entityType", "entityId", "seq", "eventId"];
            let deltas = data
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| !meta.contains(&k.as_str()));
            let deltas = deltas.map(|(k, v)| (canonical(k).to_owned(), v.as_f64().unwrap()));
            entity.deltas.insert(seq, deltas.collect());
        }
        // A real client refetches on a jump; once per entity keeps this quick.
        (gap && !entity.refetched).then_some(key)
    }

    async fn refetch(&mut self, addr: SocketAddr, key: &str) {
        let (ty, id) = key.split_once(':').unwrap();
        let read = get_json(addr, &format!("/api/metrics/{ty}/{id}")).await;
        let entity = self.entities.get_mut(key).unwrap();
        entity.rebase(&read);
        entity.refetched = true;
    }

    async fn take(&mut self, addr: SocketAddr, frame: Value) {
        for msg in frame.as_array().unwrap() {
            if let Some(key) = self.apply(msg) {
                self.refetch(addr, &key).await;
            }
        }
    }
}

/// Feeds the client for `ms` at the current settings, then pauses and drains
/// (held messages go out with the pause, replays on the next tick).
async fn storm(ws: &mut Ws, client: &mut Client, addr: SocketAddr, ms: u64) -> Value {
    let deadline = Instant::now() + Duration::from_millis(ms);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(frame) = try_next_frame(ws, left).await else {
            break;
        };
        client.take(addr, frame).await;
    }
    control(addr, json!({ "paused": true })).await;
    while let Some(frame) = try_next_frame(ws, Duration::from_millis(300)).await {
        client.take(addr, frame).await;
    }
    get_json(addr, "/api/control").await
}

/// Ends every entity at the truth, refetching where a seq is missing.
/// Returns how many were exact without a refetch, and the seqs never seen.
async fn reconcile(client: &mut Client, addr: SocketAddr, keys: &[&str]) -> (usize, u64) {
    let truth: BTreeMap<String, Values> =
        serde_json::from_value(get_json(addr, "/api/truth").await).unwrap();
    let versions = get_json(addr, "/api/versions").await;
    let (mut exact, mut missing) = (0, 0);
    for &key in keys {
        let entity = client.entities.get_mut(key).unwrap();
        let version = versions[key].as_u64().unwrap();
        assert_eq!(
            entity.heartbeat, version,
            "{key}: the pause heartbeat has the current version"
        );
        missing += (1..=version)
            .filter(|s| !entity.arrived.contains(s))
            .count() as u64;
        if entity.complete_to(version) {
            assert_eq!(entity.value(), truth[key], "{key}: base + deltas");
            exact += 1;
        } else {
            // A seq is missing (maybe the last one: only the heartbeat shows it).
            let (ty, id) = key.split_once(':').unwrap();
            entity.rebase(&get_json(addr, &format!("/api/metrics/{ty}/{id}")).await);
        }
        assert_eq!(entity.value(), truth[key], "{key} drifted");
    }
    (exact, missing)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_reconciles_exactly_despite_replays_gaps_and_reordering() {
    let server = start(|c| {
        c.rate = 0.0;
        c.tick_ms = 20;
    })
    .await;
    let addr = server.addr;
    let feed = get_json(addr, "/api/feed").await;
    let numeric = [
        "Image:1",
        "Image:2",
        "Image:3",
        "Model:1",
        "Model:50",
        "Post:7",
        "Post:60",
        "Image:100",
    ];
    let projects = ["project-1", "project-5", "project-12"];
    let mut client = Client::default();
    for item in feed["items"].as_array().unwrap() {
        let key = entity_key(item);
        if numeric.contains(&key.as_str()) {
            let entity = client.entities.entry(key).or_default();
            entity.rebase(item);
        }
    }
    let mut topics: Vec<String> = numeric.iter().map(|k| format!("metrics:{k}")).collect();
    topics.extend(projects.iter().map(|p| format!("metrics:Project:{p}")));
    let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
    let (mut ws, _) = ws_connect(addr).await;
    let (_, early) = command(&mut ws, "subscribe", &topics).await;
    assert!(early.is_empty());

    control(
        addr,
        json!({ "rate": 2000, "replay": 0.2, "gap": 0.2, "reorder": 0.2 }),
    )
    .await;
    for id in [1, 2, 3] {
        let body = json!({ "entityType": "Image", "entityId": id, "updates": { "Like": 1, "commentCount": 2 } });
        assert_eq!(post_json(addr, "/api/events", body).await.status, 200);
    }
    let status = storm(&mut ws, &mut client, addr, 1000).await;
    let (exact, missing) = reconcile(&mut client, addr, &numeric).await;
    for id in projects {
        let (_, stats) = &client.newest[id];
        let read = get_json(addr, &format!("/api/metrics/Project/{id}")).await;
        let mut want = read["metrics"].clone();
        want["lastUpdated"] = read["lastUpdated"].clone();
        assert_eq!(*stats, want, "{id}: newest snapshot = truth");
        assert_eq!(client.newest[id].0, read["timestamp"].as_u64().unwrap());
    }

    // The faults happened, and exactly as counted (one connection, always
    // subscribed): every withheld delta is a seq that never arrived, every
    // replay a repeated eventId, every reorder a message older than one
    // already received for its topic.
    let count = |k: &str| status[k].as_u64().unwrap();
    eprintln!(
        "faults: {status}; {} snapshots; {exact} exact",
        client.snapshots
    );
    assert!(count("replayed") > 0 && count("dropped") > 0 && count("reordered") > 0);
    assert_eq!(client.replays_seen, count("replayed"));
    assert_eq!(missing, count("dropped"));
    assert_eq!(client.late_seen, count("reordered"));
    assert!(count("snapshots") > 50 && client.snapshots > 50);
    assert!(count("emitted") > 1000);

    // Without gaps, dedupe and reordering alone must keep every entity exact
    // from its (refetched) base: no refetch needed.
    let before = status;
    control(addr, json!({ "gap": 0, "paused": false })).await;
    let status = storm(&mut ws, &mut client, addr, 400).await;
    let (exact, missing) = reconcile(&mut client, addr, &numeric).await;
    let count = |k: &str| status[k].as_u64().unwrap();
    assert_eq!(exact, numeric.len(), "{status}");
    // No new gaps: the seqs never seen are still just phase one's.
    assert_eq!(count("dropped"), before["dropped"].as_u64().unwrap());
    assert_eq!(missing, count("dropped"));
    assert!(count("replayed") > before["replayed"].as_u64().unwrap());
    assert!(count("reordered") > before["reordered"].as_u64().unwrap());
    assert_eq!(client.replays_seen, count("replayed"));
    assert_eq!(client.late_seen, count("reordered"));
}
