//! Input errors: every rejection names the field and the reason, so the JS
//! layer can throw an `Error` a developer can act on.

use std::fmt;

/// Why a value was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    NotFinite(f64),
    NotInteger(f64),
    Negative(f64),
    UnsafeInteger(f64),
    Empty,
    TooLong { max: usize, len: usize },
    ControlCharacter,
    UnknownEntityType(String),
    UnknownMetric(String),
    InvalidName(String),
    ReservedName(String),
    Overflow,
    CapacityExceeded(&'static str),
    UnknownCode(u32),
    Malformed(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotFinite(v) => write!(f, "must be a finite number (got {})", js_number(*v)),
            Reason::NotInteger(v) => write!(f, "must be an integer (got {})", js_number(*v)),
            Reason::Negative(v) => write!(f, "must not be negative (got {})", js_number(*v)),
            Reason::UnsafeInteger(v) => write!(
                f,
                "must be at most Number.MAX_SAFE_INTEGER (got {})",
                js_number(*v)
            ),
            Reason::Empty => write!(f, "must not be empty"),
            Reason::TooLong { max, len } => {
                write!(f, "must be at most {max} characters (got {len})")
            }
            Reason::ControlCharacter => write!(f, "must not contain control characters"),
            Reason::UnknownEntityType(name) => write!(
                f,
                "unknown entity type \"{name}\" (register it with registerEntityType)"
            ),
            Reason::UnknownMetric(name) => write!(
                f,
                "unknown metric type \"{name}\" (register it with registerMetricType)"
            ),
            Reason::InvalidName(name) => write!(
                f,
                "\"{name}\" is not a valid name (letters, digits and _; starts with a letter; at most 64 characters)"
            ),
            Reason::ReservedName(name) => write!(f, "\"{name}\" is reserved"),
            Reason::Overflow => write!(f, "would make the accumulated value overflow"),
            Reason::CapacityExceeded(what) => write!(f, "capacity exceeded: {what}"),
            Reason::UnknownCode(code) => write!(f, "unknown code {code}"),
            Reason::Malformed(what) => write!(f, "{what}"),
        }
    }
}

/// A rejected input: which field, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub field: String,
    pub reason: Reason,
}

impl InputError {
    pub fn new(field: impl Into<String>, reason: Reason) -> Self {
        InputError {
            field: field.into(),
            reason,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.reason)
    }
}

impl std::error::Error for InputError {}

/// Formats a number the way JavaScript prints it, for error messages.
pub fn js_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v == f64::INFINITY {
        "Infinity".to_string()
    } else if v == f64::NEG_INFINITY {
        "-Infinity".to_string()
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_the_reason() {
        let e = InputError::new("updates.likeCount", Reason::NotFinite(f64::NAN));
        assert_eq!(
            e.to_string(),
            "updates.likeCount must be a finite number (got NaN)"
        );
        let e = InputError::new("entityId", Reason::NotInteger(1.5));
        assert_eq!(e.to_string(), "entityId must be an integer (got 1.5)");
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(3.0), "3");
    }
}
