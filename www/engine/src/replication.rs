//! Scale-out through Redis (`--redis-url` / `REDIS_URL`): several engines
//! serve one audience, and every count still ends exact.
//!
//! Design: **one ordered log of events, replicated to every engine.**
//!
//! - An engine that produces an event (its emitter, `POST /api/events`)
//!   does not apply it. It hands an intent to its sequencer, which runs one
//!   Lua script in Redis: it allocates the entity's next version
//!   (`HINCRBY versions`) and the next global event number (`INCR`, so
//!   `eventId`s never collide), adds the deltas to the entity's sums
//!   (`HINCRBYFLOAT`) or stores a project's snapshot, and `PUBLISH`es the
//!   event with its `seq` — all atomically, so for each entity the log's
//!   order is the `seq` order, and two engines can never hand out one `seq`.
//! - Every engine (the producer too) applies each entity's events in `seq`
//!   order to its own replica of the truth: a duplicate (`seq` already
//!   applied) is skipped, one that arrives early waits for the missing ones
//!   (see `replica`). So `/api/truth`, `/api/versions` and `/api/metrics`
//!   agree on every engine, and the bases a client reads from any of them
//!   are versions the deltas' `seq` refer to.
//! - Each engine fans its applied events out to its own `/ws` and `/hub`
//!   connections, through the same delivery (and faults) as without Redis.
//!   Socket.IO deltas travel through socketioxide's Redis adapter instead:
//!   the producing engine emits to the topic's room, and the adapter reaches
//!   that room's sockets on every engine. Heartbeats, farewells and acks stay
//!   per engine, for its own connections.
//! - Redis holds the truth as sums over the seed's initial catalog, so an
//!   engine that starts late, or whose subscription dropped, loads the
//!   current state atomically after subscribing and continues from it
//!   (events it already has are skipped). An event that waits too long for a
//!   missing one (a message lost with a dropped subscription) makes it reload.
//!
//! - Mutation requests are decided where they arrive and answered once that
//!   engine has applied their event; the script appends a mutation id once
//!   across all engines (see `mutations_replicated`).
//!
//! Engines share Redis keys only when they share a catalog: the key prefix
//! names the seed and the catalog's sizes.

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use crate::config::Config;

/// One event of the replicated log, as published on the channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The target's version after this event (allocated in Redis).
    #[serde(default, skip_serializing)]
    pub s: u64,
    /// The global event number: `eventId` is `e{n}`.
    #[serde(default, skip_serializing)]
    pub n: u64,
    /// The engine that produced it.
    pub o: u64,
    /// The topic it belongs to: `metrics:Image:5`, `metrics:Project:project-3`.
    pub t: String,
    /// The mutation that caused it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<String>,
    /// Deltas: `(metric index, wire label, amount)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub d: Vec<(usize, String, f64)>,
    /// A project's absolute state after this event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<Snapshot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub images: u64,
    pub segmented: u64,
    pub pending: u64,
    pub failed: u64,
    /// `u`pload, `s`egmentation or `d`elete.
    pub op: char,
    pub ts: u64,
}

/// `(topic, message type, data)` for a Socket.IO room.
pub type RoomEmit = (String, &'static str, serde_json::Value);

/// An event to sequence; `applied` fires once this engine has applied it.
pub struct Intent {
    pub event: Event,
    pub applied: Option<oneshot::Sender<()>>,
}

/// What the hub's state keeps when replication is on.
pub struct Replicator {
    /// This engine's id in the log.
    pub origin: u64,
    pub intents: UnboundedSender<Intent>,
    /// Socket.IO rooms, reached on every engine through the adapter:
    /// `(topic, type, data)` of events this engine produced.
    pub rooms: Option<UnboundedSender<RoomEmit>>,
}

impl Replicator {
    /// Queues an event for the sequencer; false if it has stopped.
    pub fn submit(&self, event: Event, applied: Option<oneshot::Sender<()>>) -> bool {
        self.intents.send(Intent { event, applied }).is_ok()
    }
}

/// Redis key and channel names for engines that share this catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub versions: String,
    pub counter: String,
    pub sums: String,
    pub snapshots: String,
    pub channel: String,
    /// Prefix of `{id} → seq` keys kept a day (cross-engine idempotency).
    pub mutations: String,
    pub socketio_prefix: String,
}

impl Names {
    pub fn for_config(config: &Config) -> Self {
        let prefix = format!(
            "livemetrics:{}:{}-{}-{}-{}-{}",
            config.seed,
            config.models,
            config.images,
            config.posts,
            config.exposes,
            config.projects
        );
        Self {
            versions: format!("{prefix}:versions"),
            counter: format!("{prefix}:events"),
            sums: format!("{prefix}:sums"),
            snapshots: format!("{prefix}:snapshots"),
            channel: format!("{prefix}:log"),
            mutations: format!("{prefix}:mutation:"),
            socketio_prefix: format!("{prefix}:socket.io"),
        }
    }
}

/// `Operation` ↔ the one-letter code in `Snapshot::op`.
pub fn op_code(op: crate::project_stats::Operation) -> char {
    use crate::project_stats::Operation::*;
    match op {
        Upload => 'u',
        Segmentation => 's',
        Delete => 'd',
    }
}

pub fn op_of(code: char) -> crate::project_stats::Operation {
    use crate::project_stats::Operation::*;
    match code {
        's' => Segmentation,
        'd' => Delete,
        _ => Upload,
    }
}
