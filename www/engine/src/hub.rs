//! The hub: truth, subscriptions and fan-out under one `std::sync::Mutex`.
//!
//! Applying an event (and stepping its entity's version), choosing its
//! recipients and queueing their frames happen in one critical section, as
//! does (un)subscribing and queueing the ack. With faults off, a client
//! subscribed before a delta was generated always gets it, and never gets one
//! for a topic it had already left. With faults on, delivery may be dropped,
//! delayed or duplicated by design (see `delivery`), but recipients are still
//! chosen under the lock. No `.await` happens under the lock.

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::sync::watch;

use crate::body::ControlChange;
use crate::catalog::{Catalog, Entity};
use crate::delivery::{Delivery, Faults};
use crate::error::FieldError;
use crate::mutation::Change;
use crate::mutation_faults::MutationFaults;
use crate::mutations::{Mutations, Outcome, Rejection};
use crate::outbox::Outbox;
use crate::prng::Prng;
use crate::projects::Projects;
use crate::protocol::Protocol;
use crate::state::{encode, State, Status};
use crate::subs::ConnId;
use crate::synth::random_deltas;
use crate::vocab::EntityKey;
use crate::wire::{ClientMessage, ServerMessage};

/// Cap on events per tick so an extreme rate cannot hold the lock for long.
const MAX_EVENTS_PER_TICK: f64 = 50_000.0;
/// Share of emitted events that go to a subscribed project, when numeric
/// entities are subscribed too.
const PROJECT_SHARE: f64 = 1.0 / 6.0;
/// PRNG streams for delivery faults and mutation faults, distinct from the
/// emitter's.
const FAULT_STREAM: u64 = 4;
const MUTATION_STREAM: u64 = 6;

/// What a WebSocket task gets back when it registers.
pub struct Registration {
    pub id: ConnId,
    pub frames: UnboundedReceiver<String>,
    pub backlog: Arc<AtomicUsize>,
}

pub struct Hub {
    state: Mutex<State>,
    /// Becomes true on shutdown, ending injected waits early.
    closing: watch::Sender<bool>,
}

