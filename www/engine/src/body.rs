//! Validation of POST bodies. Parsed by hand from `serde_json::Value` so every
//! error can name the exact field at fault.

use serde_json::{Map, Value};

use crate::config::MAX_RATE;
use crate::error::FieldError;
use crate::mutation_faults::{MAX_LATENCY_MS, MAX_LOST_RESPONSE_MS};
use crate::vocab::{EntityKey, EntityType};

/// `{ "rate"?: number >= 0, "paused"?: bool, "replay"|"gap"|"reorder"?: p,
/// "fail5xx"|"fail4xx"|"throttle"|"loseResponse"?: p, "latencyMs"?: ms,
/// "lostResponseMs"?: ms }` with each fault probability `p` in `[0, 1]`.
#[derive(Debug, Default, PartialEq)]
pub struct ControlChange {
    pub rate: Option<f64>,
    pub paused: Option<bool>,
    pub replay: Option<f64>,
    pub gap: Option<f64>,
    pub reorder: Option<f64>,
    pub latency_ms: Option<u64>,
    pub fail_5xx: Option<f64>,
    pub fail_4xx: Option<f64>,
    pub throttle: Option<f64>,
    pub lose_response: Option<f64>,
    pub lost_response_ms: Option<u64>,
}

const CONTROL_FIELDS: &[&str] = &[
    "rate",
    "paused",
    "replay",
    "gap",
    "reorder",
    "latencyMs",
    "fail5xx",
    "fail4xx",
    "throttle",
    "loseResponse",
    "lostResponseMs",
];

/// `{ "entityType", "entityId", "updates": { name: integer } }`
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub key: EntityKey,
    pub updates: Vec<(String, f64)>,
}

/// Bounds on one event, so a request cannot build huge messages.
const MAX_UPDATES: usize = 16;
const MAX_DELTA: f64 = 1e12;

pub(crate) fn object(bytes: &[u8]) -> Result<Map<String, Value>, FieldError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(FieldError::new("body", "expected a JSON object")),
        Err(e) => Err(FieldError::new("body", format!("invalid JSON: {e}"))),
    }
}

pub(crate) fn reject_unknown(map: &Map<String, Value>, known: &[&str]) -> Result<(), FieldError> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(FieldError::new(k.as_str(), "unknown field")),
        None => Ok(()),
    }
}

/// Whole milliseconds in `[0, max]`, or `None` if the field is absent.
fn millis(map: &Map<String, Value>, field: &str, max: u64) -> Result<Option<u64>, FieldError> {
    match map.get(field) {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(ms) if ms <= max => Ok(Some(ms)),
            _ => Err(FieldError::new(
                field,
                format!("expected whole milliseconds from 0 to {max}"),
            )),
        },
    }
}

/// A probability in `[0, 1]`, or `None` if the field is absent.
fn probability(map: &Map<String, Value>, field: &str) -> Result<Option<f64>, FieldError> {
    match map.get(field) {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(p) if (0.0..=1.0).contains(&p) => Ok(Some(p)),
            _ => Err(FieldError::new(field, "expected a probability from 0 to 1")),
        },
    }
}

pub fn control(bytes: &[u8]) -> Result<ControlChange, FieldError> {
    let map = object(bytes)?;
    reject_unknown(&map, CONTROL_FIELDS)?;
    let rate = match map.get("rate") {
        None => None,
        Some(v) => match v.as_f64() {
            Some(r) if r.is_finite() && (0.0..=MAX_RATE).contains(&r) => Some(r),
            _ => {
                return Err(FieldError::new(
                    "rate",
                    format!("expected a number from 0 to {MAX_RATE}"),
                ))
            }
        },
    };
    let paused = match map.get("paused") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(FieldError::new("paused", "expected true or false")),
    };
    Ok(ControlChange {
        rate,
        paused,
        replay: probability(&map, "replay")?,
        gap: probability(&map, "gap")?,
        reorder: probability(&map, "reorder")?,
        latency_ms: millis(&map, "latencyMs", MAX_LATENCY_MS)?,
        fail_5xx: probability(&map, "fail5xx")?,
        fail_4xx: probability(&map, "fail4xx")?,
        throttle: probability(&map, "throttle")?,
        lose_response: probability(&map, "loseResponse")?,
        lost_response_ms: millis(&map, "lostResponseMs", MAX_LOST_RESPONSE_MS)?,
    })
}

pub fn event(bytes: &[u8]) -> Result<Event, FieldError> {
    let map = object(bytes)?;
    reject_unknown(&map, &["entityType", "entityId", "updates"])?;
    let entity_type = map
        .get("entityType")
        .and_then(Value::as_str)
        .and_then(EntityType::parse)
        .ok_or_else(|| {
            FieldError::new(
                "entityType",
                "expected \"Model\", \"Image\", \"Post\" or \"Expose\"",
            )
        })?;
    let id = map
        .get("entityId")
        .and_then(Value::as_u64)
        .and_then(|id| u32::try_from(id).ok())
        .ok_or_else(|| FieldError::new("entityId", "expected a positive integer id"))?;
    let updates = match map.get("updates") {
        Some(Value::Object(u)) if !u.is_empty() && u.len() <= MAX_UPDATES => u,
        _ => {
            return Err(FieldError::new(
                "updates",
                format!("expected an object of 1 to {MAX_UPDATES} metric deltas"),
            ))
        }
    };
    let mut deltas = Vec::with_capacity(updates.len());
    for (name, value) in updates {
        match value.as_f64() {
            Some(d) if d.is_finite() && d.fract() == 0.0 && d.abs() <= MAX_DELTA => {
                deltas.push((name.clone(), d));
            }
            _ => {
                return Err(FieldError::new(
                    format!("updates.{name}"),
                    "expected an integer delta",
                ))
            }
        }
    }
    Ok(Event {
        key: EntityKey::new(entity_type, id),
        updates: deltas,
    })
}

#[cfg(test)]
#[path = "body_tests.rs"]
mod tests;
