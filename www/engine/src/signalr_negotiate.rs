//! `POST /hub/negotiate`: the SignalR client's first request unless it skips
//! negotiation. It hands out a connection id and token and offers WebSockets
//! (the only transport served, with text frames for the json protocol); the
//! client then opens `/hub?id={connectionToken}`.

use std::sync::Mutex;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::api_error::ApiError;
use crate::bounded::BoundedMap;
use crate::clock;
use crate::prng::Prng;
use crate::signalr::Settings;

/// Negotiated tokens remembered (the oldest forgotten first).
const MAX_TOKENS: usize = 10_000;

/// Tokens handed out by negotiate, checked when the WebSocket opens.
pub struct Negotiations {
    inner: Mutex<Inner>,
}

struct Inner {
    rng: Prng,
    tokens: BoundedMap<String, ()>,
}

impl Default for Negotiations {
    fn default() -> Self {
        let seed = clock::now_ms() ^ u64::from(std::process::id()).rotate_left(32);
        Self {
            inner: Mutex::new(Inner {
                rng: Prng::new(seed),
                tokens: BoundedMap::new(MAX_TOKENS),
            }),
        }
    }
}

impl Negotiations {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A fresh `(connectionId, connectionToken)`; the token opens one socket.
    pub fn issue(&self) -> (String, String) {
        let mut inner = self.lock();
        let id = format!("{:016x}", inner.rng.next_u64());
        let token = format!("{:016x}{:016x}", inner.rng.next_u64(), inner.rng.next_u64());
        inner.tokens.insert(token.clone(), ());
        (id, token)
    }

    /// Negotiate version 0 clients connect with the connection id instead.
    pub fn remember(&self, id: &str) {
        self.lock().tokens.insert(id.to_owned(), ());
    }

    pub fn knows(&self, token: &str) -> bool {
        self.lock().tokens.contains(token)
    }
}

#[derive(Deserialize)]
pub struct NegotiateQuery {
    #[serde(rename = "negotiateVersion")]
    negotiate_version: Option<String>,
}

pub async fn negotiate(
    State(settings): State<std::sync::Arc<Settings>>,
    Query(query): Query<NegotiateQuery>,
) -> Response {
    let version = match query.negotiate_version.as_deref().map(str::parse::<u64>) {
        None => 0,
        Some(Ok(v)) => v,
        Some(Err(_)) => {
            return ApiError::bad_request("negotiateVersion", "must be a whole number")
                .into_response()
        }
    };
    let transports = json!([{ "transport": "WebSockets", "transferFormats": ["Text"] }]);
    let (id, token) = settings.negotiations.issue();
    if version == 0 {
        settings.negotiations.remember(&id);
        return Json(json!({
            "negotiateVersion": 0,
            "connectionId": id,
            "availableTransports": transports,
        }))
        .into_response();
    }
    Json(json!({
        "negotiateVersion": 1,
        "connectionId": id,
        "connectionToken": token,
        "availableTransports": transports,
    }))
    .into_response()
}
