//! What a SignalR client may invoke, named as the seed site's worker calls
//! them (matched case-insensitively, as ASP.NET Core hubs do):
//! `subscribe(topic)`, `unsubscribe(topic)`, `subscribeNotify(topic)` (also
//! hear the topic's subscriber count as `topic:connections`) and `Ping`
//! (answered with a `Pong` invocation). A topic argument may also be an
//! array of topics. An invocation with an `invocationId` gets a Completion,
//! with the connection's topic set as the result or the error; one without
//! gets nothing, or an `error` invocation if it failed.

use serde_json::Value;

use crate::hub::Hub;
use crate::signalr_wire::{self as wire, kind, HubMessage};
use crate::subs::ConnId;
use crate::wire::{check_topics, ClientMessage, ServerMessage};

/// Whether to keep reading after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// The client sent `Close`.
    Stop,
}

const METHODS: &str = "subscribe, unsubscribe, subscribeNotify and Ping";

/// Handles one record. `Err` is a protocol violation: the caller closes the
/// connection with that reason.
pub fn handle_record(hub: &Hub, id: ConnId, record: &str) -> Result<Flow, String> {
    let message = wire::parse_message(record)?;
    let call = message.invocation_id.as_deref();
    match message.kind {
        kind::INVOCATION => invoke(hub, id, &message),
        kind::STREAM_INVOCATION => reply(
            hub,
            id,
            Some(call.ok_or("a StreamInvocation needs an `invocationId`")?),
            Err("streaming invocations are not supported by this hub".to_owned()),
        ),
        kind::CANCEL_INVOCATION => reply(
            hub,
            id,
            Some(call.ok_or("a CancelInvocation needs an `invocationId`")?),
            Err("nothing to cancel: this hub has no streaming methods".to_owned()),
        ),
        kind::STREAM_ITEM => reply(
            hub,
            id,
            call,
            Err("client-to-server streams are not supported by this hub".to_owned()),
        ),
        kind::CLOSE => return Ok(Flow::Stop),
        // Pings only keep the connection alive; completions, acks and
        // sequence messages answer nothing this hub sends; unknown types are
        // ignored, as the spec asks.
        _ => {}
    }
    Ok(Flow::Continue)
}

fn invoke(hub: &Hub, id: ConnId, message: &HubMessage) {
    let call = message.invocation_id.as_deref();
    let result = match message.target.as_deref() {
        None => Err("an Invocation needs a `target`".to_owned()),
        Some(_) if message.has_streams => {
            Err("client-to-server streams are not supported by this hub".to_owned())
        }
        Some(target) => call_method(hub, id, target, &message.arguments),
    };
    reply(hub, id, call, result);
}

fn call_method(
    hub: &Hub,
    id: ConnId,
    target: &str,
    arguments: &[Value],
) -> Result<Option<Value>, String> {
    let is = |name: &str| target.eq_ignore_ascii_case(name);
    if is("Ping") {
        hub.send_frame(id, wire::invocation("Pong", &[]));
        return Ok(None);
    }
    let method = if is("subscribe") {
        "subscribe"
    } else if is("unsubscribe") {
        "unsubscribe"
    } else if is("subscribeNotify") {
        "subscribeNotify"
    } else {
        return Err(format!(
            "Unknown hub method '{target}': this hub has {METHODS}."
        ));
    };
    let topics = topics_argument(method, arguments)?;
    let set = match method {
        "subscribe" => hub.command(id, &ClientMessage::Subscribe { topics }),
        "unsubscribe" => hub.command(id, &ClientMessage::Unsubscribe { topics }),
        _ => hub.subscribe_notify(id, &topics),
    }
    .map_err(|e| format!("{method}: {e}"))?;
    Ok(Some(Value::from(set)))
}

/// `(topic)` or `([topics])`: exactly one argument.
fn topics_argument(method: &str, arguments: &[Value]) -> Result<Vec<String>, String> {
    let topics = match arguments {
        [Value::String(topic)] => vec![topic.clone()],
        [Value::Array(items)] => items
            .iter()
            .map(|t| t.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                format!("{method}: arguments[0] must be a topic or an array of topics")
            })?,
        [_] => {
            return Err(format!(
                "{method}: arguments[0] must be a topic string or an array of topics"
            ))
        }
        _ => {
            return Err(format!(
                "{method} takes one argument (a topic), got {}",
                arguments.len()
            ))
        }
    };
    check_topics(&topics).map_err(|e| format!("{method}: {e}"))?;
    Ok(topics)
}

/// A Completion when the client waits for one; else only errors are told,
/// as an `error` invocation.
fn reply(hub: &Hub, id: ConnId, call: Option<&str>, result: Result<Option<Value>, String>) {
    match (call, result) {
        (Some(call), Ok(value)) => {
            hub.send_frame(id, wire::completion(call, value));
        }
        (Some(call), Err(error)) => {
            hub.send_frame(id, wire::completion_error(call, &error));
        }
        (None, Ok(_)) => {}
        (None, Err(error)) => hub.send_message(id, ServerMessage::error(error)),
    }
}
