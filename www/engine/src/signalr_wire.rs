//! The SignalR JSON hub protocol's records (HubProtocol.md): the handshake,
//! the message types the engine reads, and the records it writes. Every
//! record is JSON followed by the record separator 0x1e.

use serde_json::{json, Map, Value};

use crate::protocol::{push_invocation, RECORD_SEPARATOR};

/// The only hub protocol offered, and its version.
pub const PROTOCOL: &str = "json";
pub const VERSION: u64 = 1;

/// `Invocation`, `StreamItem`, … as numbered by the spec.
pub mod kind {
    pub const INVOCATION: u64 = 1;
    pub const STREAM_ITEM: u64 = 2;
    pub const COMPLETION: u64 = 3;
    pub const STREAM_INVOCATION: u64 = 4;
    pub const CANCEL_INVOCATION: u64 = 5;
    pub const PING: u64 = 6;
    pub const CLOSE: u64 = 7;
}

/// Splits complete records off the front of `buffer`, leaving a trailing
/// partial record in place.
pub fn take_records(buffer: &mut String) -> Vec<String> {
    let Some(last) = buffer.rfind(RECORD_SEPARATOR) else {
        return Vec::new();
    };
    let rest = buffer.split_off(last + RECORD_SEPARATOR.len_utf8());
    let complete = std::mem::replace(buffer, rest);
    complete
        .split(RECORD_SEPARATOR)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks the client's handshake request `{"protocol":"json","version":1}`.
pub fn check_handshake(record: &str) -> Result<(), String> {
    let value: Value = serde_json::from_str(record)
        .map_err(|e| format!("the handshake request is not JSON: {e}"))?;
    let protocol = value
        .get("protocol")
        .and_then(Value::as_str)
        .ok_or("the handshake request needs a string `protocol`")?;
    let version = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or("the handshake request needs a numeric `version`")?;
    if protocol != PROTOCOL {
        return Err(format!(
            "The protocol '{protocol}' is not supported: this hub speaks '{PROTOCOL}' only."
        ));
    }
    if version != VERSION {
        return Err(format!(
            "The server does not support version {version} of the '{PROTOCOL}' protocol."
        ));
    }
    Ok(())
}

pub fn handshake_ok() -> String {
    format!("{{}}{RECORD_SEPARATOR}")
}

pub fn handshake_error(reason: &str) -> String {
    record(&json!({ "error": reason }))
}

/// One message from the client, as far as the engine needs to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct HubMessage {
    pub kind: u64,
    pub invocation_id: Option<String>,
    pub target: Option<String>,
    pub arguments: Vec<Value>,
    /// Client-to-server streams the invocation would open (unsupported).
    pub has_streams: bool,
}

/// Parses one record; the error says what is wrong with it.
pub fn parse_message(record: &str) -> Result<HubMessage, String> {
    let value: Value =
        serde_json::from_str(record).map_err(|e| format!("a message is not JSON: {e}"))?;
    let object = value.as_object().ok_or("a message must be a JSON object")?;
    let kind = object
        .get("type")
        .and_then(Value::as_u64)
        .ok_or("a message needs a numeric `type`")?;
    let invocation_id = match object.get("invocationId") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(_) => return Err("`invocationId` must be a string".to_owned()),
    };
    let target = match object.get("target") {
        None => None,
        Some(Value::String(t)) => Some(t.clone()),
        Some(_) => return Err("`target` must be a string".to_owned()),
    };
    let arguments = match object.get("arguments") {
        None => Vec::new(),
        Some(Value::Array(args)) => args.clone(),
        Some(_) => return Err("`arguments` must be an array".to_owned()),
    };
    let has_streams = object
        .get("streamIds")
        .and_then(Value::as_array)
        .is_some_and(|ids| !ids.is_empty());
    Ok(HubMessage {
        kind,
        invocation_id,
        target,
        arguments,
        has_streams,
    })
}

/// A completion carrying a result (`None`: a void method).
pub fn completion(invocation_id: &str, result: Option<Value>) -> String {
    let mut message = Map::new();
    message.insert("type".into(), kind::COMPLETION.into());
    message.insert("invocationId".into(), invocation_id.into());
    if let Some(result) = result {
        message.insert("result".into(), result);
    }
    record(&Value::Object(message))
}

pub fn completion_error(invocation_id: &str, error: &str) -> String {
    record(&json!({ "type": kind::COMPLETION, "invocationId": invocation_id, "error": error }))
}

/// A non-blocking invocation of a client method.
pub fn invocation(target: &str, arguments: &[Value]) -> String {
    let mut out = String::new();
    match arguments {
        [one] => push_invocation(&mut out, target, &one.to_string()),
        _ => {
            let message =
                json!({ "type": kind::INVOCATION, "target": target, "arguments": arguments });
            out = record(&message);
        }
    }
    out
}

pub fn ping() -> String {
    record(&json!({ "type": kind::PING }))
}

/// `Close`, with the reason when there is one; `allow_reconnect` tells the
/// client's automatic reconnect whether to try again.
pub fn close(error: Option<&str>, allow_reconnect: bool) -> String {
    let mut message = Map::new();
    message.insert("type".into(), kind::CLOSE.into());
    if let Some(error) = error {
        message.insert("error".into(), error.into());
    }
    if allow_reconnect {
        message.insert("allowReconnect".into(), true.into());
    }
    record(&Value::Object(message))
}

fn record(value: &Value) -> String {
    let mut out = value.to_string();
    out.push(RECORD_SEPARATOR);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_split_at_the_separator_and_keep_a_partial_tail() {
        let mut buffer = "{\"type\":6}\u{1e}{\"type\":1}\u{1e}{\"ty".to_owned();
        assert_eq!(take_records(&mut buffer), ["{\"type\":6}", "{\"type\":1}"]);
        assert_eq!(buffer, "{\"ty");
        buffer.push_str("pe\":6}\u{1e}");
        assert_eq!(take_records(&mut buffer), ["{\"type\":6}"]);
        assert!(buffer.is_empty() && take_records(&mut buffer).is_empty());
    }

    #[test]
    fn handshakes_and_messages_are_checked() {
        assert_eq!(
            check_handshake(r#"{"protocol":"json","version":1}"#),
            Ok(())
        );
        for bad in [
            "nope",
            r#"{"protocol":"messagepack","version":1}"#,
            r#"{"protocol":"json","version":2}"#,
            r#"{"version":1}"#,
        ] {
            assert!(check_handshake(bad).is_err(), "{bad}");
        }
        let m = parse_message(
            r#"{"type":1,"invocationId":"0","target":"subscribe","arguments":["t"]}"#,
        )
        .unwrap();
        assert_eq!(
            (m.kind, m.invocation_id.as_deref(), m.target.as_deref()),
            (1, Some("0"), Some("subscribe"))
        );
        for bad in ["[]", r#"{"type":"1"}"#, r#"{"type":1,"arguments":{}}"#] {
            assert!(parse_message(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn written_records_match_the_spec() {
        assert_eq!(
            completion("3", None),
            "{\"invocationId\":\"3\",\"type\":3}\u{1e}"
        );
        assert_eq!(
            close(Some("bye"), true),
            "{\"allowReconnect\":true,\"error\":\"bye\",\"type\":7}\u{1e}"
        );
        assert_eq!(
            invocation("Pong", &[]),
            "{\"arguments\":[],\"target\":\"Pong\",\"type\":1}\u{1e}"
        );
        assert_eq!(handshake_ok(), "{}\u{1e}");
    }
}
