//! JSON API errors: `{ "error": "...", "field"?: "..." }` with a status code.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::error::FieldError;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    field: Option<String>,
    message: String,
}

impl ApiError {
    pub fn bad_request(field: impl Into<String>, message: impl std::fmt::Display) -> Self {
        let field = field.into();
        Self {
            status: StatusCode::BAD_REQUEST,
            message: format!("{field}: {message}"),
            field: Some(field),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// An error that names no field.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            field: None,
            message: message.into(),
        }
    }

    /// A field error with another status than 400 (e.g. 404 for an id).
    pub fn field(status: StatusCode, e: FieldError) -> Self {
        Self {
            status,
            ..Self::from(e)
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        Self::bad_request(e.field, e.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            error: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            field: Option<String>,
        }
        let body = Body {
            error: self.message,
            field: self.field,
        };
        (self.status, Json(body)).into_response()
    }
}
