//! The subscription table: live connections, their outgoing channels and
//! topic sets, and the reverse index topic → subscribers.
//!
//! It is plain data: the hub keeps it under the same mutex as the truth, which
//! is what makes "who receives a delta" atomic with (un)subscribing.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use crate::protocol::{frame_for, Protocol};
use crate::target::{canonical_topic, Target};
use crate::vocab::EntityKey;

pub type ConnId = u64;

/// Frames a connection may have queued but not yet written before it is
/// considered stuck and dropped, so one slow reader cannot grow memory forever.
pub const MAX_BACKLOG: usize = 4096;
/// Per-connection topic limit, against runaway clients.
pub const MAX_TOPICS_PER_CONN: usize = 10_000;

/// The hub's end of a connection: the writer task holds the receiver.
#[derive(Debug)]
struct Conn {
    tx: UnboundedSender<String>,
    /// Frames sent but not yet taken by the writer; shared with it.
    backlog: Arc<AtomicUsize>,
    topics: BTreeSet<String>,
    /// How this connection's frames are built.
    protocol: Protocol,
}

#[derive(Debug, Default)]
struct Topic {
    /// The entity or project this topic follows, if it names one that exists.
    key: Option<Target>,
    conns: BTreeSet<ConnId>,
    /// Subscribers that asked to hear the topic's subscriber count
    /// (`subscribeNotify`); always a subset of `conns`.
    notify: BTreeSet<ConnId>,
}

#[derive(Debug, Default)]
pub struct Subscriptions {
    conns: BTreeMap<ConnId, Conn>,
    topics: BTreeMap<String, Topic>,
    next_id: ConnId,
    /// Connections of this protocol get published messages by another
    /// route (Socket.IO rooms through the Redis adapter), not from delivery.
    routed_elsewhere: Option<Protocol>,
}

impl Subscriptions {
    pub fn add_conn(&mut self, tx: UnboundedSender<String>, backlog: Arc<AtomicUsize>) -> ConnId {
        self.add_conn_as(Protocol::Ws, tx, backlog)
    }

    /// Registers a connection whose frames are built for `protocol`.
    pub fn add_conn_as(
        &mut self,
        protocol: Protocol,
        tx: UnboundedSender<String>,
        backlog: Arc<AtomicUsize>,
    ) -> ConnId {
        self.next_id += 1;
        let id = self.next_id;
        let conn = Conn {
            tx,
            backlog,
            topics: BTreeSet::new(),
            protocol,
        };
        self.conns.insert(id, conn);
        id
    }

    /// Forgets a connection and its subscriptions; dropping its sender lets the
    /// writer task drain and finish. Returns false if it was already gone.
    pub fn remove_conn(&mut self, id: ConnId) -> bool {
        let Some(conn) = self.conns.remove(&id) else {
            return false;
        };
        for topic in &conn.topics {
            self.detach(topic, id);
        }
        true
    }

    pub fn clear(&mut self) {
        self.conns.clear();
        self.topics.clear();
    }

    /// Adds topics (a set: repeats are no-ops) and returns the full set, or
    /// `Err` with a reason if the connection is gone or over its limit.
    pub fn subscribe(
        &mut self,
        id: ConnId,
        topics: &[String],
        resolve: impl Fn(&str) -> Option<Target>,
    ) -> Result<Vec<String>, String> {
        let topics: Vec<String> = topics.iter().map(|t| canonical_topic(t)).collect();
        let topics = topics.as_slice();
        let conn = self.conns.get_mut(&id).ok_or("connection closed")?;
        let fresh: BTreeSet<&String> = topics
            .iter()
            .filter(|t| !conn.topics.contains(*t))
            .collect();
        if conn.topics.len() + fresh.len() > MAX_TOPICS_PER_CONN {
            return Err(format!(
                "at most {MAX_TOPICS_PER_CONN} topics per connection"
            ));
        }
        for topic in fresh {
            conn.topics.insert(topic.clone());
            let entry = self.topics.entry(topic.clone()).or_insert_with(|| Topic {
                key: resolve(topic),
                conns: BTreeSet::new(),
                notify: BTreeSet::new(),
            });
            entry.conns.insert(id);
        }
        Ok(conn.topics.iter().cloned().collect())
    }

