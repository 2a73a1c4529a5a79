//! Derived user metrics against a reference model: random deltas (with
//! replays), ownership moves, uploads and follows; every user's derived
//! figures must equal the model's — what its *current* content earned while
//! owned, uploads counted once per entity — on top of the user's base.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use std::collections::{HashMap, HashSet};

use livemetrics::core::app_delta::AppMeta;
use livemetrics::core::{BaseMeta, EntityIdRef, EventId, MetricStore};
use proptest::prelude::*;

const TYPES: [&str; 3] = ["Model", "Post", "Image"];
const METRICS: [&str; 7] = [
    "downloadCount",
    "generationCount",
    "heartCount",
    "commentCount",
    "likeCount",
    "viewCount",
    "thumbsUpCount",
];
const DERIVED: [&str; 9] = [
    "engagementScore",
    "reactionCount",
    "downloadCount",
    "generationCount",
    "thumbsUpCount",
    "uploadCount",
    "modelCount",
    "postCount",
    "imageCount",
];
const USERS: u64 = 4;

#[derive(Debug, Clone)]
enum Op {
    Delta {
        ty: usize,
        id: u64,
        metric: usize,
        d: i8,
        event: u32,
    },
    /// The delta `back` ops ago, sent again (a replay: same event id).
    Replay {
        back: usize,
    },
    Own {
        ty: usize,
        id: u64,
        user: u64,
    },
    Upload {
        ty: usize,
        id: u64,
        user: u64,
    },
    Follow {
        follower: u64,
        followee: u64,
        on: bool,
        event: u32,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..3usize, 1..6u64, 0..7usize, -3..6i8, any::<u32>()).prop_map(|(ty, id, metric, d, event)| Op::Delta { ty, id, metric, d, event }),
        2 => (1..20usize).prop_map(|back| Op::Replay { back }),
        2 => (0..3usize, 1..6u64, 1..=USERS).prop_map(|(ty, id, user)| Op::Own { ty, id, user }),
        1 => (0..3usize, 1..6u64, 1..=USERS).prop_map(|(ty, id, user)| Op::Upload { ty, id, user }),
        1 => (1..=USERS, 1..=USERS, any::<bool>(), any::<u32>()).prop_map(|(follower, followee, on, event)| Op::Follow { follower, followee, on, event }),
    ]
}

/// What the user figures should be.
#[derive(Default)]
struct Model {
    owner: HashMap<(usize, u64), u64>,
    earned: HashMap<(usize, u64), HashMap<&'static str, f64>>,
    uploaded: HashSet<(usize, u64)>,
    seen_events: HashSet<String>,
    follows: HashMap<(u64, &'static str), f64>,
}

impl Model {
    fn weight(metric: &str) -> f64 {
        match metric {
            "downloadCount" => 1.0,
            "generationCount" => 2.0,
            "heartCount" => 0.5,
            "commentCount" => 1.5,
            _ => 0.1,
        }
    }

    fn delta(&mut self, ty: usize, id: u64, metric: &'static str, d: f64, event: &str) {
        if !self.seen_events.insert(event.to_string()) || d == 0.0 {
            return;
        }
        if !self.owner.contains_key(&(ty, id)) {
            return;
        }
        let e = self.earned.entry((ty, id)).or_default();
        *e.entry("engagementScore").or_default() += Self::weight(metric) * d;
        if ["likeCount", "heartCount"].contains(&metric) {
            *e.entry("reactionCount").or_default() += d;
        }
        if ["downloadCount", "generationCount", "thumbsUpCount"].contains(&metric) {
            *e.entry(metric).or_default() += d;
        }
    }

    fn upload(&mut self, ty: usize, id: u64, user: u64) {
        self.owner.insert((ty, id), user);
        if self.uploaded.insert((ty, id)) {
            let e = self.earned.entry((ty, id)).or_default();
            *e.entry("uploadCount").or_default() += 1.0;
            *e.entry(["modelCount", "postCount", "imageCount"][ty])
                .or_default() += 1.0;
        }
    }

