//! The SignalR hub at `/hub`: the JSON hub protocol over WebSockets, for the
//! real `@microsoft/signalr` client, with or without negotiation
//! (`skipNegotiation: true` opens the socket straight to `/hub`).
//!
//! A connection reads the handshake `{"protocol":"json","version":1}` RS and
//! answers `{}` RS (or `{"error":…}` RS and closes), then registers with the
//! hub like a `/ws` connection: the same topics, the same fan-out, every
//! message re-framed as an invocation whose target is its type (see
//! `protocol`). The writer sends a Ping when the line has been quiet for the
//! keep-alive interval; the reader closes a client silent for longer than the
//! client timeout. A `access_token` query parameter (the site's
//! `accessTokenFactory`) is accepted and not required.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::api_error::ApiError;
use crate::hub::Hub;
use crate::protocol::{Protocol, RECORD_SEPARATOR};
use crate::signalr_methods::{handle_record, Flow};
use crate::signalr_negotiate::Negotiations;
use crate::signalr_wire as wire;
use crate::subs::ConnId;

/// Records are small JSON commands; anything bigger is abuse.
const MAX_BUFFER_BYTES: usize = 256 * 1024;
const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// ASP.NET Core's defaults: handshake within 15 s, silence for 30 s.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(15);
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// The hub's settings and negotiated tokens, shared by its handlers.
pub struct Settings {
    /// Keep-alive: a Ping goes out when nothing was sent for this long.
    pub keep_alive: Duration,
    pub client_timeout: Duration,
    pub negotiations: Negotiations,
}

impl Settings {
    pub fn new(keep_alive: Duration) -> Self {
        Self {
            keep_alive,
            client_timeout: CLIENT_TIMEOUT,
            negotiations: Negotiations::default(),
        }
    }
}

#[derive(Deserialize)]
pub struct HubQuery {
    /// The negotiated `connectionToken` (absent with `skipNegotiation`).
    id: Option<String>,
    access_token: Option<String>,
}

pub async fn upgrade(
    State(hub): State<Arc<Hub>>,
    State(settings): State<Arc<Settings>>,
    Query(query): Query<HubQuery>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if query
        .access_token
        .as_ref()
        .is_some_and(|t| t.len() > MAX_TOKEN_BYTES)
    {
        return ApiError::bad_request(
            "access_token",
            format!("longer than {MAX_TOKEN_BYTES} bytes"),
        )
        .into_response();
    }
    if let Some(id) = &query.id {
        if !settings.negotiations.knows(id) {
            let message = format!("No Connection with that ID: `{id}` was not negotiated here");
            return ApiError::new(StatusCode::NOT_FOUND, message).into_response();
        }
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => {
            let message = format!(
                "/hub serves SignalR over WebSockets only (POST /hub/negotiate, then a WebSocket): {rejection}"
            );
            return ApiError::new(StatusCode::BAD_REQUEST, message).into_response();
        }
    };
    ws.max_message_size(MAX_BUFFER_BYTES)
        .max_frame_size(MAX_BUFFER_BYTES)
        .on_upgrade(move |socket| run(hub, settings, socket))
}

async fn run(hub: Arc<Hub>, settings: Arc<Settings>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let mut buffer = String::new();
    let handshake =
        tokio::time::timeout(HANDSHAKE_TIMEOUT, read_handshake(&mut stream, &mut buffer));
    let answer = match handshake.await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(Some(reason))) => Err(reason),
        // The client left before its handshake.
        Ok(Err(None)) => return,
        Err(_) => Err(format!(
            "no handshake within {} s",
            HANDSHAKE_TIMEOUT.as_secs()
        )),
    };
    if let Err(reason) = answer {
        let _ = send(&mut sink, wire::handshake_error(&reason)).await;
        let _ = send_close(&mut sink).await;
        return;
    }
    if send(&mut sink, wire::handshake_ok()).await.is_err() {
        return;
    }

    let registration = hub.connect_as(Protocol::SignalR);
    let id = registration.id;
    let closed = Arc::new(AtomicBool::new(false));
    let writer = Writer {
        hub: hub.clone(),
        keep_alive: settings.keep_alive,
        closed: closed.clone(),
    };
    let mut writer = tokio::spawn(writer.run(sink, registration.frames, registration.backlog));

    let mut writer_done = false;
    let mut reason = drain(&hub, id, &mut buffer);
    while reason.is_none() {
        tokio::select! {
            incoming = tokio::time::timeout(settings.client_timeout, stream.next()) => {
                reason = match incoming {
                    Ok(Some(Ok(Message::Text(text)))) => {
                        buffer.push_str(text.as_str());
                        drain(&hub, id, &mut buffer)
                    }
                    Ok(Some(Ok(Message::Binary(_)))) => Some(Some(
                        "binary frames are not supported: use the json protocol over text frames".to_owned(),
                    )),
                    Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => None,
                    Ok(Some(Ok(Message::Close(_))) | None) => Some(None),
                    Ok(Some(Err(e))) => {
                        eprintln!("livemetrics-engine: hub connection {id}: {e}");
                        Some(None)
                    }
                    Err(_) => Some(Some(format!(
                        "client timeout: nothing received for {} s",
                        settings.client_timeout.as_secs()
                    ))),
                };
            }
            _ = &mut writer => {
                writer_done = true;
                break;
            }
        }
    }
    // A reason is told in a Close record queued behind everything else.
    if let Some(Some(error)) = reason {
        let record = wire::close(Some(&error), false);
        if hub.send_frame(id, record) {
            closed.store(true, Ordering::Relaxed);
        }
    }
    hub.disconnect(id);
    if !writer_done
        && tokio::time::timeout(CLOSE_GRACE, &mut writer)
            .await
            .is_err()
    {
        writer.abort();
    }
}

