//! An undo journal of key changes, on only while whole-store listeners exist.
//!
//! zustand hands `subscribe((state, previousState) => …)` the previous state;
//! the JS layer builds `previousState.deltas` lazily from the current values
//! with this window's changes reverted, so nothing is copied per change.

use super::table::CellHandle;

/// What a key held before a change made at `revision`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JournalEntry {
    pub revision: u64,
    pub cell: CellHandle,
    pub old: f64,
    pub was_present: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Journal {
    enabled: bool,
    entries: Vec<JournalEntry>,
}

impl Journal {
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    pub fn set_enabled(&mut self, on: bool) {
        self.enabled = on;
        if !on {
            self.entries = Vec::new();
        }
    }

    pub fn record(&mut self, entry: JournalEntry) {
        if self.enabled {
            self.entries.push(entry);
        }
    }

    /// Moves the entries out, oldest first.
    pub fn drain(&mut self) -> std::vec::Drain<'_, JournalEntry> {
        self.entries.drain(..)
    }
}
