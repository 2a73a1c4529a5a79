//! Topic commands shared by every protocol: (un)subscribing, with the
//! farewell of topics left and the subscriber counts some clients asked for
//! (`subscribeNotify`, the site's `topic:connections` message). `/ws` acks in
//! the same critical section (see `Hub::client_frame`); SignalR and
//! Socket.IO answer with the result through their own reply channels.

use crate::hub::Hub;
use crate::outbox::Outbox;
use crate::state::{encode, resolve, State};
use crate::subs::ConnId;
use crate::wire::{ClientMessage, ServerMessage};

impl State {
    /// Applies one (un)subscribe under the hub lock, queueing the farewell of
    /// topics left and the new counts of topics whose count changed.
    /// Returns the connection's topic set, or why it was refused.
    pub fn command(
        &mut self,
        id: ConnId,
        message: &ClientMessage,
        out: &mut Outbox,
    ) -> Result<Vec<String>, String> {
        match message {
            ClientMessage::Subscribe { topics } => {
                let fresh: Vec<String> = topics
                    .iter()
                    .filter(|t| !self.subs.is_subscribed(id, t))
                    .cloned()
                    .collect();
                let (catalog, projects) = (&self.catalog, &self.projects);
                let set = self
                    .subs
                    .subscribe(id, topics, |t| resolve(catalog, projects, t))?;
                self.announce_counts(&fresh, out);
                Ok(set)
            }
            ClientMessage::Unsubscribe { topics } => {
                let leaving: Vec<String> = topics
                    .iter()
                    .filter(|t| self.subs.is_subscribed(id, t))
                    .cloned()
                    .collect();
                self.farewell(id, topics, out);
                let set = self.subs.unsubscribe(id, topics)?;
                self.announce_counts(&leaving, out);
                Ok(set)
            }
        }
    }

    /// Tells each topic's notify-subscribers how many connections follow it.
    pub fn announce_counts(&self, topics: &[String], out: &mut Outbox) {
        for topic in topics {
            let mut listeners = self.subs.notified(topic).peekable();
            if listeners.peek().is_none() {
                continue;
            }
            let count = self.subs.subscriber_count(topic);
            let Some(message) = encode(&ServerMessage::topic_connections(topic, count)) else {
                continue;
            };
            for conn in listeners {
                out.push(conn, message.clone());
            }
        }
    }
}

impl Hub {
    /// Applies one already-parsed command; the caller acks it in its own
    /// protocol (what was queued here goes out first).
    pub fn command(&self, id: ConnId, message: &ClientMessage) -> Result<Vec<String>, String> {
        let mut guard = self.lock();
        let st = &mut *guard;
        let mut out = Outbox::default();
        let result = st.command(id, message, &mut out);
        out.flush(&mut st.subs);
        result
    }

    /// Subscribes and asks for the topics' subscriber counts: the caller
    /// hears the current count at once and again whenever it changes.
    pub fn subscribe_notify(&self, id: ConnId, topics: &[String]) -> Result<Vec<String>, String> {
        let mut guard = self.lock();
        let st = &mut *guard;
        let (catalog, projects) = (&st.catalog, &st.projects);
        let set = st
            .subs
            .subscribe(id, topics, |t| resolve(catalog, projects, t))?;
        for topic in topics {
            st.subs.set_notify(id, topic);
        }
        // One count per topic for everyone listening, the newcomer included.
        let mut out = Outbox::default();
        st.announce_counts(topics, &mut out);
        out.flush(&mut st.subs);
        Ok(set)
    }

    /// Queues a frame already built for the connection's protocol (a SignalR
    /// completion, say). False if the connection is gone.
    pub fn send_frame(&self, id: ConnId, frame: String) -> bool {
        let mut st = self.lock();
        if st.subs.send(id, frame) {
            return true;
        }
        st.subs.remove_conn(id);
        false
    }

    /// Sends one message to one connection, framed for its protocol.
    pub fn send_message(&self, id: ConnId, message: ServerMessage) {
        self.lock().reply(id, message);
    }
}
