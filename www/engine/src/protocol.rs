//! The wire protocols a connection may speak, and how one batch of the hub's
//! messages becomes one frame in each. Messages are encoded once, in the
//! `/ws` shape `{"type":…,"topic":…,"data":…}`, and shared by every
//! recipient; the other protocols re-frame them per connection.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::wire::frame;

/// SignalR's record separator (ASCII RS), which ends every record.
pub const RECORD_SEPARATOR: char = '\u{1e}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The engine's own protocol at `/ws`: a JSON array of messages.
    Ws,
    /// SignalR's JSON hub protocol at `/hub`: one invocation record per
    /// message, target = the message type, the data as the only argument.
    SignalR,
    /// Socket.IO: a JSON array, as `/ws`; its writer emits each message as
    /// an event named by the type (see `socketio`).
    SocketIo,
}

/// A `/ws` message split into what the other protocols need.
#[derive(Debug, Deserialize)]
pub struct Envelope<'a> {
    #[serde(rename = "type", borrow)]
    pub kind: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub data: &'a RawValue,
}

impl<'a> Envelope<'a> {
    pub fn parse(message: &'a str) -> Option<Self> {
        match serde_json::from_str(message) {
            Ok(envelope) => Some(envelope),
            Err(e) => {
                eprintln!("livemetrics-engine: cannot re-frame a message: {e}");
                None
            }
        }
    }
}

/// One frame for a connection speaking `protocol`.
pub fn frame_for<S: AsRef<str>>(protocol: Protocol, messages: &[S]) -> String {
    match protocol {
        Protocol::Ws | Protocol::SocketIo => frame(messages),
        Protocol::SignalR => {
            let mut out = String::new();
            for message in messages {
                if let Some(envelope) = Envelope::parse(message.as_ref()) {
                    push_invocation(&mut out, &envelope.kind, envelope.data.get());
                }
            }
            out
        }
    }
}

/// Appends a non-blocking SignalR invocation of `target` with one argument
/// (already JSON): `{"type":1,"target":…,"arguments":[…]}` + RS.
pub fn push_invocation(out: &mut String, target: &str, argument: &str) {
    out.push_str(r#"{"type":1,"target":"#);
    push_json_string(out, target);
    out.push_str(r#","arguments":["#);
    out.push_str(argument);
    out.push_str("]}");
    out.push(RECORD_SEPARATOR);
}

fn push_json_string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        // Serialising a &str cannot fail; keep the record valid regardless.
        Err(_) => out.push_str("\"\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signalr_frames_are_one_invocation_record_per_message() {
        let messages = [
            r#"{"type":"metric:update","topic":"metrics:Image:5","data":{"entityType":"Image","entityId":5,"seq":1,"Like":1}}"#,
            r#"{"type":"subscribed","data":{"topics":["a"]}}"#,
        ];
        assert_eq!(
            frame_for(Protocol::SignalR, &messages),
            "{\"type\":1,\"target\":\"metric:update\",\"arguments\":[{\"entityType\":\"Image\",\"entityId\":5,\"seq\":1,\"Like\":1}]}\u{1e}\
             {\"type\":1,\"target\":\"subscribed\",\"arguments\":[{\"topics\":[\"a\"]}]}\u{1e}"
        );
        assert_eq!(
            frame_for(Protocol::Ws, &messages[1..]),
            format!("[{}]", messages[1])
        );
        assert_eq!(frame_for(Protocol::SignalR, &["not json"]), "");
    }
}
