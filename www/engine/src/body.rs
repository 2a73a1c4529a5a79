//! Validation of POST bodies. Parsed by hand from `serde_json::Value` so every
//! error can name the exact field at fault.

use serde_json::{Map, Value};

use crate::config::MAX_RATE;
use crate::error::FieldError;
use crate::vocab::{EntityKey, EntityType};

/// `{ "rate"?: number >= 0, "paused"?: bool, "replay"|"gap"|"reorder"?: p }`
/// with each fault probability `p` in `[0, 1]`.
#[derive(Debug, Default, PartialEq)]
pub struct ControlChange {
    pub rate: Option<f64>,
    pub paused: Option<bool>,
    pub replay: Option<f64>,
    pub gap: Option<f64>,
    pub reorder: Option<f64>,
}

/// `{ "entityType", "entityId", "updates": { name: integer } }`
#[derive(Debug, PartialEq)]
pub struct Event {
    pub key: EntityKey,
    pub updates: Vec<(String, f64)>,
}

/// Bounds on one event, so a request cannot build huge messages.
const MAX_UPDATES: usize = 16;
const MAX_DELTA: f64 = 1e12;

fn object(bytes: &[u8]) -> Result<Map<String, Value>, FieldError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(FieldError::new("body", "expected a JSON object")),
        Err(e) => Err(FieldError::new("body", format!("invalid JSON: {e}"))),
    }
}

fn reject_unknown(map: &Map<String, Value>, known: &[&str]) -> Result<(), FieldError> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(FieldError::new(k.as_str(), "unknown field")),
        None => Ok(()),
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
    reject_unknown(&map, &["rate", "paused", "replay", "gap", "reorder"])?;
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
            FieldError::new("entityType", "expected \"Model\", \"Image\" or \"Post\"")
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
mod tests {
    use super::*;

    fn field<T>(r: Result<T, FieldError>) -> String {
        r.err().map(|e| e.field).unwrap_or_default()
    }

    #[test]
    fn control_bodies() {
        assert_eq!(control(b"{}").ok(), Some(ControlChange::default()));
        let c = control(br#"{"rate": 12.5, "paused": true, "gap": 0, "reorder": 1}"#).ok();
        assert_eq!(
            c,
            Some(ControlChange {
                rate: Some(12.5),
                paused: Some(true),
                gap: Some(0.0),
                reorder: Some(1.0),
                ..ControlChange::default()
            })
        );
        for field in ["replay", "gap", "reorder"] {
            for bad in ["1.5", "-0.1", "\"x\"", "null", "true"] {
                let body = format!("{{\"{field}\": {bad}}}");
                assert_eq!(
                    control(body.as_bytes()).err().map(|e| e.field),
                    Some(field.into())
                );
            }
        }
        assert_eq!(field(control(br#"{"rate": -1}"#)), "rate");
        assert_eq!(field(control(br#"{"rate": "fast"}"#)), "rate");
        assert_eq!(field(control(br#"{"paused": 1}"#)), "paused");
        assert_eq!(field(control(br#"{"speed": 1}"#)), "speed");
        assert_eq!(field(control(b"[1]")), "body");
        assert_eq!(field(control(b"{")), "body");
    }

    #[test]
    fn event_bodies() {
        let e = event(br#"{"entityType":"Image","entityId":5,"updates":{"Like":1,"cryCount":-1}}"#);
        let want = Event {
            key: EntityKey::new(EntityType::Image, 5),
            updates: vec![("Like".into(), 1.0), ("cryCount".into(), -1.0)],
        };
        assert_eq!(e.ok(), Some(want));
        let cases: &[(&[u8], &str)] = &[
            (
                br#"{"entityType":"Video","entityId":1,"updates":{"x":1}}"#,
                "entityType",
            ),
            (br#"{"entityId":1,"updates":{"x":1}}"#, "entityType"),
            (
                br#"{"entityType":"Image","entityId":-1,"updates":{"x":1}}"#,
                "entityId",
            ),
            (
                br#"{"entityType":"Image","entityId":"1","updates":{"x":1}}"#,
                "entityId",
            ),
            (
                br#"{"entityType":"Image","entityId":1,"updates":{}}"#,
                "updates",
            ),
            (
                br#"{"entityType":"Image","entityId":1,"updates":{"likeCount":0.5}}"#,
                "updates.likeCount",
            ),
            (
                br#"{"entityType":"Image","entityId":1,"updates":{"likeCount":"1"}}"#,
                "updates.likeCount",
            ),
            (
                br#"{"entityType":"Image","entityId":1,"updates":{"likeCount":1e300}}"#,
                "updates.likeCount",
            ),
            (
                br#"{"entityType":"Image","entityId":1,"updates":{"x":1},"extra":1}"#,
                "extra",
            ),
        ];
        for (body, want) in cases {
            let got = field(event(body));
            assert_eq!(got, *want);
        }
    }
}
