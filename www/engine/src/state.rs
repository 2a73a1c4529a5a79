//! What the hub's mutex guards: the truth (entities and projects, with their
//! versions), the subscriptions, the delivery queue and the mutation desk
//! (idempotency store, view dedupe), plus the one place where an event
//! becomes a message.

use std::sync::Arc;

use serde::Serialize;

use crate::catalog::{Catalog, Delta};
use crate::clock;
use crate::delivery::{Delivery, FaultCounts, Faults, Kind};
use crate::mutation_faults::{MutationCounts, MutationFaults};
use crate::mutations::Mutations;
use crate::outbox::Outbox;
use crate::prng::Prng;
use crate::projects::Projects;
use crate::replica::Replica;
use crate::replication::{op_code, Event, Replicator, Snapshot};
use crate::subs::{ConnId, Subscriptions};
use crate::target::{project_topic, Target};
use crate::vocab::EntityKey;
use crate::wire::ServerMessage;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Status {
    pub rate: f64,
    pub paused: bool,
    /// `metric:update` deltas generated so far (emitter and `/api/events`),
    /// including those a `gap` fault then withheld.
    pub emitted: u64,
    /// Project snapshots generated so far.
    pub snapshots: u64,
    pub connections: usize,
    pub topics: usize,
    #[serde(flatten)]
    pub faults: Faults,
    #[serde(flatten)]
    pub counts: FaultCounts,
    #[serde(flatten)]
    pub mutation_faults: MutationFaults,
    #[serde(flatten)]
    pub mutation_counts: MutationCounts,
}

pub struct State {
    pub catalog: Catalog,
    pub projects: Projects,
    pub subs: Subscriptions,
    pub delivery: Delivery,
    /// Mutation requests: idempotency store, view dedupe, injected faults.
    pub mutations: Mutations,
    pub rate: f64,
    pub paused: bool,
    emitted: u64,
    snapshots: u64,
    /// Last `eventId` number handed out.
    last_event: u64,
    /// With Redis: the sequencer's queue, and the replica's held events.
    pub replicator: Option<Replicator>,
    pub replica: Option<Replica>,
}

impl State {
    pub fn new(
        catalog: Catalog,
        projects: Projects,
        rate: f64,
        delivery: Delivery,
        mutations: Mutations,
    ) -> Self {
        Self {
            catalog,
            projects,
            subs: Subscriptions::default(),
            delivery,
            mutations,
            rate,
            paused: false,
            emitted: 0,
            snapshots: 0,
            last_event: 0,
            replicator: None,
            replica: None,
        }
    }

    /// Counts an applied event of the replicated log that this engine made.
    pub fn note_event(&mut self, own: bool, number: u64, kind: Kind) {
        self.last_event = self.last_event.max(number);
        if own {
            match kind {
                Kind::Delta => self.emitted += 1,
                Kind::Snapshot => self.snapshots += 1,
            }
        }
    }

    /// Replication: hands a delta event to the sequencer instead of applying
    /// it; `applied` fires once it is applied here.
    pub fn submit(
        &self,
        key: EntityKey,
        deltas: &[Delta],
        mutation_id: Option<&str>,
        applied: Option<tokio::sync::oneshot::Sender<()>>,
    ) -> bool {
        let Some(replicator) = &self.replicator else {
            return false;
        };
        if deltas.is_empty() || self.catalog.get(key).is_none() {
            return false;
        }
        let event = Event {
            s: 0,
            n: 0,
            o: replicator.origin,
            t: key.topic(),
            m: mutation_id.map(str::to_owned),
            d: deltas
                .iter()
                .map(|d| (d.metric, d.label.to_owned(), d.amount))
                .collect(),
            p: None,
        };
        replicator.submit(event, applied)
    }

    pub fn status(&self) -> Status {
        Status {
            rate: self.rate,
            paused: self.paused,
            emitted: self.emitted,
            snapshots: self.snapshots,
            connections: self.subs.connection_count(),
            topics: self.subs.topic_count(),
            faults: self.delivery.faults,
            counts: self.delivery.counts,
            mutation_faults: self.mutations.faults,
            mutation_counts: self.mutations.counts,
        }
    }

