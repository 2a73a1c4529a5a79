//! Applying mutation requests exactly once, under the hub lock.
//!
//! The first request with an `Idempotency-Key` applies its change (one
//! event, one version step, echoed with `mutationId`) and stores its response
//! in the same critical section; every later request with that key gets the
//! stored response and applies nothing, even while the first one is still
//! waiting to answer. Injected refusals (503/422/429) store nothing, so a
//! retry of a refused key is processed anew.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::bounded::BoundedMap;
use crate::catalog::Entity;
use crate::error::FieldError;
use crate::mutation::Change;
use crate::mutation_faults::{MutationCounts, MutationFaults, Refusal};
use crate::mutations_replicated::InFlight;
use crate::outbox::Outbox;
use crate::prng::Prng;
use crate::state::State;
use crate::views::MetricsView;

/// Idempotency keys kept (oldest forgotten first).
pub const MAX_KEYS: usize = 100_000;
/// (expose, session) pairs remembered for view dedupe.
pub const MAX_VIEWS: usize = 1_000_000;

pub struct Mutations {
    pub faults: MutationFaults,
    pub counts: MutationCounts,
    pub(crate) rng: Prng,
    /// Key → the stored success response.
    pub(crate) responses: BoundedMap<String, Arc<str>>,
    /// Sessions whose view of an expose was counted.
    views: BoundedMap<(u32, String), ()>,
    /// With Redis: keys whose event is in the log but not yet applied here.
    pub in_flight: HashMap<String, InFlight>,
}

/// How a mutation request is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The key was seen: its stored response, nothing applied.
    Replayed(Arc<str>),
    /// Processed now: the response, and how long to hold it if it is "lost".
    Done {
        body: Arc<str>,
        hold: Option<Duration>,
    },
    /// An injected fault: nothing applied, nothing stored.
    Refused(Refusal),
    /// With Redis: the event is on its way through the log; the response
    /// comes from `Hub::mutation_result` once it is applied here. `first`:
    /// this request sent it (a concurrent retry waits for the same answer).
    InFlight { first: bool },
}

/// Input the request cannot be processed with; nothing applied or stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejection {
    BadRequest(FieldError),
    NotFound(FieldError),
    /// The response could not be built (never expected).
    Internal,
}

/// `{ ok, mutationId, version, metrics, counted? }`: the entity's version and
/// absolute values right after this mutation.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Reply<'a> {
    ok: bool,
    mutation_id: &'a str,
    version: u64,
    metrics: MetricsView<'a>,
    /// Views only: whether this one counted (once per session).
    #[serde(skip_serializing_if = "Option::is_none")]
    counted: Option<bool>,
}

impl Mutations {
    pub fn new(faults: MutationFaults, rng: Prng) -> Self {
        Self {
            faults,
            counts: MutationCounts::default(),
            rng,
            responses: BoundedMap::new(MAX_KEYS),
            views: BoundedMap::new(MAX_VIEWS),
            in_flight: HashMap::new(),
        }
    }

    /// This request's injected latency.
    pub fn latency(&mut self) -> Duration {
        self.faults.latency(&mut self.rng)
    }
}

impl State {
    /// Handles one mutation request in one critical section: replay, reject,
    /// refuse, or apply and store. The echo (if any) is queued in `out`.
    pub fn mutate(
        &mut self,
        key: &str,
        change: Result<Change, FieldError>,
        out: &mut Outbox,
    ) -> Result<Outcome, Rejection> {
        let desk = &mut self.mutations;
        if let Some(stored) = desk.responses.get(key) {
            desk.counts.idempotent_replays += 1;
            return Ok(Outcome::Replayed(stored.clone()));
        }
        if desk.in_flight.contains_key(key) {
            desk.counts.idempotent_replays += 1;
            return Ok(Outcome::InFlight { first: false });
        }
        let change = change.map_err(Rejection::BadRequest)?;
        let target = change.key();
        if self.catalog.get(target).is_none() {
            let e = FieldError::new(change.id_field(), format!("no entity {target}"));
            return Err(match change {
                Change::Generic(_) => Rejection::BadRequest(e),
                _ => Rejection::NotFound(e),
            });
        }
        let deltas = self
            .catalog
            .resolve_updates(target, &change.updates())
            .map_err(Rejection::BadRequest)?;
        if let Some(refusal) = desk.faults.refusal(&mut desk.rng, &mut desk.counts) {
            return Ok(Outcome::Refused(refusal));
        }

        let (counted, view) = match &change {
            Change::View { expose, session } => {
                let seen = (*expose, session.clone());
                (Some(!desk.views.contains(&seen)), Some(seen))
            }
            _ => (None, None),
        };
        if counted != Some(false) && self.replicator.is_some() {
            return self.send_through_log(key, target, &deltas, counted, view);
        }
        if counted != Some(false) {
            if !self.publish(target, &deltas, Some(key), out) {
                return Err(Rejection::Internal);
            }
            self.mutations.counts.mutations += 1;
            if let Some(seen) = view {
                self.mutations.views.insert(seen, ());
            }
        }
        let entity = self.catalog.get(target).ok_or(Rejection::Internal)?;
        let body = reply(key, entity, counted).ok_or(Rejection::Internal)?;
        let desk = &mut self.mutations;
        desk.responses.insert(key.to_owned(), body.clone());
        let hold = desk.faults.lost_hold(&mut desk.rng, &mut desk.counts);
        Ok(Outcome::Done { body, hold })
    }
}

impl Mutations {
    pub(crate) fn views_insert(&mut self, seen: (u32, String)) {
        self.views.insert(seen, ());
    }
}

pub(crate) fn reply(key: &str, entity: &Entity, counted: Option<bool>) -> Option<Arc<str>> {
    let reply = Reply {
        ok: true,
        mutation_id: key,
        version: entity.version,
        metrics: MetricsView(entity),
        counted,
    };
    match serde_json::to_string(&reply) {
        Ok(s) => Some(s.into()),
        Err(e) => {
            eprintln!("livemetrics-engine: cannot encode a mutation reply: {e}");
            None
        }
    }
}

#[cfg(test)]
#[path = "mutations_tests.rs"]
mod tests;
