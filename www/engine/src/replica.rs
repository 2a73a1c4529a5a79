//! This engine's replica of the replicated log (see `replication`): events
//! are applied per target in `seq` order — duplicates skipped, early ones held
//! until the gap fills — and a state loaded from Redis replaces whatever is
//! older. All of it runs under the hub lock, like every other change.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::catalog::{Catalog, Delta};
use crate::delivery::Kind;
use crate::outbox::Outbox;
use crate::project_stats::Stats;
use crate::projects::Change;
use crate::replication::{op_of, Event, Snapshot};
use crate::state::{encode, State};
use crate::target::Target;
use crate::wire::ServerMessage;

type Waiting = (Event, Option<oneshot::Sender<()>>);

/// Events that arrived before the ones they follow, and what a reload needs.
pub struct Replica {
    pending: BTreeMap<String, BTreeMap<u64, Waiting>>,
    /// Since when the oldest held event has waited.
    waiting_since: Option<Instant>,
    /// The seed's catalog: Redis keeps sums over it.
    initial: Catalog,
}

/// The state Redis holds, read in one atomic step.
#[derive(Debug, Default)]
pub struct Loaded {
    pub versions: Vec<(String, u64)>,
    /// `({topic}|{metric index}, sum of its deltas)`.
    pub sums: Vec<(String, f64)>,
    /// `(topic, Snapshot as JSON)`.
    pub snapshots: Vec<(String, String)>,
}

impl Replica {
    pub fn new(initial: Catalog) -> Self {
        Self {
            pending: BTreeMap::new(),
            waiting_since: None,
            initial,
        }
    }

    /// An event has waited longer than `after` for one that never came.
    pub fn stalled(&self, after: Duration) -> bool {
        self.waiting_since.is_some_and(|t| t.elapsed() > after)
    }
}

impl State {
    fn version_of(&self, target: Target) -> Option<u64> {
        match target {
            Target::Entity(key) => self.catalog.get(key).map(|e| e.version),
            Target::Project(number) => self.projects.get(number).map(|p| p.version),
        }
    }

    /// Takes one event of the log: applies it (and any held ones it lets
    /// through) if it is next, holds it if it is early, skips a duplicate.
    pub fn offer(&mut self, event: Event, applied: Option<oneshot::Sender<()>>, out: &mut Outbox) {
        let Some(target) = Target::from_topic(&event.t) else {
            return;
        };
        let Some(version) = self.version_of(target) else {
            return;
        };
        if event.s <= version {
            fire(applied);
            return;
        }
        let topic = event.t.clone();
        if event.s > version + 1 {
            let Some(replica) = self.replica.as_mut() else {
                return;
            };
            replica.waiting_since.get_or_insert_with(Instant::now);
            replica
                .pending
                .entry(topic)
                .or_default()
                .insert(event.s, (event, applied));
            return;
        }
        self.apply_event(target, &event, out);
        fire(applied);
        self.release_held(target, &topic, out);
    }

    /// Applies held events of `topic` for as long as the next one is there.
    fn release_held(&mut self, target: Target, topic: &str, out: &mut Outbox) {
        loop {
            let Some(version) = self.version_of(target) else {
                return;
            };
            let Some(replica) = self.replica.as_mut() else {
                return;
            };
            let Some(held) = replica.pending.get_mut(topic) else {
                return;
            };
            // Anything at or below the version is already in.
            let stale: Vec<u64> = held.range(..=version).map(|(s, _)| *s).collect();
            for s in stale {
                if let Some((_, applied)) = held.remove(&s) {
                    fire(applied);
                }
            }
            let next = held.remove(&(version + 1));
            if held.is_empty() {
                replica.pending.remove(topic);
                if replica.pending.is_empty() {
                    replica.waiting_since = None;
                }
            }
            let Some((event, applied)) = next else {
                return;
            };
            self.apply_event(target, &event, out);
            fire(applied);
        }
    }

