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
    /// Not a non-negative safe integer (ids in batches, versions, seqs).
    NotSafeInteger(f64),
    /// A batch delta that is not finite or exceeds the batch bound.
    BadBatchDelta(f64),
    Empty,
    TooLong {
        max: usize,
        len: usize,
    },
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

/// Formats a number inside a message. Natively `js_number`; the wasm
/// binding passes JavaScript's own `String(v)`, so the module needs no float
/// formatting code of its own (it is large).
pub type NumberText<'a> = &'a dyn Fn(f64) -> String;

impl Reason {
    /// The reason as text, numbers formatted by `num`.
    pub fn render(&self, num: NumberText<'_>) -> String {
        match self {
            Reason::NotFinite(v) => ["must be a finite number (got ", &num(*v), ")"].concat(),
            Reason::NotInteger(v) => ["must be an integer (got ", &num(*v), ")"].concat(),
            Reason::Negative(v) => ["must not be negative (got ", &num(*v), ")"].concat(),
            Reason::UnsafeInteger(v) => ["must be at most Number.MAX_SAFE_INTEGER (got ", &num(*v), ")"].concat(),
            Reason::NotSafeInteger(v) => ["must be a non-negative safe integer (got ", &num(*v), ")"].concat(),
            Reason::BadBatchDelta(v) => ["must be a finite number of magnitude at most 1e15 (got ", &num(*v), ")"].concat(),
            Reason::Empty => "must not be empty".into(),
            Reason::TooLong { max, len } => {
                ["must be at most ", &max.to_string(), " characters (got ", &len.to_string(), ")"].concat()
            }
            Reason::ControlCharacter => "must not contain control characters".into(),
            Reason::UnknownEntityType(name) => {
                ["unknown entity type \"", name, "\" (register it with registerEntityType)"].concat()
            }
            Reason::UnknownMetric(name) => {
                ["unknown metric type \"", name, "\" (register it with registerMetricType)"].concat()
            }
            Reason::InvalidName(name) => [
                "\"",
                name,
                "\" is not a valid name (letters, digits and _; starts with a letter; at most 64 characters)",
            ]
            .concat(),
            Reason::ReservedName(name) => ["\"", name, "\" is reserved"].concat(),
            Reason::Overflow => "would make the accumulated value overflow".into(),
            Reason::CapacityExceeded(what) => ["capacity exceeded: ", what].concat(),
            Reason::UnknownCode(code) => ["unknown code ", &code.to_string()].concat(),
            Reason::Malformed(what) => what.clone(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&js_number))
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

impl InputError {
    /// `field reason`, numbers formatted by `num`.
    pub fn message(&self, num: NumberText<'_>) -> String {
        [self.field.as_str(), " ", &self.reason.render(num)].concat()
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(&js_number))
    }
}

/// Formats only integral numbers (with integer formatting, which is small);
/// for messages where a fraction cannot occur or need not be shown.
pub fn integer_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        (v as i64).to_string()
    } else {
        "a non-integer".into()
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
