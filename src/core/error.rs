//! Input errors: every rejection names the field and the reason. Reasons
//! cross the wasm boundary as a code and up to three arguments, never as
//! text: [`MESSAGES`] is the one message table, rendered here for native
//! callers and generated into the TypeScript package (`src/abi.rs`), so the
//! two sides can never word an error differently.

use std::fmt;

/// Declares the error codes and their message templates together, so a
/// code can't exist without its message. Templates name their arguments:
/// `{a}`, `{b}` (numbers) and `{text}`.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident = $template:literal,)*) => {
        /// What went wrong, as it crosses the boundary (`ErrorCode as u16`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u16)]
        pub enum ErrorCode {
            $($(#[$doc])* $name,)*
        }

        /// `(constant name, template)` by code: the one message table.
        pub const MESSAGES: &[(&str, &str)] = &[$((stringify!($name), $template),)*];
    };
}

error_codes! {
    NotFinite = "must be a finite number (got {a})",
    NotInteger = "must be an integer (got {a})",
    Negative = "must not be negative (got {a})",
    UnsafeInteger = "must be at most Number.MAX_SAFE_INTEGER (got {a})",
    /// Ids in batches, versions, seqs.
    NotSafeInteger = "must be a non-negative safe integer (got {a})",
    BadBatchDelta = "must be a finite number of magnitude at most 1e15 (got {a})",
    Empty = "must not be empty",
    TooLong = "must be at most {a} characters (got {b})",
    ControlCharacter = "must not contain control characters",
    UnknownEntityType = "unknown entity type \"{text}\" (register it with register({ entityTypes }))",
    UnknownMetric = "unknown metric type \"{text}\" (register it with register({ metricTypes }))",
    InvalidName = "\"{text}\" is not a valid name (letters, digits and _; starts with a letter; at most 64 characters)",
    ReservedName = "\"{text}\" is reserved",
    Overflow = "would make the accumulated value overflow",
    CapacityExceeded = "capacity exceeded: {text}",
    UnknownCode = "unknown code {a}",
    AlreadyAlias = "\"{text}\" is already an alias",
    AliasOfOther = "\"{text}\" is already an alias of another metric",
    AlreadyMetric = "\"{text}\" is already a metric type",
    NotAToken = "{a} is not a token returned by markRefetch",
    NoMutation = "no mutation \"{text}\"",
    MutationIdInUse = "mutation id \"{text}\" is already in use",
    NoChange = "must change at least one metric",
    BadRetry = "must have {text}",
    ColumnLengths = "columns must have one length (entityType {a}, entityId {b}, {text})",
    /// A JS value of the wrong type: `{text}` is what was given.
    NotANumber = "must be a number (got {text})",
    NotAString = "must be a string (got {text})",
    NotAnId = "must be a number or a string (got {text})",
    NotAFunction = "must be a function",
    NotAnObject = "must be an object (got {text})",
    NotUpdates = "must be an object of { metricType: delta } (got {text})",
    NotValues = "must be an object of { metricType: value } (got {text})",
    NotBaseMeta = "must be { version } or { asOf } (got {text})",
    NotSnapshotMeta = "must be { version } or { timestamp } (got {text})",
    NotATimestamp = "must be a finite number, a date string or a Date (got {text})",
    UnknownOption = "is not an option here (expected one of {text})",
    /// `{text}` lists the allowed values.
    NotOneOf = "must be one of {text}",
    NotASize = "must be a non-negative integer (got {text})",
    NotAColumn = "must be an array of numbers (got {text})",
    NotABatch = "must be { entityType, entityId, metric, delta } (got {text})",
    /// Anything else, worded by the caller (corrupt persisted state, say).
    Malformed = "{text}",
}

/// Why a value was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    NotFinite(f64),
    NotInteger(f64),
    Negative(f64),
    UnsafeInteger(f64),
    NotSafeInteger(f64),
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
    AlreadyAlias(String),
    AliasOfOther(String),
    AlreadyMetric(String),
    NotAToken(u64),
    NoMutation(String),
    MutationIdInUse(String),
    NoChange,
    BadRetry(&'static str),
    ColumnLengths {
        types: usize,
        ids: usize,
        rest: String,
    },
    Malformed(String),
}

