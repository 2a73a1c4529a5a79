//! The last word on unsubscribe. A client that leaves a topic right after its
//! last delta was dropped (a gap) or held back (a reorder) would never hear a
//! heartbeat for it again, so it could not notice what it missed. Before the
//! `subscribed` ack, and in the same frame, the leaving connection gets what
//! delivery still holds for each topic it leaves, then one final heartbeat:
//! the entity's current version, or the project's latest snapshot.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::outbox::Outbox;
use crate::state::{encode, State};
use crate::subs::ConnId;
use crate::target::Target;
use crate::wire::ServerMessage;

impl State {
    /// Queues the farewell for each of `topics` that `id` follows now; call
    /// it under the hub lock, before unsubscribing.
    pub fn farewell(&self, id: ConnId, topics: &[String], out: &mut Outbox) {
        let leaving: BTreeSet<&String> = topics
            .iter()
            .filter(|t| self.subs.is_subscribed(id, t))
            .collect();
        for topic in leaving {
            if let Some(held) = self.delivery.held(topic) {
                out.push(id, held);
            }
            if let Some(beat) = self.subs.target(topic).and_then(|t| self.beat(t)) {
                out.push(id, beat);
            }
        }
    }

    /// A heartbeat for what a topic follows: the entity's current version,
    /// or the project's latest snapshot (if it has one).
    pub fn beat(&self, target: Target) -> Option<Arc<str>> {
        match target {
            Target::Entity(key) => self
                .catalog
                .get(key)
                .and_then(|e| encode(&ServerMessage::heartbeat(key, e.version))),
            Target::Project(number) => self.projects.get(number).and_then(|p| p.latest.clone()),
        }
    }
}
