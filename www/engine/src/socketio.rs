//! Socket.IO at `/socket.io/` (socketioxide, on the same axum server), for the
//! real `socket.io-client`. Each socket is one hub connection, like a `/ws`
//! or `/hub` one: the same topics, fan-out, heartbeats and farewells. A socket
//! also joins a room per topic it follows, so rooms are the topics.
//!
//! Client → server events: `subscribe`, `unsubscribe` and `subscribeNotify`,
//! each with a topic or an array of topics; the ack (when the client asks for
//! one) is the socket's topic set, or `{ error }`. Server → client: one event
//! per message, named by its type (`metric:update`, `projectStatsUpdate`,
//! `topic:connections`, `welcome`, `error`), the data as the only argument.
//!
//! With Redis (see `replication`), the namespace runs on socketioxide's Redis
//! adapter: rooms span every engine, and the engine that produced an event
//! emits it to the topic's room across all of them (`broadcast`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use socketioxide::adapter::Adapter;
use socketioxide::extract::{AckSender, SocketRef, TryData};
use socketioxide::SocketIo;
use socketioxide_core::adapter::DefinedAdapter;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::hub::Hub;
use crate::protocol::{Envelope, Protocol};
use crate::subs::{ConnId, MAX_BACKLOG};
use crate::wire::{check_topics, ClientMessage, ServerMessage};

/// Packets socketioxide may buffer per socket before `emit` fails (the
/// socket is then treated as stuck, like a `/ws` peer that stops reading).
pub const MAX_BUFFERED_PACKETS: usize = MAX_BACKLOG * 4;

const EVENTS: [&str; 3] = ["subscribe", "unsubscribe", "subscribeNotify"];

/// Registers the default namespace; with a remote adapter the result must be
/// awaited (it subscribes to the adapter's channels).
pub fn register<A: Adapter + DefinedAdapter>(io: &SocketIo<A>, hub: Arc<Hub>) -> A::InitRes {
    io.ns("/", move |socket: SocketRef<A>| {
        let hub = hub.clone();
        async move { connected(hub, socket) }
    })
}

fn connected<A: Adapter>(hub: Arc<Hub>, socket: SocketRef<A>) {
    let registration = hub.connect_as(Protocol::SocketIo);
    let id = registration.id;
    for event in EVENTS {
        let hub = hub.clone();
        socket.on(
            event,
            move |socket: SocketRef<A>, TryData(data): TryData<Value>, ack: AckSender<A>| {
                let hub = hub.clone();
                async move { on_command(&hub, id, event, data.ok(), &socket, ack) }
            },
        );
    }
    let leaving = hub.clone();
    socket.on_disconnect(move || {
        let hub = leaving.clone();
        async move { hub.disconnect(id) }
    });
    tokio::spawn(write_loop(
        hub,
        socket,
        registration.frames,
        registration.backlog,
    ));
}

fn on_command<A: Adapter>(
    hub: &Hub,
    id: ConnId,
    event: &str,
    data: Option<Value>,
    socket: &SocketRef<A>,
    ack: AckSender<A>,
) {
    let result = topics_of(event, data).and_then(|topics| match event {
        "subscribe" => {
            let set = hub.command(
                id,
                &ClientMessage::Subscribe {
                    topics: topics.clone(),
                },
            )?;
            socket.join(topics);
            Ok(set)
        }
        "unsubscribe" => {
            let set = hub.command(
                id,
                &ClientMessage::Unsubscribe {
                    topics: topics.clone(),
                },
            )?;
            socket.leave(topics);
            Ok(set)
        }
        _ => {
            let set = hub.subscribe_notify(id, &topics)?;
            socket.join(topics);
            Ok(set)
        }
    });
    // An ack only goes out when the client asked for one.
    let sent = match result {
        Ok(set) => ack.send(&set),
        Err(error) => {
            let error = format!("{event}: {error}");
            hub.send_message(id, ServerMessage::error(error.clone()));
            ack.send(&json!({ "error": error }))
        }
    };
    if sent.is_err() {
        eprintln!("livemetrics-engine: socket.io connection {id}: cannot ack {event}");
    }
}

/// `"topic"` or `["a", "b"]`.
fn topics_of(event: &str, data: Option<Value>) -> Result<Vec<String>, String> {
    let topics = match data {
        Some(Value::String(topic)) => vec![topic],
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|t| match t {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or("every topic must be a string")?,
        _ => return Err("send a topic string or an array of topic strings".to_owned()),
    };
    check_topics(&topics)?;
    if topics.is_empty() {
        return Err(format!("{event} needs at least one topic"));
    }
    Ok(topics)
}

/// Emits the hub's frames (JSON arrays of messages), one event per message.
async fn write_loop<A: Adapter>(
    hub: Arc<Hub>,
    socket: SocketRef<A>,
    mut frames: UnboundedReceiver<String>,
    backlog: Arc<AtomicUsize>,
) {
    while let Some(frame) = frames.recv().await {
        backlog.fetch_sub(1, Ordering::Relaxed);
        let messages: Vec<Envelope<'_>> = serde_json::from_str(&frame).unwrap_or_default();
        for message in messages {
            let data: Value = serde_json::from_str(message.data.get()).unwrap_or(Value::Null);
            if socket.emit(&*message.kind, &data).is_err() {
                // Closed, or so far behind that its buffer is full.
                let _ = socket.disconnect();
                return;
            }
        }
    }
    // The hub dropped the socket. On shutdown the transports are closed
    // without a disconnect packet, so clients reconnect to the next engine.
    if !hub.is_closing() {
        let _ = socket.disconnect();
    }
}
