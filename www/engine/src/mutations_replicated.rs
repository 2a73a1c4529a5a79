//! Mutation requests when engines share a Redis log (see `replication`).
//!
//! The decision (replay, validation, refusal, view dedupe) is taken here as
//! without Redis; the event then goes through the log and the response is
//! built when this engine applies it, from its replica (the version and
//! values right after it). Requests with the same `Idempotency-Key` wait for
//! that one response. Across engines, the log's script remembers each
//! mutation id with its `seq` (a day): a retry that reaches another engine is
//! not appended again, and is answered once that engine's replica holds the
//! original event. View dedupe stays per engine.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use crate::catalog::Delta;
use crate::hub::Hub;
use crate::mutations::{reply, Outcome, Rejection};
use crate::state::State;
use crate::vocab::EntityKey;

/// A mutation whose event is in the log but not applied here yet.
#[derive(Debug)]
pub struct InFlight {
    pub target: EntityKey,
    pub counted: Option<bool>,
    /// Set when the log said another engine already appended this id: the
    /// response is due once the target reaches this version.
    pub until: Option<u64>,
    pub waiters: Vec<oneshot::Sender<Arc<str>>>,
}

impl State {
    /// Sends a decided mutation's event through the log.
    pub fn send_through_log(
        &mut self,
        key: &str,
        target: EntityKey,
        deltas: &[Delta],
        counted: Option<bool>,
        view: Option<(u32, String)>,
    ) -> Result<Outcome, Rejection> {
        if !self.submit(target, deltas, Some(key), None) {
            return Err(Rejection::Internal);
        }
        self.mutations.counts.mutations += 1;
        if let Some(seen) = view {
            self.mutations.views_insert(seen);
        }
        let flight = InFlight {
            target,
            counted,
            until: None,
            waiters: Vec::new(),
        };
        self.mutations.in_flight.insert(key.to_owned(), flight);
        Ok(Outcome::InFlight { first: true })
    }

    /// After an event of `target` was applied: answers the mutations it
    /// settles (its own id, or ids another engine appended, now covered).
    pub fn settle_mutations(&mut self, target: EntityKey, mutation_id: Option<&str>) {
        let Some(version) = self.catalog.get(target).map(|e| e.version) else {
            return;
        };
        let due: Vec<String> = self
            .mutations
            .in_flight
            .iter()
            .filter(|(id, f)| {
                f.target == target
                    && (Some(id.as_str()) == mutation_id || f.until.is_some_and(|s| s <= version))
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            self.finish_mutation(&id);
        }
    }

    fn finish_mutation(&mut self, id: &str) {
        let Some(flight) = self.mutations.in_flight.remove(id) else {
            return;
        };
        let Some(body) = self
            .catalog
            .get(flight.target)
            .and_then(|entity| reply(id, entity, flight.counted))
        else {
            return;
        };
        self.mutations.responses.insert(id.to_owned(), body.clone());
        for waiter in flight.waiters {
            let _ = waiter.send(body.clone());
        }
    }

    /// The log refused to append `id` again: another engine did, at `seq`.
    pub fn mutation_appended_elsewhere(&mut self, id: &str, seq: u64) {
        if let Some(flight) = self.mutations.in_flight.get_mut(id) {
            flight.until = Some(seq);
            let target = flight.target;
            self.settle_mutations(target, None);
        }
    }
}

impl Hub {
    /// The response to an in-flight mutation, once this engine has applied
    /// it; `None` if its event could not be appended to the log.
    pub async fn mutation_result(&self, key: &str) -> Option<Arc<str>> {
        let waiting = {
            let mut st = self.lock();
            if let Some(body) = st.mutations.responses.get(key) {
                return Some(body.clone());
            }
            let flight = st.mutations.in_flight.get_mut(key)?;
            let (tx, rx) = oneshot::channel();
            flight.waiters.push(tx);
            rx
        };
        waiting.await.ok()
    }

    /// The lost-response fault for a first answer.
    pub fn lost_hold(&self) -> Option<Duration> {
        let mut st = self.lock();
        let desk = &mut st.mutations;
        desk.faults.lost_hold(&mut desk.rng, &mut desk.counts)
    }

    /// The log refused or failed an event: settle its mutation, if any.
    pub fn not_appended(&self, mutation_id: Option<&str>, appended_at: Option<u64>) {
        let Some(id) = mutation_id else {
            return;
        };
        let mut st = self.lock();
        match appended_at {
            Some(seq) => st.mutation_appended_elsewhere(id, seq),
            // Dropping the waiters tells them it failed; a retry starts anew.
            None => {
                st.mutations.in_flight.remove(id);
            }
        }
    }
}
