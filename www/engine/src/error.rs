//! Input errors that name the field at fault.

/// Why client input was refused; `field` names the offending input (e.g.
/// `entityId`, `updates.likeCount`) so API errors can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
