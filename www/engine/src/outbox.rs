//! Messages collected during one critical section of the hub, grouped per
//! connection so each connection gets one frame per tick, in order.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::subs::{ConnId, Subscriptions};

#[derive(Default)]
pub struct Outbox {
    /// Already-encoded messages; one encoding is shared by all recipients.
    per_conn: BTreeMap<ConnId, Vec<Arc<str>>>,
}

impl Outbox {
    pub fn push(&mut self, conn: ConnId, message: Arc<str>) {
        self.per_conn.entry(conn).or_default().push(message);
    }

    /// Queues each connection's frame; forgets connections that are closed or
    /// stuck. Must run under the hub lock, like the routing that filled it.
    pub fn flush(self, subs: &mut Subscriptions) {
        let mut dead = Vec::new();
        for (conn, messages) in self.per_conn {
            if !subs.send_messages(conn, &messages) {
                dead.push(conn);
            }
        }
        for conn in dead {
            subs.remove_conn(conn);
        }
    }
}
