//! Entity ids: a safe integer or a string of up to 256 characters.
//!
//! A string that is the canonical decimal form of a safe integer (`"123"`)
//! is the same entity as the number `123`, so a site whose socket sends ids
//! as strings and whose REST API sends numbers still sees one entity.

use std::fmt;

use super::error::{InputError, Reason};

/// `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;
/// Longest string id, in characters.
pub const MAX_ID_LEN: usize = 256;

/// An owned, validated entity id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntityId {
    Int(u64),
    Str(Box<str>),
}

/// A borrowed, validated entity id (no allocation on lookups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityIdRef<'a> {
    Int(u64),
    Str(&'a str),
}

/// A non-negative safe integer (ids, `seq`): then `v as u64` is exact.
/// NaN fails every comparison.
#[inline]
pub fn is_safe_index(v: f64) -> bool {
    v >= 0.0 && v <= MAX_SAFE_INTEGER as f64 && v.fract() == 0.0
}

impl EntityIdRef<'_> {
    /// Validates a JS number id: a non-negative safe integer.
    #[inline]
    pub fn from_number(v: f64) -> Result<EntityIdRef<'static>, InputError> {
        // The hot check first; the reasons stay out of line.
        if is_safe_index(v) {
            return Ok(EntityIdRef::Int(v as u64));
        }
        Err(Self::number_error(v))
    }

    #[cold]
    #[inline(never)]
    fn number_error(v: f64) -> InputError {
        const FIELD: &str = "entityId";
        if !v.is_finite() {
            return InputError::new(FIELD, Reason::NotFinite(v));
        }
        if v.fract() != 0.0 {
            return InputError::new(FIELD, Reason::NotInteger(v));
        }
        if v < 0.0 {
            return InputError::new(FIELD, Reason::Negative(v));
        }
        InputError::new(FIELD, Reason::UnsafeInteger(v))
    }

    pub fn to_owned_id(self) -> EntityId {
        match self {
            EntityIdRef::Int(n) => EntityId::Int(n),
            EntityIdRef::Str(s) => EntityId::Str(s.into()),
        }
    }
}

impl<'a> EntityIdRef<'a> {
    /// Validates a string id; canonical integers become [`EntityIdRef::Int`].
    pub fn from_text(s: &'a str) -> Result<EntityIdRef<'a>, InputError> {
        const FIELD: &str = "entityId";
        if s.is_empty() {
            return Err(InputError::new(FIELD, Reason::Empty));
        }
        if let Some(n) = canonical_int(s) {
            return Ok(EntityIdRef::Int(n));
        }
        let len = s.chars().count();
        if len > MAX_ID_LEN {
            return Err(InputError::new(
                FIELD,
                Reason::TooLong {
                    max: MAX_ID_LEN,
                    len,
                },
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(InputError::new(FIELD, Reason::ControlCharacter));
        }
        Ok(EntityIdRef::Str(s))
    }
}

impl EntityId {
    pub fn as_ref(&self) -> EntityIdRef<'_> {
        match self {
            EntityId::Int(n) => EntityIdRef::Int(*n),
            EntityId::Str(s) => EntityIdRef::Str(s),
        }
    }
}

impl fmt::Display for EntityIdRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntityIdRef::Int(n) => write!(f, "{n}"),
            EntityIdRef::Str(s) => f.write_str(s),
        }
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_ref().fmt(f)
    }
}

/// `"0"`, `"17"`, … up to MAX_SAFE_INTEGER; not `"007"`, `"+1"` or `"1e3"`.
fn canonical_int(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    if bytes.len() > 16 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes.first() == Some(&b'0') {
        return None;
    }
    let n: u64 = s.parse().ok()?;
    (n <= MAX_SAFE_INTEGER).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_must_be_non_negative_safe_integers() {
        assert_eq!(EntityIdRef::from_number(0.0).unwrap(), EntityIdRef::Int(0));
        assert_eq!(
            EntityIdRef::from_number(9_007_199_254_740_991.0).unwrap(),
            EntityIdRef::Int(MAX_SAFE_INTEGER)
        );
        for bad in [f64::NAN, f64::INFINITY, -1.0, 1.5, 9_007_199_254_740_992.0] {
            assert!(EntityIdRef::from_number(bad).is_err(), "{bad}");
        }
        let e = EntityIdRef::from_number(-3.0).unwrap_err();
        assert_eq!(e.to_string(), "entityId must not be negative (got -3)");
    }

    #[test]
    fn canonical_integer_strings_are_numbers() {
        assert_eq!(
            EntityIdRef::from_text("123").unwrap(),
            EntityIdRef::Int(123)
        );
        assert_eq!(EntityIdRef::from_text("0").unwrap(), EntityIdRef::Int(0));
        assert_eq!(
            EntityIdRef::from_text("007").unwrap(),
            EntityIdRef::Str("007")
        );
        assert_eq!(
            EntityIdRef::from_text("9007199254740992").unwrap(),
            EntityIdRef::Str("9007199254740992")
        );
        assert_eq!(
            EntityIdRef::from_text("project-123").unwrap(),
            EntityIdRef::Str("project-123")
        );
    }

    #[test]
    fn strings_are_bounded_and_printable() {
        assert!(EntityIdRef::from_text("").is_err());
        assert!(EntityIdRef::from_text(&"x".repeat(256)).is_ok());
        assert!(EntityIdRef::from_text(&"é".repeat(256)).is_ok());
        assert!(EntityIdRef::from_text(&"x".repeat(257)).is_err());
        assert!(EntityIdRef::from_text("a\nb").is_err());
    }
}
