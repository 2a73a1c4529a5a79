//! The per-entity ledger of deltas a future base may cover.
//!
//! A base arriving with a watermark (a version, or an as-of token) includes
//! some deltas already counted; those must be taken out again. So deltas are
//! kept individually, with their stamp, while a base could still cover them:
//! always for `seq`-stamped deltas (up to a cap), and for unversioned ones
//! only while a refetch is outstanding. Everything else is folded into the
//! cell's `folded` sum, which the next base replaces as a whole.

use std::collections::VecDeque;

use super::vocab::MetricCode;

/// Where a delta sits in time: the server's per-entity sequence number, or
/// the store's own receive counter (for deltas without `seq`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    Seq(u64),
    Tick(u64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LedgerEntry {
    pub stamp: Stamp,
    pub metric: MetricCode,
    pub delta: f64,
}

/// Entries kept per entity before the oldest are folded.
pub const LEDGER_CAP: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    entries: VecDeque<LedgerEntry>,
    /// Highest seq folded away (a base older than this can't be reconciled).
    pub folded_max_seq: Option<u64>,
    /// Highest receive tick folded away while a refetch was outstanding.
    pub folded_max_tick: Option<u64>,
}

impl Ledger {
    pub const EMPTY: Ledger = Ledger {
        entries: VecDeque::new(),
        folded_max_seq: None,
        folded_max_tick: None,
    };

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &LedgerEntry> {
        self.entries.iter()
    }

    pub fn push(&mut self, entry: LedgerEntry) {
        self.entries.push_back(entry);
    }

    /// Removes the oldest entry when over the cap (the caller folds it).
    pub fn pop_over_cap(&mut self) -> Option<LedgerEntry> {
        if self.entries.len() <= LEDGER_CAP {
            return None;
        }
        let entry = self.entries.pop_front()?;
        self.note_folded(entry);
        Some(entry)
    }

    /// Removes the entries `fold` selects (to be folded by the caller).
    pub fn take(&mut self, fold: impl Fn(&LedgerEntry) -> bool) -> Vec<LedgerEntry> {
        let (taken, kept): (Vec<LedgerEntry>, Vec<LedgerEntry>) =
            self.entries.drain(..).partition(|e| fold(e));
        self.entries = kept.into();
        for e in &taken {
            self.note_folded(*e);
        }
        taken
    }

    /// Gives the entries stamped `from` the stamp `to`.
    pub fn restamp(&mut self, from: Stamp, to: Stamp) {
        for e in self.entries.iter_mut().filter(|e| e.stamp == from) {
            e.stamp = to;
        }
    }

    /// Drops the entries `covered` says a base includes.
    pub fn retain(&mut self, mut keep: impl FnMut(&LedgerEntry) -> bool) {
        self.entries.retain(|e| keep(e));
    }

    fn note_folded(&mut self, entry: LedgerEntry) {
        match entry.stamp {
            Stamp::Seq(s) => {
                self.folded_max_seq = Some(self.folded_max_seq.map_or(s, |m| m.max(s)))
            }
            Stamp::Tick(t) => {
                self.folded_max_tick = Some(self.folded_max_tick.map_or(t, |m| m.max(t)))
            }
        }
    }

    /// The base replaced the folded sums.
    pub fn clear_folded(&mut self) {
        self.folded_max_seq = None;
        self.folded_max_tick = None;
    }

    /// Sum of one metric's entries that a base with this watermark would not cover.
    pub fn sum_after(
        &self,
        metric: MetricCode,
        covered: impl Fn(Stamp) -> bool,
    ) -> super::sum::Sum {
        self.entries
            .iter()
            .filter(|e| e.metric == metric && !covered(e.stamp))
            .fold(super::sum::Sum::ZERO, |s, e| s.plus(e.delta).unwrap_or(s))
    }

    /// Sum of the entries for one metric.
    pub fn sum(&self, metric: MetricCode) -> super::sum::Sum {
        self.entries
            .iter()
            .filter(|e| e.metric == metric)
            .fold(super::sum::Sum::ZERO, |s, e| s.plus(e.delta).unwrap_or(s))
    }
}
