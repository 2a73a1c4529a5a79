//! A map that keeps at most `cap` entries, forgetting the oldest first: the
//! idempotency store and the per-session view dedupe, bounded so a client
//! cannot grow the engine's memory without limit.

use std::borrow::Borrow;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

#[derive(Debug)]
pub struct BoundedMap<K, V> {
    cap: usize,
    entries: HashMap<K, V>,
    /// Keys in insertion order, oldest first.
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V> BoundedMap<K, V> {
    pub fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.get(key)
    }

    pub fn contains<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries.contains_key(key)
    }

    /// Inserts a new key (evicting the oldest if full); an existing key keeps
    /// its value and its place.
    pub fn insert(&mut self, key: K, value: V) {
        if self.entries.contains_key(&key) {
            return;
        }
        while self.entries.len() >= self.cap {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.entries.remove(&oldest);
                }
                None => break,
            }
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_and_the_first_value() {
        let mut m = BoundedMap::new(3);
        for i in 0..5 {
            m.insert(i, i * 10);
        }
        assert_eq!(m.len(), 3);
        assert!(!m.contains(&0) && !m.contains(&1));
        assert_eq!(m.get(&4), Some(&40));
        m.insert(4, 99);
        assert_eq!(m.get(&4), Some(&40), "first value wins");
        assert_eq!(m.len(), 3);
        m.insert(5, 50);
        assert!(!m.contains(&2) && m.contains(&3) && m.contains(&5));
    }
}
