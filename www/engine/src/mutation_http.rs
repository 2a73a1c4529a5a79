//! The mutation endpoints: `POST /api/expose/{vote,view,share,comment}` and
//! `POST /api/mutations`. Each needs an `Idempotency-Key`; the change itself
//! is decided under the hub lock (see `mutations`), while injected latency
//! and lost responses are waited out here, outside it.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::api_error::ApiError;
use crate::error::FieldError;
use crate::hub::Hub;
use crate::mutation::{self, idempotency_key, Change, IDEMPOTENCY_KEY};
use crate::mutation_faults::Refusal;
use crate::mutations::{Outcome, Rejection};

type Parse = fn(&[u8]) -> Result<Change, FieldError>;

pub async fn vote(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&hub, &headers, &body, mutation::vote).await
}

pub async fn view(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&hub, &headers, &body, mutation::view).await
}

pub async fn share(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&hub, &headers, &body, mutation::share).await
}

pub async fn comment(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&hub, &headers, &body, mutation::comment).await
}

pub async fn generic(State(hub): State<Arc<Hub>>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&hub, &headers, &body, mutation::generic).await
}

/// Half the injected latency passes before the change is processed (and
/// echoed), the rest after; a "lost" response is held instead.
async fn handle(hub: &Hub, headers: &HeaderMap, body: &[u8], parse: Parse) -> Response {
    let key = match idempotency_key(headers.get(IDEMPOTENCY_KEY).map(|v| v.as_bytes())) {
        Ok(key) => key,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let latency = hub.mutation_latency();
    let before = latency / 2;
    hub.wait(before).await;
    let (response, hold) = match hub.mutate(&key, parse(body)) {
        // With Redis: answered once this engine has applied the event.
        Ok(Outcome::InFlight { first }) => match hub.mutation_result(&key).await {
            Some(body) if first => (json(&body, false), hub.lost_hold()),
            Some(body) => (json(&body, true), None),
            None => {
                let message = "the change could not be appended to the Redis log; retry with the same Idempotency-Key";
                let error = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message);
                (error.into_response(), None)
            }
        },
        result => respond(result),
    };
    hub.wait(hold.unwrap_or(latency.saturating_sub(before)))
        .await;
    response
}

/// The response, and how long to hold it if it is to be "lost".
fn respond(result: Result<Outcome, Rejection>) -> (Response, Option<Duration>) {
    match result {
        Ok(Outcome::Done { body, hold }) => (json(&body, false), hold),
        Ok(Outcome::Replayed(body)) => (json(&body, true), None),
        Ok(Outcome::Refused(refusal)) => (refused(refusal), None),
        Err(Rejection::BadRequest(e)) => (ApiError::from(e).into_response(), None),
        Err(Rejection::NotFound(e)) => {
            let error = ApiError::field(StatusCode::NOT_FOUND, e);
            (error.into_response(), None)
        }
        Ok(Outcome::InFlight { .. }) | Err(Rejection::Internal) => {
            let error = ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "cannot apply");
            (error.into_response(), None)
        }
    }
}

/// A stored or fresh success response; replays say so in a header.
fn json(body: &Arc<str>, replayed: bool) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    if replayed {
        let headers = response.headers_mut();
        headers.insert(
            "idempotent-replayed",
            header::HeaderValue::from_static("true"),
        );
    }
    response
}

fn refused(refusal: Refusal) -> Response {
    let (status, what) = match refusal {
        Refusal::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "fail5xx: unavailable"),
        Refusal::Unprocessable => (StatusCode::UNPROCESSABLE_ENTITY, "fail4xx: refused"),
        Refusal::Throttled => (StatusCode::TOO_MANY_REQUESTS, "throttle: slow down"),
    };
    let message = format!("injected fault {what}; nothing was applied");
    let mut response = ApiError::new(status, message).into_response();
    if refusal == Refusal::Throttled {
        let retry = header::HeaderValue::from_static("1");
        response.headers_mut().insert(header::RETRY_AFTER, retry);
    }
    response
}
