//! A bounded window of recent event ids: a replayed signal (same `eventId`)
//! is dropped instead of counted twice. Ids are kept as 64-bit FNV-1a
//! hashes (stable across reloads, so the window can be persisted); at the
//! default size the chance of any false duplicate is below 1e-9.

use std::collections::VecDeque;

use hashbrown::HashSet;

/// Default window: a long, busy session's worth of events.
pub const DEFAULT_WINDOW: usize = 100_000;

/// An event id as received: a number or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum EventId {
    Number(f64),
    Text(String),
}

impl EventId {
    /// As text, for traces (integral numbers as integers; no float formatting).
    pub fn text(&self) -> String {
        match self {
            EventId::Number(n) => super::error::integer_text(*n),
            EventId::Text(t) => t.clone(),
        }
    }

    pub fn hash64(&self) -> u64 {
        match self {
            EventId::Number(n) => fnv1a(b'n', &n.to_bits().to_le_bytes()),
            EventId::Text(s) => fnv1a(b's', s.as_bytes()),
        }
    }
}

fn fnv1a(tag: u8, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(&tag).chain(bytes) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[derive(Debug, Clone)]
pub struct EventWindow {
    capacity: usize,
    order: VecDeque<u64>,
    seen: HashSet<u64>,
}

impl Default for EventWindow {
    fn default() -> Self {
        Self::new(DEFAULT_WINDOW)
    }
}

impl EventWindow {
    pub fn new(capacity: usize) -> Self {
        EventWindow {
            capacity: capacity.max(1),
            order: VecDeque::new(),
            seen: HashSet::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// True if the id was seen inside the window.
    pub fn contains(&self, id: &EventId) -> bool {
        self.seen.contains(&id.hash64())
    }

    /// True if the id is new (and now remembered); false for a duplicate.
    pub fn admit(&mut self, id: &EventId) -> bool {
        let h = id.hash64();
        if !self.seen.insert(h) {
            return false;
        }
        self.order.push_back(h);
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        true
    }

    /// The remembered hashes, oldest first (for persistence).
    pub fn hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.order.iter().copied()
    }

    /// Re-admits a persisted hash.
    pub fn restore(&mut self, hash: u64) {
        if self.seen.insert(hash) {
            self.order.push_back(hash);
            while self.order.len() > self.capacity {
                if let Some(old) = self.order.pop_front() {
                    self.seen.remove(&old);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_inside_the_window_are_refused() {
        let mut w = EventWindow::new(3);
        assert!(w.admit(&EventId::Text("a".into())));
        assert!(!w.admit(&EventId::Text("a".into())));
        assert!(w.admit(&EventId::Number(1.0)));
        assert!(w.admit(&EventId::Text("1".into())), "1 and \"1\" differ");
        assert!(w.admit(&EventId::Text("b".into())));
        // "a" fell out of the window of 3.
        assert!(w.admit(&EventId::Text("a".into())));
        assert_eq!(w.len(), 3);
    }
}