/// A reason as it crosses the boundary: a code and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Coded<'a> {
    pub code: ErrorCode,
    pub a: f64,
    pub b: f64,
    pub text: &'a str,
}

impl Reason {
    /// The code and arguments of this reason.
    pub fn coded(&self) -> Coded<'_> {
        use ErrorCode as C;
        fn n(code: ErrorCode, a: f64) -> Coded<'static> {
            Coded {
                code,
                a,
                b: 0.0,
                text: "",
            }
        }
        fn t(code: ErrorCode, text: &str) -> Coded<'_> {
            Coded {
                code,
                a: 0.0,
                b: 0.0,
                text,
            }
        }
        let count = |v: usize| v as f64;
        match self {
            Reason::NotFinite(v) => n(C::NotFinite, *v),
            Reason::NotInteger(v) => n(C::NotInteger, *v),
            Reason::Negative(v) => n(C::Negative, *v),
            Reason::UnsafeInteger(v) => n(C::UnsafeInteger, *v),
            Reason::NotSafeInteger(v) => n(C::NotSafeInteger, *v),
            Reason::BadBatchDelta(v) => n(C::BadBatchDelta, *v),
            Reason::Empty => n(C::Empty, 0.0),
            Reason::TooLong { max, len } => Coded {
                code: C::TooLong,
                a: count(*max),
                b: count(*len),
                text: "",
            },
            Reason::ControlCharacter => n(C::ControlCharacter, 0.0),
            Reason::UnknownEntityType(s) => t(C::UnknownEntityType, s),
            Reason::UnknownMetric(s) => t(C::UnknownMetric, s),
            Reason::InvalidName(s) => t(C::InvalidName, s),
            Reason::ReservedName(s) => t(C::ReservedName, s),
            Reason::Overflow => n(C::Overflow, 0.0),
            Reason::CapacityExceeded(s) => t(C::CapacityExceeded, s),
            Reason::UnknownCode(c) => n(C::UnknownCode, f64::from(*c)),
            Reason::AlreadyAlias(s) => t(C::AlreadyAlias, s),
            Reason::AliasOfOther(s) => t(C::AliasOfOther, s),
            Reason::AlreadyMetric(s) => t(C::AlreadyMetric, s),
            Reason::NotAToken(v) => n(C::NotAToken, *v as f64),
            Reason::NoMutation(s) => t(C::NoMutation, s),
            Reason::MutationIdInUse(s) => t(C::MutationIdInUse, s),
            Reason::NoChange => n(C::NoChange, 0.0),
            Reason::BadRetry(s) => t(C::BadRetry, s),
            Reason::ColumnLengths { types, ids, rest } => Coded {
                code: C::ColumnLengths,
                a: count(*types),
                b: count(*ids),
                text: rest,
            },
            Reason::Malformed(s) => t(C::Malformed, s),
        }
    }

    /// The reason as text, numbers formatted by `num`.
    pub fn render(&self, num: NumberText<'_>) -> String {
        render(&self.coded(), num)
    }
}

/// Formats a number inside a message (natively [`js_number`]).
pub type NumberText<'a> = &'a dyn Fn(f64) -> String;

/// Fills a template of [`MESSAGES`] with its arguments.
pub fn render(coded: &Coded<'_>, num: NumberText<'_>) -> String {
    let template = MESSAGES
        .get(coded.code as usize)
        .map_or("{text}", |(_, t)| t);
    template
        .replace("{a}", &num(coded.a))
        .replace("{b}", &num(coded.b))
        .replace("{text}", coded.text)
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

impl std::error::Error for InputError {}

/// Formats only integral numbers (with integer formatting, which is small);
/// for messages where a fraction cannot occur or need not be shown.
pub fn integer_text(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        (v as i64).to_string()
    } else {
        "a non-integer".into()
    }
}

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
        let e = InputError::new("entityId", Reason::TooLong { max: 256, len: 300 });
        assert_eq!(
            e.to_string(),
            "entityId must be at most 256 characters (got 300)"
        );
        assert_eq!(js_number(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(js_number(3.0), "3");
    }

    #[test]
    fn every_code_has_its_template() {
        assert_eq!(MESSAGES.len(), ErrorCode::Malformed as usize + 1);
        assert_eq!(MESSAGES[ErrorCode::Overflow as usize].0, "Overflow");
    }
}
