//! One WebSocket connection: a reader loop feeding the hub, and a writer task
//! draining the connection's channel, so a slow socket never blocks the hub.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::hub::Hub;

/// Client frames are small JSON commands; anything bigger is abuse.
const MAX_MESSAGE_BYTES: usize = 256 * 1024;
/// How long a closing connection may take to flush what is already queued.
const CLOSE_GRACE: Duration = Duration::from_secs(2);
const BINARY_REFUSED: &str = "binary frames are not supported; send JSON text";
/// How long one frame may wait for a peer that is not reading.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn upgrade(State(hub): State<Arc<Hub>>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| run(hub, socket))
}

async fn run(hub: Arc<Hub>, socket: WebSocket) {
    let registration = hub.connect();
    let id = registration.id;
    let (sink, mut stream) = socket.split();
    let mut writer = tokio::spawn(write_loop(sink, registration.frames, registration.backlog));

    let mut writer_done = false;
    loop {
        tokio::select! {
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => hub.client_frame(id, text.as_str()),
                Some(Ok(Message::Binary(_))) => hub.client_error(id, BINARY_REFUSED),
                // Pings are answered by the library; pongs need nothing.
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_))) | None => break,
                Some(Err(e)) => {
                    eprintln!("livemetrics-engine: connection {id}: {e}");
                    break;
                }
            },
            // The writer stops when the socket fails or the hub dropped us.
            _ = &mut writer => {
                writer_done = true;
                break;
            }
        }
    }

    // Removing the connection drops its sender: the writer drains what is
    // queued, sends a close frame and ends.
    hub.disconnect(id);
    // (A finished JoinHandle must not be polled again.)
    if !writer_done
        && tokio::time::timeout(CLOSE_GRACE, &mut writer)
            .await
            .is_err()
    {
        writer.abort();
    }
}

async fn write_loop(
    mut sink: SplitSink<WebSocket, Message>,
    mut frames: UnboundedReceiver<String>,
    backlog: Arc<AtomicUsize>,
) {
    while let Some(frame) = frames.recv().await {
        backlog.fetch_sub(1, Ordering::Relaxed);
        // A peer that cannot take one frame in this long is gone or stuck;
        // ending here closes the connection and frees its queue.
        match tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Text(frame.into()))).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return,
            Err(_) => {
                eprintln!("livemetrics-engine: a connection stopped reading; closing it");
                return;
            }
        }
    }
    let _ = tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Close(None))).await;
}
