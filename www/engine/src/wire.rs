//! WebSocket wire format: client commands and the server's messages, which
//! always travel as JSON arrays (frames).

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::catalog::Delta;
use crate::views::Num;
use crate::vocab::EntityKey;

/// Longest topic string accepted from a client.
const MAX_TOPIC_LEN: usize = 256;

/// Client → server frame.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ClientMessage {
    Subscribe { topics: Vec<String> },
    Unsubscribe { topics: Vec<String> },
}

impl ClientMessage {
    /// Parses and sanity-checks one text frame; the error is sent back as-is.
    pub fn parse(text: &str) -> Result<Self, String> {
        let message: Self =
            serde_json::from_str(text).map_err(|e| format!("invalid message: {e}"))?;
        let (Self::Subscribe { topics } | Self::Unsubscribe { topics }) = &message;
        if topics
            .iter()
            .any(|t| t.is_empty() || t.len() > MAX_TOPIC_LEN)
        {
            return Err(format!("topics must be 1 to {MAX_TOPIC_LEN} bytes long"));
        }
        Ok(message)
    }
}

/// Server → client message; frames are JSON arrays of these.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerMessage {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    pub data: Data,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Data {
    Welcome {
        #[serde(rename = "connectionId")]
        connection_id: u64,
    },
    Subscribed {
        topics: Vec<String>,
    },
    Error {
        message: String,
    },
    MetricUpdate(UpdatePayload),
}

/// The flat payload sites send: `{ entityType, entityId, <metric>: <delta>... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatePayload {
    pub key: EntityKey,
    pub fields: Vec<(&'static str, f64)>,
}

impl Serialize for UpdatePayload {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2 + self.fields.len()))?;
        map.serialize_entry("entityType", &self.key.entity_type)?;
        map.serialize_entry("entityId", &self.key.id)?;
        for (label, amount) in &self.fields {
            map.serialize_entry(label, &Num(*amount))?;
        }
        map.end()
    }
}

impl ServerMessage {
    pub fn welcome(connection_id: u64) -> Self {
        Self {
            kind: "welcome",
            topic: None,
            data: Data::Welcome { connection_id },
        }
    }

    pub fn subscribed(topics: Vec<String>) -> Self {
        Self {
            kind: "subscribed",
            topic: None,
            data: Data::Subscribed { topics },
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self {
            kind: "error",
            topic: None,
            data: Data::Error {
                message: message.into(),
            },
        }
    }

    pub fn metric_update(key: EntityKey, deltas: &[Delta]) -> Self {
        Self {
            kind: "metric:update",
            topic: Some(key.topic()),
            data: Data::MetricUpdate(UpdatePayload {
                key,
                fields: deltas.iter().map(|d| (d.label, d.amount)).collect(),
            }),
        }
    }
}

/// Joins already-encoded messages into one frame (a JSON array), so a message
/// sent to many connections is encoded once.
pub fn frame<S: AsRef<str>>(messages: &[S]) -> String {
    let len = messages.iter().map(|m| m.as_ref().len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len + 2);
    out.push('[');
    for (i, m) in messages.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(m.as_ref());
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::EntityType;

    #[test]
    fn messages_encode_as_documented() {
        let key = EntityKey::new(EntityType::Image, 5);
        let d = [
            Delta {
                metric: 0,
                label: "Like",
                amount: 1.0,
            },
            Delta {
                metric: 1,
                label: "heartCount",
                amount: -1.0,
            },
        ];
        let json = serde_json::to_string(&ServerMessage::metric_update(key, &d)).unwrap();
        assert_eq!(
            json,
            r#"{"type":"metric:update","topic":"metrics:Image:5","data":{"entityType":"Image","entityId":5,"Like":1,"heartCount":-1}}"#
        );
        let json = serde_json::to_string(&ServerMessage::welcome(3)).unwrap();
        assert_eq!(json, r#"{"type":"welcome","data":{"connectionId":3}}"#);
        let json = serde_json::to_string(&ServerMessage::subscribed(vec!["a".into()])).unwrap();
        assert_eq!(json, r#"{"type":"subscribed","data":{"topics":["a"]}}"#);
        assert_eq!(frame(&["1", "2"]), "[1,2]");
        assert_eq!(frame::<&str>(&[]), "[]");
    }

    #[test]
    fn client_messages_parse() {
        let m: ClientMessage =
            serde_json::from_str(r#"{"type":"subscribe","topics":["x"]}"#).unwrap();
        assert_eq!(
            m,
            ClientMessage::Subscribe {
                topics: vec!["x".into()]
            }
        );
        assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"nope"}"#).is_err());
        assert!(
            serde_json::from_str::<ClientMessage>(r#"{"type":"subscribe","topics":"x"}"#).is_err()
        );
    }
}
