//! Remote `metric:update` payloads, parsed leniently.
//!
//! Sites receive `{ entityType, entityId, userId?, [metricOrAlias]: delta }`
//! (flat) or `{ entityType, entityId, updates: {…} }` (nested). Remote data
//! must never break the page: unknown fields and bad values are dropped and
//! counted, a payload without a valid entity is rejected and counted, and
//! nothing here can fail or panic on any input.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::activity::{ActivityEvent, ActivityKind};
use super::apply::{Delivery, DeltaOutcome};
use super::dedupe::EventId;
use super::entity_id::{EntityIdRef, MAX_SAFE_INTEGER};
use super::store::{Effect, MetricStore};
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
    (v.is_finite() && v.fract() == 0.0 && v >= 0.0 && v <= MAX_SAFE_INTEGER as f64)
        .then_some(v as u64)
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
            match (self.vocab().metric_code(name), value) {
                (Some(m), Some(v)) if v.is_finite() => updates.push((m, *v)),
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
            effect: outcome.effect().max(echo_effect),
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
            .is_some_and(|e| e.wm.observe(version));
        if gap {
            self.stats.gaps_detected = self.stats.gaps_detected.saturating_add(1);
            self.queue_resync(slot);
        }
    }

    fn record_delta_activity(
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

impl<'de> Deserialize<'de> for SignalPayload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PayloadVisitor)
    }
}

/// Non-objects are valid input: they become a payload with no entity,
/// which is then rejected and counted.
struct PayloadVisitor;

impl<'de> Visitor<'de> for PayloadVisitor {
    type Value = SignalPayload;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a metric:update payload object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SignalPayload, A::Error> {
        let mut p = SignalPayload::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "entityType" => p.entity_type = map.next_value::<Lenient<String>>()?.0,
                "entityId" => {
                    p.entity_id = map
                        .next_value::<Lenient<RawId>>()?
                        .0
                        .unwrap_or(RawId::Invalid)
                }
                "eventId" => {
                    p.event_id = match map.next_value::<Lenient<RawId>>()?.0 {
                        Some(RawId::Number(n)) => Some(EventId::Number(n)),
                        Some(RawId::Text(t)) => Some(EventId::Text(t)),
                        _ => {
                            p.unreadable = p.unreadable.saturating_add(1);
                            None
                        }
                    }
                }
                "seq" => p.seq = Some(map.next_value::<Lenient<f64>>()?.0.unwrap_or(f64::NAN)),
                "mutationId" => match map.next_value::<Lenient<String>>()?.0 {
                    Some(id) => p.mutation_id = Some(id),
                    None => p.unreadable = p.unreadable.saturating_add(1),
                },
                "version" => {
                    p.version = Some(map.next_value::<Lenient<f64>>()?.0.unwrap_or(f64::NAN))
                }
                "updates" => match map.next_value::<Lenient<Fields>>()?.0 {
                    Some(fields) => p.fields.extend(fields.0),
                    None => p.unreadable = p.unreadable.saturating_add(1),
                },
                k if KNOWN_FIELDS.contains(&k) => {
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    let value = map.next_value::<Lenient<f64>>()?.0;
                    p.fields.push((key, value));
                }
            }
        }
        Ok(p)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SignalPayload, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(SignalPayload::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_unit<E: de::Error>(self) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<SignalPayload, E> {
        Ok(SignalPayload::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<SignalPayload, D::Error> {
        d.deserialize_any(self)
    }
}

/// The nested `updates` object.
struct Fields(Vec<(String, Option<f64>)>);

/// Accepts any value; `None` unless it has the wanted shape.
struct Lenient<T>(Option<T>);

/// What a lenient value is looking for.
trait Wanted: Sized {
    fn from_number(_: f64) -> Option<Self> {
        None
    }
    fn from_text(_: &str) -> Option<Self> {
        None
    }
    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

impl Wanted for f64 {
    fn from_number(v: f64) -> Option<Self> {
        Some(v)
    }
}

impl Wanted for String {
    fn from_text(s: &str) -> Option<Self> {
        Some(s.to_string())
    }
}

impl Wanted for RawId {
    fn from_number(v: f64) -> Option<Self> {
        Some(RawId::Number(v))
    }
    fn from_text(s: &str) -> Option<Self> {
        Some(RawId::Text(s.to_string()))
    }
}

impl Wanted for Fields {
    fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Lenient<f64>>()?.0;
            fields.push((key, value));
        }
        Ok(Some(Fields(fields)))
    }
}

impl<'de, T: Wanted> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor(std::marker::PhantomData))
    }
}

struct LenientVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Wanted> Visitor<'de> for LenientVisitor<T> {
    type Value = Lenient<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Lenient(T::from_number(v)))
    }
    // Integers beyond 2^53 round, exactly as JavaScript would read them.
    #[allow(clippy::cast_precision_loss)]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Lenient(T::from_number(v as f64)))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Lenient(T::from_number(v as f64)))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Lenient(T::from_number(v as f64)))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Lenient(T::from_number(v as f64)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Lenient(T::from_text(v)))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Lenient(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(Lenient(T::from_map(map)?))
    }
}