impl Hub {
    pub fn new(
        catalog: Catalog,
        projects: Projects,
        rate: f64,
        faults: Faults,
        mutation_faults: MutationFaults,
        seed: u64,
    ) -> Self {
        let delivery = Delivery::new(faults, Prng::derive(seed, FAULT_STREAM));
        let mutations = Mutations::new(mutation_faults, Prng::derive(seed, MUTATION_STREAM));
        Self {
            state: Mutex::new(State::new(catalog, projects, rate, delivery, mutations)),
            closing: watch::Sender::new(false),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock, but if something ever did,
        // the data is still consistent enough to keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a `/ws` connection and queues its welcome as the first frame.
    pub fn connect(&self) -> Registration {
        self.connect_as(Protocol::Ws)
    }

    /// Registers a connection speaking `protocol`; its welcome is the first
    /// message it is sent.
    pub fn connect_as(&self, protocol: Protocol) -> Registration {
        let (tx, frames) = unbounded_channel();
        let backlog = Arc::new(AtomicUsize::new(0));
        let mut st = self.lock();
        let id = st.subs.add_conn_as(protocol, tx, backlog.clone());
        st.reply(id, ServerMessage::welcome(id));
        Registration {
            id,
            frames,
            backlog,
        }
    }

    pub fn disconnect(&self, id: ConnId) {
        let mut guard = self.lock();
        let st = &mut *guard;
        let topics = st.subs.topics_of(id);
        st.subs.remove_conn(id);
        let mut out = Outbox::default();
        st.announce_counts(&topics, &mut out);
        out.flush(&mut st.subs);
    }

    /// On shutdown: drops every connection (writers drain and close) and
    /// ends injected waits, so held responses do not delay the exit.
    pub fn disconnect_all(&self) {
        // Closing first: writers that see their channel end know why.
        self.closing.send_replace(true);
        self.lock().subs.clear();
    }

    /// Whether shutdown has begun.
    pub fn is_closing(&self) -> bool {
        *self.closing.borrow()
    }

    /// Sleeps for `duration`, or until shutdown.
    pub async fn wait(&self, duration: Duration) {
        if duration.is_zero() {
            return;
        }
        let mut closing = self.closing.subscribe();
        tokio::select! {
            () = tokio::time::sleep(duration) => {}
            _ = closing.wait_for(|closing| *closing) => {}
        }
    }

    /// Handles one text frame from a client; replies with an ack or an error.
    /// An unsubscribe's ack comes after its farewell (see `farewell`), in
    /// the same frame.
    pub fn client_frame(&self, id: ConnId, text: &str) {
        let parsed = ClientMessage::parse(text);
        let mut st = self.lock();
        let st = &mut *st;
        let mut out = Outbox::default();
        let result = parsed.and_then(|message| st.command(id, &message, &mut out));
        let reply = match result {
            Ok(topics) => ServerMessage::subscribed(topics),
            Err(message) => ServerMessage::error(message),
        };
        if let Some(encoded) = encode(&reply) {
            out.push(id, encoded);
        }
        out.flush(&mut st.subs);
    }

    /// Tells a client its frame was not understood (e.g. a binary frame).
    pub fn client_error(&self, id: ConnId, message: &str) {
        self.lock().reply(id, ServerMessage::error(message));
    }

    /// Applies named deltas to one entity and fans them out, or refuses them
    /// all. `render` sees the entity's new truth, under the lock (with Redis:
    /// once this engine has applied the event from the log).
    pub async fn post_event<R>(
        &self,
        key: EntityKey,
        updates: &[(String, f64)],
        render: impl FnOnce(&Entity) -> R,
    ) -> Result<R, FieldError> {
        let applied = {
            let mut guard = self.lock();
            let st = &mut *guard;
            let deltas = st.catalog.resolve_updates(key, updates)?;
            if st.replicator.is_some() {
                let (tx, rx) = tokio::sync::oneshot::channel();
                st.submit(key, &deltas, None, Some(tx));
                Some(rx)
            } else {
                let mut out = Outbox::default();
                st.publish(key, &deltas, None, &mut out);
                out.flush(&mut st.subs);
                None
            }
        };
        if let Some(applied) = applied {
            applied.await.map_err(|_| {
                FieldError::new(
                    "entityId",
                    "the event could not be appended to the Redis log",
                )
            })?;
        }
        self.lock()
            .catalog
            .get(key)
            .map(render)
            .ok_or_else(|| FieldError::new("entityId", format!("no entity {key}")))
    }

    /// Handles one mutation request (see `mutations`); its echo goes out
    /// before the lock is released.
    pub fn mutate(
        &self,
        key: &str,
        change: Result<Change, FieldError>,
    ) -> Result<Outcome, Rejection> {
        let mut guard = self.lock();
        let st = &mut *guard;
        let mut out = Outbox::default();
        let outcome = st.mutate(key, change, &mut out);
        out.flush(&mut st.subs);
        outcome
    }

    /// A mutation request's injected latency (zero unless `latencyMs` is set).
    pub fn mutation_latency(&self) -> Duration {
        self.lock().mutations.latency()
    }

    /// One emitter tick: re-sends due replays, spends `rate * tick_ms / 1000`
    /// events (carrying the fraction in `carry`) on random subscribed
    /// entities and projects, then releases messages held since the last
    /// tick. Returns how many events it generated.
    pub fn tick(&self, tick_ms: u64, carry: &mut f64, rng: &mut Prng) -> usize {
        let mut guard = self.lock();
        let st = &mut *guard;
        let mut out = Outbox::default();
        st.delivery.send_replays(&st.subs, &mut out);
        let emitted = emit(st, tick_ms, carry, rng, &mut out);
        st.delivery.release_aged(&st.subs, &mut out);
        out.flush(&mut st.subs);
        emitted
    }

    /// Sends every connection a heartbeat for each topic it follows.
    pub fn heartbeat(&self) {
        let mut guard = self.lock();
        let st = &mut *guard;
        let mut out = Outbox::default();
        st.heartbeat(&mut out);
        out.flush(&mut st.subs);
    }

    pub fn status(&self) -> Status {
        self.lock().status()
    }

    /// Changes rate, pause and/or fault settings; values are validated
    /// by the caller. Pausing releases held messages, then sends heartbeats.
    pub fn control(&self, change: &ControlChange) -> Status {
        let mut guard = self.lock();
        let st = &mut *guard;
        if let Some(rate) = change.rate {
            st.rate = rate;
        }
        let faults = &mut st.delivery.faults;
        for (value, slot) in [
            (change.replay, &mut faults.replay),
            (change.gap, &mut faults.gap),
            (change.reorder, &mut faults.reorder),
        ] {
            if let Some(p) = value {
                *slot = p;
            }
        }
        st.mutations.faults.update(change);
        if let Some(paused) = change.paused {
            st.paused = paused;
            if paused {
                let mut out = Outbox::default();
                st.delivery.release_all(&st.subs, &mut out);
                st.heartbeat(&mut out);
                out.flush(&mut st.subs);
            }
        }
        st.status()
    }

    /// Replication: turns this hub into a replica of the Redis log.
    pub fn replicate(&self, replicator: crate::replication::Replicator, initial: Catalog) {
        let mut st = self.lock();
        if replicator.rooms.is_some() {
            st.subs.route_elsewhere(Protocol::SocketIo);
        }
        st.replicator = Some(replicator);
        st.replica = Some(crate::replica::Replica::new(initial));
    }

    /// Replication: one event of the log (see `replica`).
    pub fn offer(
        &self,
        event: crate::replication::Event,
        applied: Option<tokio::sync::oneshot::Sender<()>>,
    ) {
        let mut guard = self.lock();
        let st = &mut *guard;
        let mut out = Outbox::default();
        st.offer(event, applied, &mut out);
        out.flush(&mut st.subs);
    }

    /// Replication: the state Redis holds replaces what is older here.
    pub fn load(&self, loaded: crate::replica::Loaded) {
        let mut guard = self.lock();
        let st = &mut *guard;
        let mut out = Outbox::default();
        st.load(loaded, &mut out);
        out.flush(&mut st.subs);
    }

    /// Replication: an event has waited too long for a missing one.
    pub fn stalled(&self, after: Duration) -> bool {
        self.lock()
            .replica
            .as_ref()
            .is_some_and(|r| r.stalled(after))
    }

    pub fn is_replicated(&self) -> bool {
        self.lock().replicator.is_some()
    }

    /// Runs a read-only query against the current truth (entities and
    /// projects, values and versions together), under the lock.
    pub fn read<R>(&self, query: impl FnOnce(&Catalog, &Projects) -> R) -> R {
        let st = self.lock();
        query(&st.catalog, &st.projects)
    }
}

/// Generates this tick's events; nothing when paused, at rate 0, or when
/// nothing is subscribed (which must not turn into a burst later).
fn emit(st: &mut State, tick_ms: u64, carry: &mut f64, rng: &mut Prng, out: &mut Outbox) -> usize {
    let (entities, projects) = if st.paused || st.rate <= 0.0 {
        (Vec::new(), Vec::new())
    } else {
        (st.subs.live_entities(), st.subs.live_projects())
    };
    if entities.is_empty() && projects.is_empty() {
        *carry = 0.0;
        return 0;
    }
    *carry += st.rate * tick_ms as f64 / 1000.0;
    let count = carry.floor().min(MAX_EVENTS_PER_TICK);
    *carry = carry.fract();

    let mut emitted = 0;
    for _ in 0..count as usize {
        let to_project = !projects.is_empty() && (entities.is_empty() || rng.chance(PROJECT_SHARE));
        if to_project {
            let Some(&number) = rng.pick(&projects) else {
                break;
            };
            st.publish_project(number, rng, out);
        } else {
            let Some(&key) = rng.pick(&entities) else {
                break;
            };
            let Some(entity) = st.catalog.get(key) else {
                continue;
            };
            let deltas = random_deltas(rng, entity);
            st.publish(key, &deltas, None, out);
        }
        emitted += 1;
    }
    emitted
}