    /// Removes topics (unknown ones are ignored) and returns the remaining set.
    pub fn unsubscribe(&mut self, id: ConnId, topics: &[String]) -> Result<Vec<String>, String> {
        let topics: Vec<String> = topics.iter().map(|t| canonical_topic(t)).collect();
        let topics = topics.as_slice();
        let conn = self.conns.get_mut(&id).ok_or("connection closed")?;
        let mut removed = Vec::new();
        for topic in topics {
            if conn.topics.remove(topic) {
                removed.push(topic);
            }
        }
        let remaining = conn.topics.iter().cloned().collect();
        for topic in removed {
            self.detach(topic, id);
        }
        Ok(remaining)
    }

    fn detach(&mut self, topic: &str, id: ConnId) {
        if let Some(entry) = self.topics.get_mut(topic) {
            entry.conns.remove(&id);
            entry.notify.remove(&id);
            if entry.conns.is_empty() {
                self.topics.remove(topic);
            }
        }
    }

    /// Marks a subscriber of `topic` as wanting its subscriber count.
    pub fn set_notify(&mut self, id: ConnId, topic: &str) {
        if let Some(entry) = self.topics.get_mut(&canonical_topic(topic)) {
            if entry.conns.contains(&id) {
                entry.notify.insert(id);
            }
        }
    }

    /// Connections following `topic` now.
    pub fn subscriber_count(&self, topic: &str) -> usize {
        self.topics.get(topic).map_or(0, |t| t.conns.len())
    }