    fn figure(&self, user: u64, metric: &str) -> f64 {
        let content: f64 = self
            .owner
            .iter()
            .filter(|(_, &u)| u == user)
            .filter_map(|(k, _)| self.earned.get(k)?.get(metric))
            .sum();
        content
    }
}

fn run(ops: &[Op]) {
    let mut s = MetricStore::new();
    let user_ty = s.entity_type("User").unwrap();
    let types: Vec<_> = TYPES.iter().map(|t| s.entity_type(t).unwrap()).collect();
    let metrics: Vec<_> = METRICS.iter().map(|m| s.metric("m", m).unwrap()).collect();
    let mut model = Model::default();
    // Each user starts from a server base (derived deltas count on top of it).
    for u in 1..=USERS {
        s.set_owner(types[0], EntityIdRef::Int(900 + u), u).unwrap();
        let engagement = s.metric("m", "engagementScore").unwrap();
        s.set_base(
            user_ty,
            EntityIdRef::Int(u),
            &[(engagement, 100.0 * u as f64)],
            BaseMeta::Version(1),
        )
        .unwrap();
    }
    let mut sent: Vec<(usize, u64, usize, f64, String)> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let (ty, id, metric, d, event) = match op {
            Op::Delta {
                ty,
                id,
                metric,
                d,
                event,
            } => (*ty, *id, *metric, f64::from(*d), format!("e{i}-{event}")),
            Op::Replay { back } => match sent.len().checked_sub(*back).and_then(|j| sent.get(j)) {
                Some(e) => e.clone(),
                None => continue,
            },
            Op::Own { ty, id, user } => {
                s.set_owner(types[*ty], EntityIdRef::Int(*id), *user)
                    .unwrap();
                model.owner.insert((*ty, *id), *user);
                continue;
            }
            Op::Upload { ty, id, user } => {
                s.record_upload(types[*ty], EntityIdRef::Int(*id), *user, None)
                    .unwrap();
                model.upload(*ty, *id, *user);
                continue;
            }
            Op::Follow {
                follower,
                followee,
                on,
                event,
            } => {
                let d = if *on { 1.0 } else { -1.0 };
                s.apply_follow(
                    *follower,
                    *followee,
                    d,
                    Some(EventId::Text(format!("f{event}"))),
                    None,
                )
                .unwrap();
                if model.seen_events.insert(format!("f{event}")) {
                    *model
                        .follows
                        .entry((*followee, "followerCount"))
                        .or_default() += d;
                    *model
                        .follows
                        .entry((*follower, "followingCount"))
                        .or_default() += d;
                }
                continue;
            }
        };
        let meta = AppMeta {
            event_id: Some(EventId::Text(event.clone())),
            ..AppMeta::default()
        };
        s.apply_with_meta(
            types[ty],
            EntityIdRef::Int(id),
            &[(metrics[metric], d)],
            &meta,
        )
        .unwrap();
        model.delta(ty, id, METRICS[metric], d, &event);
        sent.push((ty, id, metric, d, event));
    }
    for u in 1..=USERS {
        for name in DERIVED {
            let code = s.metric("m", name).unwrap();
            let got = s.delta(user_ty, EntityIdRef::Int(u), code);
            let want = model.figure(u, name);
            assert!(
                (got - want).abs() < 1e-9,
                "User:{u}:{name}: store {got}, model {want}"
            );
        }
        for name in ["followerCount", "followingCount"] {
            let code = s.metric("m", name).unwrap();
            let got = s.delta(user_ty, EntityIdRef::Int(u), code);
            let want = model.follows.get(&(u, name)).copied().unwrap_or(0.0);
            assert_eq!(got, want, "User:{u}:{name}");
        }
        let engagement = s.metric("m", "engagementScore").unwrap();
        let value = s.value(user_ty, EntityIdRef::Int(u), engagement).unwrap();
        assert!(
            (value - (100.0 * u as f64 + model.figure(u, "engagementScore"))).abs() < 1e-9,
            "the base is kept under the live part"
        );
    }
    // Ranks follow the engagement values.
    let engagement = s.metric("m", "engagementScore").unwrap();
    let score =
        |s: &MetricStore, u: u64| s.value(user_ty, EntityIdRef::Int(u), engagement).unwrap();
    for u in 1..=USERS {
        let above = (1..=USERS)
            .filter(|&v| v != u && score(&s, v) > score(&s, u))
            .count() as u32;
        assert_eq!(s.user_rank(u), above + 1, "rank of User:{u}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn derived_user_metrics_match_the_model(ops in prop::collection::vec(op(), 1..80)) {
        run(&ops);
    }
}