    /// The one place a delta becomes a message: apply it to the truth (one
    /// version step), build the `metric:update` carrying the new version as
    /// `seq` (and the `mutationId` of the request that caused it, if any), and
    /// hand it to delivery for the topic's current subscribers. Returns
    /// whether the truth moved.
    pub fn publish(
        &mut self,
        key: EntityKey,
        deltas: &[Delta],
        mutation_id: Option<&str>,
        out: &mut Outbox,
    ) -> bool {
        if self.replicator.is_some() {
            return self.submit(key, deltas, mutation_id, None);
        }
        let Some(entity) = self.catalog.get(key) else {
            return false;
        };
        if deltas.is_empty() {
            return false;
        }
        let seq = entity.version + 1;
        let event_id = format!("e{}", self.last_event + 1);
        // Encode first: if that ever failed, the truth must not move either.
        let message = ServerMessage::metric_update(key, seq, event_id, mutation_id, deltas);
        let Some(encoded) = encode(&message) else {
            return false;
        };
        if self.catalog.apply(key, deltas).is_none() {
            return false;
        }
        self.last_event += 1;
        self.emitted += 1;
        let topic = message.topic.as_deref().unwrap_or_default();
        self.delivery
            .send(Kind::Delta, topic, encoded, &self.subs, out);
        true
    }

    /// Applies one random operation to a project and sends its new snapshot.
    pub fn publish_project(&mut self, number: u32, rng: &mut Prng, out: &mut Outbox) {
        let Some(project) = self.projects.get_mut(number) else {
            return;
        };
        let change = project.next(rng, clock::now_ms());
        if let Some(replicator) = &self.replicator {
            let snapshot = Snapshot {
                images: change.stats.images,
                segmented: change.stats.segmented,
                pending: change.stats.pending,
                failed: change.stats.failed,
                op: op_code(change.operation),
                ts: change.timestamp,
            };
            let event = Event {
                s: 0,
                n: 0,
                o: replicator.origin,
                t: project_topic(number),
                m: None,
                d: Vec::new(),
                p: Some(snapshot),
            };
            replicator.submit(event, None);
            return;
        }
        let message =
            ServerMessage::project_stats(number, &change.stats, change.operation, change.timestamp);
        let Some(encoded) = encode(&message) else {
            return;
        };
        project.commit(&change, encoded.clone());
        self.snapshots += 1;
        let topic = message.topic.as_deref().unwrap_or_default();
        self.delivery
            .send(Kind::Snapshot, topic, encoded, &self.subs, out);
    }

    /// Heartbeats for every connection and followed topic: the current version
    /// of each entity, the latest snapshot of each project (if it has one).
    /// They bypass fault injection.
    pub fn heartbeat(&self, out: &mut Outbox) {
        for (_, target, conns) in self.subs.targets() {
            if let Some(message) = self.beat(target) {
                for &conn in conns {
                    out.push(conn, message.clone());
                }
            }
        }
    }

    /// Sends a single-message frame to one connection.
    pub fn reply(&mut self, id: ConnId, message: ServerMessage) {
        if let Some(encoded) = encode(&message) {
            let mut out = Outbox::default();
            out.push(id, encoded);
            out.flush(&mut self.subs);
        }
    }
}

/// What a topic follows, if it names an existing entity or project.
pub fn resolve(catalog: &Catalog, projects: &Projects, topic: &str) -> Option<Target> {
    Target::from_topic(topic).filter(|t| match *t {
        Target::Entity(key) => catalog.get(key).is_some(),
        Target::Project(number) => projects.get(number).is_some(),
    })
}

pub fn encode(message: &ServerMessage) -> Option<Arc<str>> {
    match serde_json::to_string(message) {
        Ok(s) => Some(s.into()),
        Err(e) => {
            eprintln!("livemetrics-engine: cannot encode {}: {e}", message.kind);
            None
        }
    }
}