    fn apply_event(&mut self, target: Target, event: &Event, out: &mut Outbox) {
        let own = self
            .replicator
            .as_ref()
            .is_some_and(|r| r.origin == event.o);
        let (message, kind) = match (target, &event.p) {
            (Target::Entity(key), _) => {
                let metrics = key.entity_type.metrics();
                let deltas: Vec<Delta> = event
                    .d
                    .iter()
                    .filter_map(|(index, label, amount)| {
                        let metric = metrics.get(*index)?;
                        let label = metric.alias.filter(|a| a == label).unwrap_or(metric.name);
                        Some(Delta {
                            metric: *index,
                            label,
                            amount: *amount,
                        })
                    })
                    .collect();
                let event_id = format!("e{}", event.n);
                let message = ServerMessage::metric_update(
                    key,
                    event.s,
                    event_id,
                    event.m.as_deref(),
                    &deltas,
                );
                if self.catalog.apply_logged(key, &deltas, event.s).is_none() {
                    return;
                }
                self.note_event(own, event.n, Kind::Delta);
                self.settle_mutations(key, event.m.as_deref().filter(|_| own));
                (message, Kind::Delta)
            }
            (Target::Project(number), Some(snapshot)) => {
                let change = change_of(snapshot);
                let message = ServerMessage::project_stats(
                    number,
                    &change.stats,
                    change.operation,
                    change.timestamp,
                );
                let Some(encoded) = encode(&message) else {
                    return;
                };
                let Some(project) = self.projects.get_mut(number) else {
                    return;
                };
                project.commit_at(&change, encoded, event.s);
                self.note_event(own, event.n, Kind::Snapshot);
                (message, Kind::Snapshot)
            }
            (Target::Project(_), None) => return,
        };
        let Some(encoded) = encode(&message) else {
            return;
        };
        let topic = message.topic.as_deref().unwrap_or_default();
        self.delivery.send(kind, topic, encoded, &self.subs, out);
        // The producer reaches Socket.IO rooms on every engine.
        if let (true, Some(rooms)) = (own, self.replicator.as_ref().and_then(|r| r.rooms.as_ref()))
        {
            if let Ok(data) = serde_json::to_value(&message.data) {
                let _ = rooms.send((topic.to_owned(), message.kind, data));
            }
        }
    }

    /// Replaces what is older than the state Redis holds.
    pub fn load(&mut self, loaded: Loaded, out: &mut Outbox) {
        let mut sums: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
        for (field, sum) in &loaded.sums {
            if let Some((topic, index)) = field.rsplit_once('|') {
                if let Ok(index) = index.parse() {
                    sums.entry(topic).or_default().push((index, *sum));
                }
            }
        }
        let snapshots: HashMap<&str, &str> = loaded
            .snapshots
            .iter()
            .map(|(t, s)| (t.as_str(), s.as_str()))
            .collect();
        for (topic, version) in &loaded.versions {
            let Some(target) = Target::from_topic(topic) else {
                continue;
            };
            if self.version_of(target).is_none_or(|v| v >= *version) {
                continue;
            }
            match target {
                Target::Entity(key) => {
                    let Some(replica) = self.replica.as_ref() else {
                        return;
                    };
                    let Some(mut values) = replica.initial.get(key).map(|e| e.values.clone())
                    else {
                        continue;
                    };
                    for (index, sum) in sums.get(topic.as_str()).into_iter().flatten() {
                        if let Some(v) = values.get_mut(*index) {
                            *v += sum;
                        }
                    }
                    self.catalog.restore(key, values, *version);
                    self.settle_mutations(key, None);
                }
                Target::Project(number) => {
                    let Some(snapshot) = snapshots
                        .get(topic.as_str())
                        .and_then(|s| serde_json::from_str::<Snapshot>(s).ok())
                    else {
                        continue;
                    };
                    let change = change_of(&snapshot);
                    let message = ServerMessage::project_stats(
                        number,
                        &change.stats,
                        change.operation,
                        change.timestamp,
                    );
                    let (Some(encoded), Some(project)) =
                        (encode(&message), self.projects.get_mut(number))
                    else {
                        continue;
                    };
                    project.commit_at(&change, encoded, *version);
                }
            }
            self.release_held(target, topic, out);
        }
    }
}

fn change_of(s: &Snapshot) -> Change {
    Change {
        stats: Stats {
            images: s.images,
            segmented: s.segmented,
            pending: s.pending,
            failed: s.failed,
        },
        operation: op_of(s.op),
        timestamp: s.ts,
    }
}

fn fire(applied: Option<oneshot::Sender<()>>) {
    if let Some(applied) = applied {
        let _ = applied.send(());
    }
}

#[cfg(test)]
#[path = "replica_tests.rs"]
mod tests;
