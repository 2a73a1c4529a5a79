//! The hub: truth, subscriptions and fan-out under one `std::sync::Mutex`.
//!
//! Applying a delta, choosing its recipients and queueing their frames happen
//! in one critical section, as does (un)subscribing and queueing the ack. So a
//! client subscribed before a delta was generated always gets it, and never
//! gets one for a topic it had already left. No `.await` happens under the lock.

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use crate::catalog::{Catalog, Delta, Entity};
use crate::error::FieldError;
use crate::outbox::Outbox;
use crate::prng::Prng;
use crate::subs::{ConnId, Subscriptions};
use crate::synth::random_deltas;
use crate::vocab::EntityKey;
use crate::wire::{ClientMessage, ServerMessage};

/// Cap on deltas per tick so an extreme rate cannot hold the lock for long.
const MAX_DELTAS_PER_TICK: f64 = 50_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Status {
    pub rate: f64,
    pub paused: bool,
    /// `metric:update` payloads generated so far (emitter and `/api/events`).
    pub emitted: u64,
    pub connections: usize,
    pub topics: usize,
}

/// What a WebSocket task gets back when it registers.
pub struct Registration {
    pub id: ConnId,
    pub frames: UnboundedReceiver<String>,
    pub backlog: Arc<AtomicUsize>,
}

struct State {
    catalog: Catalog,
    subs: Subscriptions,
    rate: f64,
    paused: bool,
    emitted: u64,
}

pub struct Hub {
    state: Mutex<State>,
}

impl Hub {
    pub fn new(catalog: Catalog, rate: f64) -> Self {
        let state = State {
            catalog,
            subs: Subscriptions::default(),
            rate,
            paused: false,
            emitted: 0,
        };
        Self {
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Nothing panics while holding the lock, but if something ever did,
        // the data is still consistent enough to keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a connection and queues its welcome as the first frame.
    pub fn connect(&self) -> Registration {
        let (tx, frames) = unbounded_channel();
        let backlog = Arc::new(AtomicUsize::new(0));
        let mut st = self.lock();
        let id = st.subs.add_conn(tx, backlog.clone());
        st.reply(id, ServerMessage::welcome(id));
        Registration {
            id,
            frames,
            backlog,
        }
    }

    pub fn disconnect(&self, id: ConnId) {
        self.lock().subs.remove_conn(id);
    }

    /// Drops every connection (on shutdown): writers drain and close.
    pub fn disconnect_all(&self) {
        self.lock().subs.clear();
    }

    /// Handles one text frame from a client; replies with an ack or an error.
    pub fn client_frame(&self, id: ConnId, text: &str) {
        let parsed = ClientMessage::parse(text);
        let mut st = self.lock();
        let st = &mut *st;
        let result = match parsed {
            Ok(ClientMessage::Subscribe { topics }) => {
                let catalog = &st.catalog;
                st.subs.subscribe(id, &topics, |t| {
                    EntityKey::from_topic(t).filter(|k| catalog.get(*k).is_some())
                })
            }
            Ok(ClientMessage::Unsubscribe { topics }) => st.subs.unsubscribe(id, &topics),
            Err(e) => Err(e),
        };
        match result {
            Ok(topics) => st.reply(id, ServerMessage::subscribed(topics)),
            Err(message) => st.reply(id, ServerMessage::error(message)),
        }
    }

    /// Tells a client its frame was not understood (e.g. a binary frame).
    pub fn client_error(&self, id: ConnId, message: &str) {
        self.lock().reply(id, ServerMessage::error(message));
    }

    /// Applies named deltas to one entity and fans them out, or refuses them
    /// all. `render` sees the entity's new truth, still under the lock.
    pub fn post_event<R>(
        &self,
        key: EntityKey,
        updates: &[(String, f64)],
        render: impl FnOnce(&Entity) -> R,
    ) -> Result<R, FieldError> {
        let mut st = self.lock();
        let deltas = st.catalog.resolve_updates(key, updates)?;
        let mut out = Outbox::default();
        st.publish(key, &deltas, &mut out);
        out.flush(&mut st.subs);
        st.catalog
            .get(key)
            .map(render)
            .ok_or_else(|| FieldError::new("entityId", format!("no entity {key}")))
    }

    /// One emitter tick: spends `rate * tick_ms / 1000` deltas (carrying the
    /// fraction in `carry`) on random subscribed entities. Returns how many.
    pub fn tick(&self, tick_ms: u64, carry: &mut f64, rng: &mut Prng) -> usize {
        let mut st = self.lock();
        let live = if st.paused || st.rate <= 0.0 {
            Vec::new()
        } else {
            st.subs.live_entities()
        };
        if live.is_empty() {
            // Nothing to emit now must not turn into a burst later.
            *carry = 0.0;
            return 0;
        }
        *carry += st.rate * tick_ms as f64 / 1000.0;
        let count = carry.floor().min(MAX_DELTAS_PER_TICK);
        *carry = carry.fract();

        let mut out = Outbox::default();
        let mut emitted = 0;
        for _ in 0..count as usize {
            let Some(&key) = rng.pick(&live) else { break };
            let Some(entity) = st.catalog.get(key) else {
                continue;
            };
            let deltas = random_deltas(rng, entity);
            st.publish(key, &deltas, &mut out);
            emitted += 1;
        }
        out.flush(&mut st.subs);
        emitted
    }

    pub fn status(&self) -> Status {
        self.lock().status()
    }

    /// Changes rate and/or pause; values are validated by the caller.
    pub fn control(&self, rate: Option<f64>, paused: Option<bool>) -> Status {
        let mut st = self.lock();
        if let Some(rate) = rate {
            st.rate = rate;
        }
        if let Some(paused) = paused {
            st.paused = paused;
        }
        st.status()
    }

    /// Runs a read-only query against the current truth, under the lock.
    pub fn read<R>(&self, query: impl FnOnce(&Catalog) -> R) -> R {
        query(&self.lock().catalog)
    }
}

impl State {
    fn status(&self) -> Status {
        Status {
            rate: self.rate,
            paused: self.paused,
            emitted: self.emitted,
            connections: self.subs.connection_count(),
            topics: self.subs.topic_count(),
        }
    }

    /// The one place a delta becomes a message: apply it to the truth, build
    /// the `metric:update`, and route it to the topic's current subscribers.
    fn publish(&mut self, key: EntityKey, deltas: &[Delta], out: &mut Outbox) {
        // Encode first: if that ever failed, the truth must not move either.
        let message = ServerMessage::metric_update(key, deltas);
        let Some(encoded) = encode(&message) else {
            return;
        };
        if deltas.is_empty() || self.catalog.apply(key, deltas).is_none() {
            return;
        }
        self.emitted += 1;
        let topic = message.topic.as_deref().unwrap_or_default();
        for conn in self.subs.subscribers(topic) {
            out.push(conn, encoded.clone());
        }
    }

    /// Sends a single-message frame to one connection.
    fn reply(&mut self, id: ConnId, message: ServerMessage) {
        if let Some(encoded) = encode(&message) {
            let mut out = Outbox::default();
            out.push(id, encoded);
            out.flush(&mut self.subs);
        }
    }
}

fn encode(message: &ServerMessage) -> Option<Arc<str>> {
    match serde_json::to_string(message) {
        Ok(s) => Some(s.into()),
        Err(e) => {
            eprintln!("livemetrics-engine: cannot encode {}: {e}", message.kind);
            None
        }
    }
}
