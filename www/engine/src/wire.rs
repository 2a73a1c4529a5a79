//! WebSocket wire format: client commands and the server's messages, which
//! always travel as JSON arrays (frames).

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::catalog::Delta;
use crate::clock::iso8601;
use crate::project_stats::{Operation, Stats};
use crate::target::{project_id, project_topic};
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
        check_topics(topics)?;
        Ok(message)
    }
}

/// Every protocol's topic check: 1 to `MAX_TOPIC_LEN` bytes each.
pub fn check_topics(topics: &[String]) -> Result<(), String> {
    if topics
        .iter()
        .any(|t| t.is_empty() || t.len() > MAX_TOPIC_LEN)
    {
        return Err(format!("topics must be 1 to {MAX_TOPIC_LEN} bytes long"));
    }
    Ok(())
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
    ProjectStats(StatsPayload),
    /// How many connections follow a topic (`subscribeNotify`).
    TopicConnections {
        topic: String,
        count: usize,
    },
}

/// The flat payload sites send. A delta is
/// `{ entityType, entityId, seq, eventId, mutationId?, <metric>: <delta>... }`
/// (`mutationId` only when a mutation request caused it); a heartbeat
/// is `{ entityType, entityId, version }` ("the server is at this version").
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatePayload {
    pub key: EntityKey,
    /// The entity's version after this event.
    pub seq: Option<u64>,
    /// Globally unique per event; a replay repeats it.
    pub event_id: Option<String>,
    /// The `Idempotency-Key` of the mutation that caused this event, if any.
    pub mutation_id: Option<String>,
    pub version: Option<u64>,
    pub fields: Vec<(&'static str, f64)>,
}

impl Serialize for UpdatePayload {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("entityType", &self.key.entity_type)?;
        map.serialize_entry("entityId", &self.key.id)?;
        if let Some(seq) = self.seq {
            map.serialize_entry("seq", &seq)?;
        }
        if let Some(event_id) = &self.event_id {
            map.serialize_entry("eventId", event_id)?;
        }
        if let Some(mutation_id) = &self.mutation_id {
            map.serialize_entry("mutationId", mutation_id)?;
        }
        if let Some(version) = self.version {
            map.serialize_entry("version", &version)?;
        }
        for (label, amount) in &self.fields {
            map.serialize_entry(label, &Num(*amount))?;
        }
        map.end()
    }
}

/// A project's absolute state, in the seed dashboard's shape:
/// `{ projectId, stats: { imageCount, …, lastUpdated }, operation, timestamp }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsPayload {
    pub project_id: String,
    pub stats: StatsView,
    pub operation: &'static str,
    pub timestamp: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsView {
    pub image_count: u64,
    pub segmented_count: u64,
    pub pending_count: u64,
    pub failed_count: u64,
    pub last_updated: String,
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

    /// The subscriber count of a topic, for connections that asked for it
    /// (the site's `topic:connections`: `{ topic, count }`).
    pub fn topic_connections(topic: &str, count: usize) -> Self {
        Self {
            kind: "topic:connections",
            topic: Some(topic.to_owned()),
            data: Data::TopicConnections {
                topic: topic.to_owned(),
                count,
            },
        }
    }

    /// One event's deltas; `seq` is the entity's version after it.
    pub fn metric_update(
        key: EntityKey,
        seq: u64,
        event_id: String,
        mutation_id: Option<&str>,
        deltas: &[Delta],
    ) -> Self {
        Self {
            kind: "metric:update",
            topic: Some(key.topic()),
            data: Data::MetricUpdate(UpdatePayload {
                key,
                seq: Some(seq),
                event_id: Some(event_id),
                mutation_id: mutation_id.map(str::to_owned),
                version: None,
                fields: deltas.iter().map(|d| (d.label, d.amount)).collect(),
            }),
        }
    }

    /// A heartbeat: no seq, no metrics, just the entity's current version.
    pub fn heartbeat(key: EntityKey, version: u64) -> Self {
        Self {
            kind: "metric:update",
            topic: Some(key.topic()),
            data: Data::MetricUpdate(UpdatePayload {
                key,
                seq: None,
                event_id: None,
                mutation_id: None,
                version: Some(version),
                fields: Vec::new(),
            }),
        }
    }

    /// A project snapshot after `operation`, stamped `timestamp` (ms).
    pub fn project_stats(number: u32, stats: &Stats, operation: Operation, timestamp: u64) -> Self {
        Self {
            kind: "projectStatsUpdate",
            topic: Some(project_topic(number)),
            data: Data::ProjectStats(StatsPayload {
                project_id: project_id(number),
                stats: StatsView {
                    image_count: stats.images,
                    segmented_count: stats.segmented,
                    pending_count: stats.pending,
                    failed_count: stats.failed,
                    last_updated: iso8601(timestamp),
                },
                operation: operation.as_str(),
                timestamp,
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
#[path = "wire_tests.rs"]
mod tests;
