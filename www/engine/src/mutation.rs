//! Mutation requests: what each mutation endpoint asks to change, parsed and
//! validated from its JSON body (errors name the field at fault), and the
//! `Idempotency-Key` every one of them must carry.

use serde_json::{Map, Value};

use crate::body::{self, object, reject_unknown};
use crate::error::FieldError;
use crate::vocab::{EntityKey, EntityType};

/// The header naming a mutation; also its `mutationId`.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Longest idempotency key or session id accepted.
pub const MAX_KEY_LEN: usize = 128;
/// Bounds on `POST /api/expose/comment`'s `increment`.
pub const MAX_COMMENT_INCREMENT: u64 = 10;

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// `POST /api/expose/vote`: upvotes or downvotes +1.
    Vote { expose: u32, up: bool },
    /// `POST /api/expose/view`: views +1, once per (expose, session) ever.
    View { expose: u32, session: String },
    /// `POST /api/expose/share`: shares +1.
    Share { expose: u32 },
    /// `POST /api/expose/comment`: comments +increment (1..=10).
    Comment { expose: u32, increment: u32 },
    /// `POST /api/mutations`: named deltas, validated like `/api/events`.
    Generic(body::Event),
}

impl Change {
    /// The entity it changes.
    pub fn key(&self) -> EntityKey {
        let expose = |id| EntityKey::new(EntityType::Expose, id);
        match self {
            Change::Vote { expose: id, .. }
            | Change::View { expose: id, .. }
            | Change::Share { expose: id }
            | Change::Comment { expose: id, .. } => expose(*id),
            Change::Generic(event) => event.key,
        }
    }

    /// Its `{ metric: delta }` updates.
    pub fn updates(&self) -> Vec<(String, f64)> {
        let one = |name: &str, amount: f64| vec![(name.to_owned(), amount)];
        match self {
            Change::Vote { up: true, .. } => one("upvotes", 1.0),
            Change::Vote { up: false, .. } => one("downvotes", 1.0),
            Change::View { .. } => one("views", 1.0),
            Change::Share { .. } => one("shares", 1.0),
            Change::Comment { increment, .. } => one("comments", f64::from(*increment)),
            Change::Generic(event) => event.updates.clone(),
        }
    }

    /// The input that names its entity, for "no such entity" errors.
    pub fn id_field(&self) -> &'static str {
        match self {
            Change::Generic(_) => "entityId",
            _ => "exposeId",
        }
    }
}

/// 1 to 128 printable ASCII characters (spaces allowed).
fn printable(s: &str) -> bool {
    (1..=MAX_KEY_LEN).contains(&s.len()) && s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Checks the `Idempotency-Key` header's value, if there is one.
pub fn idempotency_key(value: Option<&[u8]>) -> Result<String, FieldError> {
    match value.and_then(|v| std::str::from_utf8(v).ok()) {
        Some(key) if printable(key) => Ok(key.to_owned()),
        _ => Err(FieldError::new(
            IDEMPOTENCY_KEY,
            format!("required header of 1 to {MAX_KEY_LEN} printable characters"),
        )),
    }
}

/// An expose body: the known fields, and its `exposeId`.
fn expose_body(bytes: &[u8], known: &[&str]) -> Result<(Map<String, Value>, u32), FieldError> {
    let map = object(bytes)?;
    reject_unknown(&map, known)?;
    let id = map
        .get("exposeId")
        .and_then(Value::as_u64)
        .and_then(|id| u32::try_from(id).ok())
        .ok_or_else(|| FieldError::new("exposeId", "expected a positive integer id"))?;
    Ok((map, id))
}

/// `{ exposeId, voteType: "upvote" | "downvote" }`
pub fn vote(bytes: &[u8]) -> Result<Change, FieldError> {
    let (map, expose) = expose_body(bytes, &["exposeId", "voteType"])?;
    let up = match map.get("voteType").and_then(Value::as_str) {
        Some("upvote") => true,
        Some("downvote") => false,
        _ => {
            return Err(FieldError::new(
                "voteType",
                "expected \"upvote\" or \"downvote\"",
            ))
        }
    };
    Ok(Change::Vote { expose, up })
}

/// `{ exposeId, sessionId }`
pub fn view(bytes: &[u8]) -> Result<Change, FieldError> {
    let (map, expose) = expose_body(bytes, &["exposeId", "sessionId"])?;
    match map.get("sessionId").and_then(Value::as_str) {
        Some(session) if printable(session) => Ok(Change::View {
            expose,
            session: session.to_owned(),
        }),
        _ => Err(FieldError::new(
            "sessionId",
            format!("expected a string of 1 to {MAX_KEY_LEN} printable characters"),
        )),
    }
}

/// `{ exposeId }`
pub fn share(bytes: &[u8]) -> Result<Change, FieldError> {
    let (_, expose) = expose_body(bytes, &["exposeId"])?;
    Ok(Change::Share { expose })
}

/// `{ exposeId, increment: 1..=10 }`
pub fn comment(bytes: &[u8]) -> Result<Change, FieldError> {
    let (map, expose) = expose_body(bytes, &["exposeId", "increment"])?;
    let increment = map
        .get("increment")
        .and_then(Value::as_u64)
        .filter(|n| (1..=MAX_COMMENT_INCREMENT).contains(n))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            FieldError::new(
                "increment",
                format!("expected an integer from 1 to {MAX_COMMENT_INCREMENT}"),
            )
        })?;
    Ok(Change::Comment { expose, increment })
}

