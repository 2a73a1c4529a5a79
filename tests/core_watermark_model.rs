//! Property test: 100,000 random histories of deltas (with seq), replays,
//! reorders, drops, versioned bases and snapshots (delivered late and out
//! of order) and clears, against a reference model. Zero divergence allowed.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic,
    clippy::cast_precision_loss,
    clippy::needless_range_loop
)]

use std::collections::BTreeSet;

use livemetrics::core::{
    BaseMeta, Delivery, EntityIdRef, MetricCode, MetricStore, SnapshotMeta, TypeCode,
};

/// splitmix64: fast, seedable, good enough for test generation.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const METRICS: usize = 2;
const MAX_EVENTS: usize = 50;

/// A message on its way to the client.
#[derive(Clone, Debug)]
enum Msg {
    Delta {
        e: usize,
        seq: u64,
    },
    Base {
        e: usize,
        version: u64,
        snapshot: bool,
    },
}

/// The server's side of one entity: its initial values and every event.
struct Server {
    init: [f64; METRICS],
    events: Vec<[f64; METRICS]>,
}

impl Server {
    fn truth(&self, version: u64) -> [f64; METRICS] {
        let mut t = self.init;
        for ev in &self.events[..version as usize] {
            for m in 0..METRICS {
                t[m] += ev[m];
            }
        }
        t
    }
}

/// What the client should show for one entity.
#[derive(Default)]
struct Model {
    version: u64,
    base: [f64; METRICS],
    accepted: BTreeSet<u64>,
    counted: [BTreeSet<u64>; METRICS],
}

impl Model {
    fn delta(&self, server: &Server, m: usize) -> f64 {
        self.counted[m]
            .iter()
            .filter(|s| **s > self.version)
            .map(|s| server.events[*s as usize - 1][m])
            .sum()
    }

    fn stale(&self) -> bool {
        let top = self
            .accepted
            .iter()
            .next_back()
            .copied()
            .unwrap_or(0)
            .max(self.version);
        (self.version + 1..top).any(|s| !self.accepted.contains(&s))
    }
}

fn run(seed: u64) {
    let mut rng = Rng(seed);
    let mut store = MetricStore::new();
    let ty: TypeCode = store.entity_type("Post").unwrap();
    let metrics: [MetricCode; METRICS] = [
        store.metric("m", "commentCount").unwrap(),
        store.metric("m", "viewCount").unwrap(),
    ];
    let entities = 1 + rng.below(3) as usize;
    let id = |e: usize| EntityIdRef::Int(e as u64 + 1);
    let mut servers: Vec<Server> = (0..entities)
        .map(|_| Server {
            init: [rng.below(100) as f64, rng.below(100) as f64],
            events: Vec::new(),
        })
        .collect();
    let mut models: Vec<Model> = (0..entities).map(|_| Model::default()).collect();
    // Every entity starts from a base at version 0.
    for e in 0..entities {
        let values: Vec<(MetricCode, f64)> = (0..METRICS)
            .map(|m| (metrics[m], servers[e].init[m]))
            .collect();
        store
            .set_base(ty, id(e), &values, BaseMeta::Version(0))
            .unwrap();
        models[e].base = servers[e].init;
    }
    let mut net: Vec<Msg> = Vec::new();
    let steps = 20 + rng.below(40);
    for _ in 0..steps {
        let e = rng.below(entities as u64) as usize;
        match rng.below(10) {
            // The server produces an event; the network may drop or duplicate it.
            0..=3 if servers[e].events.len() < MAX_EVENTS => {
                let mut ev = [0.0; METRICS];
                ev[rng.below(METRICS as u64) as usize] = rng.below(7) as f64 - 3.0;
                if rng.chance(30) {
                    ev[rng.below(METRICS as u64) as usize] += 1.0;
                }
                servers[e].events.push(ev);
                let seq = servers[e].events.len() as u64;
                if !rng.chance(5) {
                    net.push(Msg::Delta { e, seq });
                }
                if rng.chance(10) {
                    net.push(Msg::Delta { e, seq });
                }
            }
            // The client refetches: a base of the current truth, on its way.
            4 => {
                let version = servers[e].events.len() as u64;
                net.push(Msg::Base {
                    e,
                    version,
                    snapshot: rng.chance(50),
                });
            }
            // The app clears a metric.
            5 if rng.chance(30) => {
                let m = rng.below(METRICS as u64) as usize;
                store.clear_metric(ty, id(e), metrics[m]);
                models[e].counted[m].clear();
            }
            // The network delivers: usually in order, sometimes out of order.
            _ if !net.is_empty() => {
                let i = if rng.chance(25) {
                    rng.below(net.len() as u64) as usize
                } else {
                    0
                };
                let msg = net.remove(i);
                deliver(&mut store, ty, &metrics, &servers, &mut models, msg, id);
            }
            _ => {}
        }
        check(&store, ty, &metrics, &servers, &models, entities, seed);
    }
}

