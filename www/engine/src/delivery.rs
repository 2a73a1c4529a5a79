//! Delivery of published messages to a topic's subscribers, with optional
//! injected faults so tests can prove a client stays exact:
//!
//! - `gap`: a delta is applied to the truth but never sent;
//! - `reorder`: a message is held back and sent right after the next message
//!   for its topic (or at the end of the next tick at the latest);
//! - `replay`: a sent delta is sent again, identically, on the next tick.
//!
//! All of it runs under the hub lock. Recipients are chosen when a message
//! actually goes out, so a held or replayed message only reaches connections
//! still subscribed to its topic then.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::outbox::Outbox;
use crate::prng::Prng;
use crate::subs::{ConnId, Subscriptions};

/// Fault probabilities, each in `[0, 1]`; all 0 means exact delivery.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Faults {
    pub replay: f64,
    pub gap: f64,
    pub reorder: f64,
}

/// Faults that actually happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FaultCounts {
    /// Deltas sent a second time.
    pub replayed: u64,
    /// Deltas applied but never sent (gaps).
    pub dropped: u64,
    /// Messages delivered after a newer message for the same topic.
    pub reordered: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `metric:update` delta: may be dropped, held or replayed.
    Delta,
    /// A project snapshot: may only be held.
    Snapshot,
}

struct Held {
    kind: Kind,
    message: Arc<str>,
    /// Held since before the current tick: released at its end at the latest.
    aged: bool,
}

struct Replay {
    topic: String,
    conns: Vec<ConnId>,
    message: Arc<str>,
}

pub struct Delivery {
    pub faults: Faults,
    pub counts: FaultCounts,
    rng: Prng,
    /// At most one held message per topic.
    held: BTreeMap<String, Held>,
    /// Replays due on the next tick.
    replays: Vec<Replay>,
}

impl Delivery {
    pub fn new(faults: Faults, rng: Prng) -> Self {
        Self {
            faults,
            counts: FaultCounts::default(),
            rng,
            held: BTreeMap::new(),
            replays: Vec::new(),
        }
    }

    /// Sends (or drops, or holds) one freshly published message.
    pub fn send(
        &mut self,
        kind: Kind,
        topic: &str,
        message: Arc<str>,
        subs: &Subscriptions,
        out: &mut Outbox,
    ) {
        // Faults on a topic nobody follows would be invisible: skip them.
        if subs.routed(topic).next().is_none() {
            return;
        }
        if kind == Kind::Delta && self.rng.chance(self.faults.gap) {
            self.counts.dropped += 1;
            return;
        }
        if !self.held.contains_key(topic) && self.rng.chance(self.faults.reorder) {
            let held = Held {
                kind,
                message,
                aged: false,
            };
            self.held.insert(topic.to_owned(), held);
            return;
        }
        self.route(kind, topic, message, subs, out);
        if let Some(held) = self.held.remove(topic) {
            self.counts.reordered += 1;
            self.route(held.kind, topic, held.message, subs, out);
        }
    }

    /// Queues a message for the topic's current subscribers; a delta may be
    /// picked for a replay on the next tick.
    fn route(
        &mut self,
        kind: Kind,
        topic: &str,
        message: Arc<str>,
        subs: &Subscriptions,
        out: &mut Outbox,
    ) {
        let conns: Vec<ConnId> = subs.routed(topic).collect();
        if conns.is_empty() {
            return;
        }
        for &conn in &conns {
            out.push(conn, message.clone());
        }
        if kind == Kind::Delta && self.rng.chance(self.faults.replay) {
            let topic = topic.to_owned();
            self.replays.push(Replay {
                topic,
                conns,
                message,
            });
        }
    }

    /// Start of a tick: re-sends the replays queued before it, to the same
    /// connections if they still follow the topic.
    pub fn send_replays(&mut self, subs: &Subscriptions, out: &mut Outbox) {
        for replay in std::mem::take(&mut self.replays) {
            let mut sent = false;
            for conn in replay.conns {
                if subs.is_subscribed(conn, &replay.topic) {
                    out.push(conn, replay.message.clone());
                    sent = true;
                }
            }
            self.counts.replayed += u64::from(sent);
        }
    }

    /// End of a tick: releases what was held since an earlier tick, so every
    /// held message goes out by the end of the tick after it was held.
    pub fn release_aged(&mut self, subs: &Subscriptions, out: &mut Outbox) {
        let aged: Vec<String> = self
            .held
            .iter()
            .filter(|(_, h)| h.aged)
            .map(|(topic, _)| topic.clone())
            .collect();
        for topic in aged {
            if let Some(held) = self.held.remove(&topic) {
                self.route(held.kind, &topic, held.message, subs, out);
            }
        }
        for held in self.held.values_mut() {
            held.aged = true;
        }
    }

    /// The message held back for a topic, if any (it stays held for the
    /// topic's other subscribers).
    pub fn held(&self, topic: &str) -> Option<Arc<str>> {
        self.held.get(topic).map(|h| h.message.clone())
    }

    /// Releases everything held (e.g. on pause, before the heartbeat).
    pub fn release_all(&mut self, subs: &Subscriptions, out: &mut Outbox) {
        for (topic, held) in std::mem::take(&mut self.held) {
            self.route(held.kind, &topic, held.message, subs, out);
        }
    }
}

#[cfg(test)]
#[path = "delivery_tests.rs"]
mod tests;
