//! The last N remote events (snapshots and signals), newest first, for an
//! activity feed and "recently updated" highlights.

use std::collections::VecDeque;

use super::entity_id::EntityId;
use super::vocab::{MetricCode, TypeCode};

pub const DEFAULT_SIZE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Snapshot,
    Delta,
}

impl ActivityKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Snapshot => "snapshot",
            ActivityKind::Delta => "delta",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActivityEvent {
    pub kind: ActivityKind,
    /// The entity by key (its slot may be reused after eviction).
    pub ty: TypeCode,
    pub id: EntityId,
    pub changed: Vec<MetricCode>,
    /// The caller's clock when it was applied (ms).
    pub at: f64,
}

#[derive(Debug, Clone)]
pub struct Activity {
    size: usize,
    ring: VecDeque<ActivityEvent>,
}

impl Default for Activity {
    fn default() -> Self {
        Self::new(DEFAULT_SIZE)
    }
}

impl Activity {
    pub fn new(size: usize) -> Self {
        Activity {
            size,
            ring: VecDeque::with_capacity(size.min(1024)),
        }
    }

    pub fn push(&mut self, event: ActivityEvent) {
        if self.size == 0 {
            return;
        }
        if self.ring.len() >= self.size {
            self.ring.pop_back();
        }
        self.ring.push_front(event);
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &ActivityEvent> {
        self.ring.iter()
    }
}