/// `{ entityType, entityId, updates: { metric: delta } }`, as `/api/events`.
pub fn generic(bytes: &[u8]) -> Result<Change, FieldError> {
    body::event(bytes).map(Change::Generic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<impl std::fmt::Debug, FieldError>) -> String {
        r.err().map(|e| e.field).unwrap_or_default()
    }

    #[test]
    fn bodies_parse_and_name_bad_fields() {
        let up = vote(br#"{"exposeId":3,"voteType":"upvote"}"#).unwrap();
        assert_eq!(
            up,
            Change::Vote {
                expose: 3,
                up: true
            }
        );
        assert_eq!(up.key(), EntityKey::new(EntityType::Expose, 3));
        assert_eq!(up.updates(), vec![("upvotes".to_owned(), 1.0)]);
        let down = vote(br#"{"exposeId":3,"voteType":"downvote"}"#).unwrap();
        assert_eq!(down.updates(), vec![("downvotes".to_owned(), 1.0)]);
        let c = comment(br#"{"exposeId":1,"increment":10}"#).unwrap();
        assert_eq!(c.updates(), vec![("comments".to_owned(), 10.0)]);
        let v = view(br#"{"exposeId":1,"sessionId":"s-1"}"#).unwrap();
        assert_eq!(v.updates(), vec![("views".to_owned(), 1.0)]);
        assert_eq!(share(br#"{"exposeId":1}"#).unwrap().id_field(), "exposeId");
        let g = generic(br#"{"entityType":"Image","entityId":2,"updates":{"Like":1}}"#);
        assert_eq!(g.unwrap().id_field(), "entityId");

        assert_eq!(
            field(vote(br#"{"exposeId":3,"voteType":"up"}"#)),
            "voteType"
        );
        assert_eq!(field(vote(br#"{"exposeId":3}"#)), "voteType");
        assert_eq!(
            field(vote(br#"{"exposeId":"3","voteType":"upvote"}"#)),
            "exposeId"
        );
        assert_eq!(
            field(vote(br#"{"exposeId":-1,"voteType":"upvote"}"#)),
            "exposeId"
        );
        assert_eq!(field(share(br#"{"exposeId":1,"x":1}"#)), "x");
        assert_eq!(field(share(b"[]")), "body");
        for bad in ["0", "11", "1.5", "\"2\"", "null"] {
            let body = format!(r#"{{"exposeId":1,"increment":{bad}}}"#);
            assert_eq!(field(comment(body.as_bytes())), "increment", "{bad}");
        }
        let long = "x".repeat(129);
        for bad in ["\"\"", "1", &format!("\"{long}\""), "\"a\\nb\""] {
            let body = format!(r#"{{"exposeId":1,"sessionId":{bad}}}"#);
            assert_eq!(field(view(body.as_bytes())), "sessionId", "{bad}");
        }
        let project = br#"{"entityType":"Project","entityId":1,"updates":{"x":1}}"#;
        assert_eq!(field(generic(project)), "entityType");
    }

    #[test]
    fn idempotency_keys() {
        assert_eq!(idempotency_key(Some(b"m-abc 1")).unwrap(), "m-abc 1");
        assert!(idempotency_key(Some("x".repeat(128).as_bytes())).is_ok());
        for bad in [
            &b""[..],
            b"a\tb",
            "é".as_bytes(),
            "x".repeat(129).as_bytes(),
        ] {
            assert_eq!(field(idempotency_key(Some(bad))), IDEMPOTENCY_KEY);
        }
        assert_eq!(field(idempotency_key(None)), IDEMPOTENCY_KEY);
    }
}