/// Reads up to the handshake's record separator; anything after it stays in
/// `buffer`. `Err(None)`: the client went away.
async fn read_handshake(
    stream: &mut SplitStream<WebSocket>,
    buffer: &mut String,
) -> Result<(), Option<String>> {
    loop {
        if let Some(end) = buffer.find(RECORD_SEPARATOR) {
            let rest = buffer.split_off(end + RECORD_SEPARATOR.len_utf8());
            let request = std::mem::replace(buffer, rest);
            return wire::check_handshake(request.trim_end_matches(RECORD_SEPARATOR)).map_err(Some);
        }
        if buffer.len() > MAX_BUFFER_BYTES {
            return Err(Some("the handshake request is too large".to_owned()));
        }
        match stream.next().await {
            Some(Ok(Message::Text(text))) => buffer.push_str(text.as_str()),
            Some(Ok(Message::Binary(_))) => {
                return Err(Some("the handshake must be a text frame".to_owned()))
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            Some(Ok(Message::Close(_)) | Err(_)) | None => return Err(None),
        }
    }
}

/// Handles every complete record in `buffer`. `Some(reason)` ends the
/// connection (`Some(None)`: the client closed it).
fn drain(hub: &Hub, id: ConnId, buffer: &mut String) -> Option<Option<String>> {
    for record in wire::take_records(buffer) {
        match handle_record(hub, id, &record) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Stop) => return Some(None),
            Err(reason) => return Some(Some(format!("invalid message: {reason}"))),
        }
    }
    if buffer.len() > MAX_BUFFER_BYTES {
        return Some(Some(format!(
            "a message is over {MAX_BUFFER_BYTES} bytes or lacks its record separator"
        )));
    }
    None
}

struct Writer {
    hub: Arc<Hub>,
    keep_alive: Duration,
    /// A Close record was already queued by the reader.
    closed: Arc<AtomicBool>,
}

impl Writer {
    async fn run(
        self,
        mut sink: SplitSink<WebSocket, Message>,
        mut frames: UnboundedReceiver<String>,
        backlog: Arc<AtomicUsize>,
    ) {
        let mut quiet_until = Instant::now() + self.keep_alive;
        loop {
            let frame = tokio::select! {
                frame = frames.recv() => match frame {
                    Some(frame) => {
                        backlog.fetch_sub(1, Ordering::Relaxed);
                        frame
                    }
                    None => break,
                },
                () = tokio::time::sleep_until(quiet_until) => wire::ping(),
            };
            if send(&mut sink, frame).await.is_err() {
                return;
            }
            quiet_until = Instant::now() + self.keep_alive;
        }
        // The hub dropped the connection: shutdown, or a peer not reading.
        if !self.closed.load(Ordering::Relaxed) {
            let error = if self.hub.is_closing() {
                "the engine is shutting down"
            } else {
                "the server closed the connection"
            };
            let _ = send(&mut sink, wire::close(Some(error), true)).await;
        }
        let _ = send_close(&mut sink).await;
    }
}

async fn send(sink: &mut SplitSink<WebSocket, Message>, text: String) -> Result<(), ()> {
    match tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Text(text.into()))).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

async fn send_close(sink: &mut SplitSink<WebSocket, Message>) -> Result<(), ()> {
    match tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Close(None))).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}