fn deliver(
    store: &mut MetricStore,
    ty: TypeCode,
    metrics: &[MetricCode; METRICS],
    servers: &[Server],
    models: &mut [Model],
    msg: Msg,
    id: impl Fn(usize) -> EntityIdRef<'static>,
) {
    match msg {
        Msg::Delta { e, seq } => {
            let ev = servers[e].events[seq as usize - 1];
            let updates: Vec<(MetricCode, f64)> =
                (0..METRICS).map(|m| (metrics[m], ev[m])).collect();
            let d = Delivery {
                seq: Some(seq),
                ..Delivery::default()
            };
            store.apply_delivery(ty, id(e), &updates, &d).unwrap();
            let model = &mut models[e];
            if seq > model.version && model.accepted.insert(seq) {
                for m in 0..METRICS {
                    if ev[m] != 0.0 {
                        model.counted[m].insert(seq);
                    }
                }
            }
        }
        Msg::Base {
            e,
            version,
            snapshot,
        } => {
            let truth = servers[e].truth(version);
            let values: Vec<(MetricCode, f64)> =
                (0..METRICS).map(|m| (metrics[m], truth[m])).collect();
            if snapshot {
                store
                    .apply_snapshot(ty, id(e), &values, SnapshotMeta::Version(version), 0.0)
                    .unwrap();
            } else {
                store
                    .set_base(ty, id(e), &values, BaseMeta::Version(version))
                    .unwrap();
            }
            let model = &mut models[e];
            if version > model.version {
                model.version = version;
                model.base = truth;
            }
        }
    }
}

fn check(
    store: &MetricStore,
    ty: TypeCode,
    metrics: &[MetricCode; METRICS],
    servers: &[Server],
    models: &[Model],
    entities: usize,
    seed: u64,
) {
    for e in 0..entities {
        let id = EntityIdRef::Int(e as u64 + 1);
        let model = &models[e];
        for m in 0..METRICS {
            let want = model.delta(&servers[e], m);
            let got = store.delta(ty, id, metrics[m]);
            assert_eq!(got, want, "seed {seed}: entity {e} metric {m} delta");
            assert_eq!(
                store.value(ty, id, metrics[m]),
                Some(model.base[m] + want),
                "seed {seed}: entity {e} metric {m} value"
            );
            // A card holding an older base shows the same number.
            let v = model.version.saturating_sub(1);
            let shown = store.projected(
                ty,
                id,
                metrics[m],
                servers[e].truth(v)[m],
                Some(BaseMeta::Version(v)),
            );
            assert_eq!(shown, model.base[m] + want, "seed {seed}: projected");
        }
        assert_eq!(
            store.is_stale(ty, id),
            model.stale(),
            "seed {seed}: entity {e} stale"
        );
    }
}

#[test]
fn store_matches_the_model_over_100k_histories() {
    let base = std::env::var("LIVEMETRICS_MODEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_u64);
    for i in 0..100_000u64 {
        run(base.wrapping_add(i));
    }
}