    /// Subscribers of `topic` that asked for its subscriber count.
    pub fn notified(&self, topic: &str) -> impl Iterator<Item = ConnId> + '_ {
        self.topics
            .get(topic)
            .into_iter()
            .flat_map(|t| t.notify.iter().copied())
    }

    /// The topics a connection follows.
    pub fn topics_of(&self, id: ConnId) -> Vec<String> {
        self.conns
            .get(&id)
            .map(|c| c.topics.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Published messages for `protocol` go by another route from now on.
    pub fn route_elsewhere(&mut self, protocol: Protocol) {
        self.routed_elsewhere = Some(protocol);
    }

    /// The subscribers that delivery routes published messages to.
    pub fn routed(&self, topic: &str) -> impl Iterator<Item = ConnId> + '_ {
        self.subscribers(topic).filter(move |id| {
            self.routed_elsewhere.is_none()
                || self.conns.get(id).map(|c| c.protocol) != self.routed_elsewhere
        })
    }

    pub fn subscribers(&self, topic: &str) -> impl Iterator<Item = ConnId> + '_ {
        self.topics
            .get(topic)
            .into_iter()
            .flat_map(|t| t.conns.iter().copied())
    }

    /// What a followed topic names, if it names an existing entity or project.
    pub fn target(&self, topic: &str) -> Option<Target> {
        self.topics.get(topic).and_then(|t| t.key)
    }

    pub fn is_subscribed(&self, id: ConnId, topic: &str) -> bool {
        self.topics
            .get(topic)
            .is_some_and(|t| t.conns.contains(&id))
    }

    /// Existing entities that have at least one subscriber: what the emitter
    /// may pick from.
    pub fn live_entities(&self) -> Vec<EntityKey> {
        self.topics
            .values()
            .filter_map(|t| match t.key {
                Some(Target::Entity(key)) => Some(key),
                _ => None,
            })
            .collect()
    }

    /// Existing projects that have at least one subscriber.
    pub fn live_projects(&self) -> Vec<u32> {
        self.topics
            .values()
            .filter_map(|t| match t.key {
                Some(Target::Project(number)) => Some(number),
                _ => None,
            })
            .collect()
    }

    /// Every followed topic that names something, with its subscribers.
    pub fn targets(&self) -> impl Iterator<Item = (&str, Target, &BTreeSet<ConnId>)> + '_ {
        self.topics
            .iter()
            .filter_map(|(topic, t)| Some((topic.as_str(), t.key?, &t.conns)))
    }

    pub fn connection_count(&self) -> usize {
        self.conns.len()
    }

    /// Distinct topics with at least one subscriber.
    pub fn topic_count(&self) -> usize {
        self.topics.len()
    }

    /// Frames `messages` in the connection's protocol and queues the frame;
    /// false as for `send`.
    pub fn send_messages<S: AsRef<str>>(&self, id: ConnId, messages: &[S]) -> bool {
        let Some(conn) = self.conns.get(&id) else {
            return false;
        };
        let frame = frame_for(conn.protocol, messages);
        frame.is_empty() || self.send(id, frame)
    }

    /// Queues a frame for a connection without ever blocking. Returns false if
    /// the connection is closed or stuck; the caller then removes it.
    pub fn send(&self, id: ConnId, frame: String) -> bool {
        let Some(conn) = self.conns.get(&id) else {
            return false;
        };
        if conn.backlog.load(Ordering::Relaxed) >= MAX_BACKLOG {
            eprintln!("livemetrics-engine: connection {id} is not reading; dropping it");
            return false;
        }
        // Count before sending so the writer's decrement can never underflow.
        conn.backlog.fetch_add(1, Ordering::Relaxed);
        conn.tx.send(frame).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::EntityType;
    use tokio::sync::mpsc::unbounded_channel;

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn subscribe_is_a_set_and_cleans_up() {
        let mut subs = Subscriptions::default();
        let (tx, mut rx) = unbounded_channel();
        let a = subs.add_conn(tx.clone(), Arc::default());
        let b = subs.add_conn(tx, Arc::default());
        let got = subs.subscribe(
            a,
            &strings(&["metrics:Image:1", "x", "x", "metrics:Project:project-2"]),
            Target::from_topic,
        );
        let all = ["metrics:Image:1", "metrics:Project:project-2", "x"];
        assert_eq!(got, Ok(strings(&all)));
        let again = subs.subscribe(a, &strings(&["x"]), Target::from_topic);
        assert_eq!(again, Ok(strings(&all)));
        subs.subscribe(b, &strings(&["x"]), Target::from_topic)
            .unwrap();
        assert_eq!(subs.topic_count(), 3);
        assert_eq!(subs.subscribers("x").collect::<Vec<_>>(), vec![a, b]);
        assert!(subs.is_subscribed(b, "x") && !subs.is_subscribed(b, all[0]));
        assert_eq!(
            subs.live_entities(),
            vec![EntityKey::new(EntityType::Image, 1)]
        );
        assert_eq!(subs.live_projects(), vec![2]);
        assert_eq!(subs.targets().count(), 2);

        assert_eq!(
            subs.unsubscribe(
                a,
                &strings(&["metrics:Image:1", "nope", "metrics:Project:project-2"])
            ),
            Ok(strings(&["x"]))
        );
        assert!(subs.live_projects().is_empty());
        assert!(subs.live_entities().is_empty());
        assert!(subs.remove_conn(a));
        assert!(!subs.remove_conn(a));
        assert_eq!(subs.subscribers("x").collect::<Vec<_>>(), vec![b]);
        assert!(subs
            .subscribe(a, &strings(&["y"]), Target::from_topic)
            .is_err());

        assert!(subs.send(b, "[]".into()));
        assert_eq!(rx.try_recv().ok().as_deref(), Some("[]"));
        assert!(!subs.send(a, "[]".into()));
    }

    #[test]
    fn stuck_connections_are_refused() {
        let mut subs = Subscriptions::default();
        let (tx, _rx) = unbounded_channel();
        let backlog = Arc::new(AtomicUsize::new(MAX_BACKLOG));
        let id = subs.add_conn(tx, backlog.clone());
        assert!(!subs.send(id, "[]".into()));
        backlog.store(0, Ordering::Relaxed);
        assert!(subs.send(id, "[]".into()));
    }
}
