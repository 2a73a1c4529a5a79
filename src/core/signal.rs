//! Remote `metric:update` payloads, parsed leniently.
//!
//! Sites receive `{ entityType, entityId, userId?, [metricOrAlias]: delta }`
//! (flat) or `{ entityType, entityId, updates: {…} }` (nested). Remote data
//! must never break the page: unknown fields and bad values are dropped and
//! counted, a payload without a valid entity is rejected and counted, and
//! nothing here can fail or panic on any input.

use super::activity::{ActivityEvent, ActivityKind};
use super::apply::{Delivery, DeltaOutcome};
use super::dedupe::EventId;
use super::entity_id::{is_safe_index, EntityIdRef};
use super::json::{NumberParser, Reader, Scalar};
use super::store::{Effect, MetricStore};
use super::trace::{Fate, Source, TraceEntry};
use super::vocab::MetricCode;

/// Payload fields that are not metrics and are not counted as dropped.
const KNOWN_FIELDS: [&str; 2] = ["userId", "timestamp"];

/// The entity id as received.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RawId {
    #[default]
    Missing,
    Number(f64),
    Text(String),
    Invalid,
}

/// A payload as received: nothing validated yet, nothing lost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignalPayload {
    pub entity_type: Option<String>,
    pub entity_id: RawId,
    /// Metric-or-alias name → value (`None` when the value is not a number).
    pub fields: Vec<(String, Option<f64>)>,
    /// Fields that could not even be read as name/value (e.g. a non-object `updates`).
    pub unreadable: u32,
    /// Replay dedupe key.
    pub event_id: Option<EventId>,
    /// Per-entity sequence number, as received.
    pub seq: Option<f64>,
    /// A heartbeat's "the server is at this version", as received.
    pub version: Option<f64>,
    /// The app's own mutation this signal echoes.
    pub mutation_id: Option<String>,
}

/// What applying one payload did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignalOutcome {
    /// The payload named a valid entity.
    pub accepted: bool,
    pub dropped: u32,
    /// Applied, or dropped as a replay or as already in the base.
    pub delivery: DeltaOutcome,
    pub effect: Effect,
}

/// A valid `seq`: a non-negative safe integer.
fn seq_of(v: f64) -> Option<u64> {
    is_safe_index(v).then_some(v as u64)
}

impl MetricStore {
    /// Applies a remote payload leniently; never fails. `now` (the caller's
    /// clock, ms) becomes the entity's `lastUpdated` and the activity time.
    pub fn apply_signal(&mut self, payload: &SignalPayload, now: Option<f64>) -> SignalOutcome {
        let ty = payload
            .entity_type
            .as_deref()
            .and_then(|name| self.vocab().entity_type_code(name));
        let id = match &payload.entity_id {
            RawId::Number(v) => EntityIdRef::from_number(*v).ok(),
            RawId::Text(s) => EntityIdRef::from_text(s).ok(),
            RawId::Missing | RawId::Invalid => None,
        };
        let (Some(ty), Some(id)) = (ty, id) else {
            self.stats.signals_rejected = self.stats.signals_rejected.saturating_add(1);
            return SignalOutcome {
                accepted: false,
                dropped: 0,
                delivery: DeltaOutcome::Applied(Effect::None),
                effect: Effect::None,
            };
        };
        let mut dropped = payload.unreadable;
        let seq = payload.seq.and_then(seq_of);
        if payload.seq.is_some() && seq.is_none() {
            dropped = dropped.saturating_add(1);
        }
        match payload.version.map(seq_of) {
            Some(Some(version)) if seq.is_none() && payload.fields.is_empty() => {
                self.observe_version(ty, id, version);
            }
            Some(_) => dropped = dropped.saturating_add(1),
            None => {}
        }
        let delivery = Delivery {
            seq,
            event_id: payload.event_id.clone(),
            now,
        };
        let mut updates: Vec<(MetricCode, f64)> = Vec::with_capacity(payload.fields.len());
        for (name, value) in &payload.fields {
            let finite = value.filter(|v| v.is_finite());
            let code = match finite {
                Some(_) if self.learn_metrics => self.vocab.learn_metric(name),
                _ => self.vocab().metric_code(name),
            };
            match (code, finite) {
                (Some(m), Some(v)) => updates.push((m, v)),
                _ => dropped = dropped.saturating_add(1),
            }
        }
        // Our own mutation's echo replaces its optimistic delta (by mutation
        // id, never by user id: the user's other tabs count it normally).
        let mut echo_effect = Effect::None;
        if let Some(mid) = &payload.mutation_id {
            if self.echo(mid, seq, &mut echo_effect) {
                updates.clear();
            }
        }
        // Only an overflowing sum can still fail: drop that metric and retry.
        let outcome = loop {
            match self.apply_delivery(ty, id, &updates, &delivery) {
                Ok(outcome) => break outcome,
                Err(err) => {
                    let name = err.field.strip_prefix("updates.").unwrap_or_default();
                    let bad = self.vocab().metric_code(name);
                    let before = updates.len();
                    updates.retain(|(m, _)| Some(*m) != bad);
                    let removed = before.saturating_sub(updates.len());
                    if removed == 0 {
                        updates.clear();
                    }
                    dropped = dropped.saturating_add(u32::try_from(removed).unwrap_or(u32::MAX));
                }
            }
        };
        self.trace_deltas(
            ty,
            id,
            &updates,
            Source::Remote,
            Fate::of(outcome),
            payload.seq.and_then(seq_of),
            payload.event_id.as_ref(),
            payload.mutation_id.as_deref(),
            now,
        );
        let derived = match outcome {
            DeltaOutcome::Applied(_) => self.derive(ty, id, &updates, now),
            _ => Effect::None,
        };
        self.stats.signals_applied = self.stats.signals_applied.saturating_add(1);
        self.stats.fields_dropped = self.stats.fields_dropped.saturating_add(u64::from(dropped));
        if let (Some(at), DeltaOutcome::Applied(effect)) = (now, outcome) {
            if effect != Effect::None {
                self.record_delta_activity(ty, id, &updates, at);
            }
        }
        SignalOutcome {
            accepted: true,
            dropped,
            delivery: outcome,
            effect: outcome.effect().max(echo_effect).max(derived),
        }
    }

    /// Records a write's deltas if the entity is traced.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn trace_deltas(
        &mut self,
        ty: super::vocab::TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
        source: Source,
        fate: Fate,
        seq: Option<u64>,
        event_id: Option<&EventId>,
        mutation_id: Option<&str>,
        at: Option<f64>,
    ) {
        if !self.traces.any() {
            return;
        }
        for &(metric, delta) in updates {
            self.traces.record(ty, id, || TraceEntry {
                source,
                fate,
                metric,
                delta,
                seq,
                event_id: event_id.map(EventId::text),
                mutation_id: mutation_id.map(String::from),
                at,
            });
        }
    }

    /// A heartbeat: the server's version for the entity. A jump means missed deltas.
    fn observe_version(&mut self, ty: super::vocab::TypeCode, id: EntityIdRef<'_>, version: u64) {
        let Some(slot) = self.entities.find(ty, id) else {
            return;
        };
        let gap = self
            .entities
            .get_mut(slot)
            .is_some_and(|e| e.wm_mut().observe(version));
        if gap {
            self.stats.gaps_detected = self.stats.gaps_detected.saturating_add(1);
            self.queue_resync(slot);
        }
    }

    pub(super) fn record_delta_activity(
        &mut self,
        ty: super::vocab::TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
        at: f64,
    ) {
        let mut changed: Vec<MetricCode> = Vec::new();
        for (m, d) in updates {
            if *d != 0.0 && !changed.contains(m) {
                changed.push(*m);
            }
        }
        self.activity.push(ActivityEvent {
            kind: ActivityKind::Delta,
            ty,
            id: id.to_owned_id(),
            changed,
            at,
        });
    }

    /// Applies many payloads (one transport frame) in one call.
    pub fn apply_signals(&mut self, payloads: &[SignalPayload], now: Option<f64>) -> Effect {
        payloads
            .iter()
            .map(|p| self.apply_signal(p, now).effect)
            .max()
            .unwrap_or(Effect::None)
    }
}

/// Reads one payload (the reader at its value). Anything but an object is
/// a payload with no entity: rejected and counted, never an error.
pub(super) fn read_payload(r: &mut Reader<'_>) -> Option<SignalPayload> {
    let mut p = SignalPayload::default();
    if r.peek()? != b'{' {
        r.skip()?;
        return Some(p);
    }
    r.object(|r, key| {
        match &*key {
            "entityType" => p.entity_type = text(r.scalar()?),
            "entityId" => {
                p.entity_id = match r.scalar()? {
                    Scalar::Number(n) => RawId::Number(n),
                    Scalar::Text(t) => RawId::Text(t.into_owned()),
                    Scalar::Other => RawId::Invalid,
                }
            }
            "eventId" => match r.scalar()? {
                Scalar::Number(n) => p.event_id = Some(EventId::Number(n)),
                Scalar::Text(t) => p.event_id = Some(EventId::Text(t.into_owned())),
                Scalar::Other => p.unreadable = p.unreadable.saturating_add(1),
            },
            "mutationId" => match text(r.scalar()?) {
                Some(id) => p.mutation_id = Some(id),
                None => p.unreadable = p.unreadable.saturating_add(1),
            },
            "seq" => p.seq = Some(number(r.scalar()?)),
            "version" => p.version = Some(number(r.scalar()?)),
            "updates" => {
                if r.peek()? == b'{' {
                    r.object(|r, name| {
                        let value = number_opt(r.scalar()?);
                        p.fields.push((name.into_owned(), value));
                        Some(())
                    })?;
                } else {
                    r.skip()?;
                    p.unreadable = p.unreadable.saturating_add(1);
                }
            }
            k if KNOWN_FIELDS.contains(&k) => r.skip()?,
            _ => {
                let value = number_opt(r.scalar()?);
                p.fields.push((key.into_owned(), value));
            }
        }
        Some(())
    })?;
    Some(p)
}

fn text(v: Scalar<'_>) -> Option<String> {
    match v {
        Scalar::Text(t) => Some(t.into_owned()),
        _ => None,
    }
}

fn number_opt(v: Scalar<'_>) -> Option<f64> {
    match v {
        Scalar::Number(n) => Some(n),
        _ => None,
    }
}

/// A watermark field: NaN when it isn't a number (then dropped and counted).
fn number(v: Scalar<'_>) -> f64 {
    number_opt(v).unwrap_or(f64::NAN)
}

/// Parses JSON text holding one payload, or an array of payloads (one
/// transport frame). Malformed text is one payload with no entity.
pub fn parse_signals(json: &str, numbers: NumberParser<'_>) -> Vec<SignalPayload> {
    let mut r = Reader::new(json, numbers);
    let parsed = if r.peek() == Some(b'[') {
        let mut all = Vec::new();
        r.array(|r| {
            all.push(read_payload(r)?);
            Some(())
        })
        .map(|()| all)
    } else {
        read_payload(&mut r).map(|p| vec![p])
    };
    match parsed {
        Some(all) if r.at_end() => all,
        _ => vec![SignalPayload::default()],
    }
}

/// Rust's own float parser, for native callers of `parse_signals`.
pub fn std_numbers(s: &str) -> Option<f64> {
    s.parse().ok()
}
