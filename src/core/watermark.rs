//! Per-entity watermarks: which base the store holds (by version, as-of
//! token or snapshot timestamp), which sequence numbers it has seen, and
//! whether the entity is stale (its accumulated deltas can't be trusted and
//! its base should be refetched).

/// Why an entity needs a fresh base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleReason {
    /// A jump in `seq`: deltas were missed.
    Gap,
    /// The connection dropped: deltas may have been missed.
    Reconnect,
    /// A base arrived older than deltas already folded into the sums.
    BaseBehind,
    /// A mutation was given up on: it may have landed anyway.
    Rollback,
    /// A write was confirmed without the version it landed at: only a
    /// refetch bracketed by a token can tell whether a versioned base has it.
    Unversioned,
}

impl StaleReason {
    pub const fn as_str(self) -> &'static str {
        match self {
            StaleReason::Gap => "gap",
            StaleReason::Reconnect => "reconnect",
            StaleReason::BaseBehind => "base-behind",
            StaleReason::Rollback => "rollback",
            StaleReason::Unversioned => "unversioned",
        }
    }

    /// Every reason, in code order.
    pub const ALL: [StaleReason; 5] = [
        StaleReason::Gap,
        StaleReason::Reconnect,
        StaleReason::BaseBehind,
        StaleReason::Rollback,
        StaleReason::Unversioned,
    ];

    /// The reason named `name` (as `as_str` gives it).
    pub fn parse(name: &str) -> Option<StaleReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// What to do with a delta carrying `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqVerdict {
    /// The next one expected (or the first seen).
    Apply,
    /// A late delta that fills a known gap.
    FillsGap,
    /// Seen before: a replay.
    Duplicate,
    /// Already included in the held base.
    Covered,
    /// Later than expected: apply it, but deltas in between were missed.
    Gap,
}

/// Gaps listed seq by seq, up to this many; a larger jump is only healed by a base.
pub const MAX_MISSING: usize = 64;

#[derive(Debug, Clone, Default)]
pub struct Watermark {
    /// Version (last seq included) of the held base.
    pub version: Option<u64>,
    /// As-of token of the held base.
    pub token: Option<u64>,
    /// Timestamp of the newest absolute snapshot applied.
    pub snapshot_ts: Option<f64>,
    /// Highest seq seen (or covered by a base).
    pub last_seq: Option<u64>,
    /// Seqs skipped by a jump, still expected.
    pub missing: Vec<u64>,
    /// A jump too large to list.
    pub gap_untracked: bool,
    /// `markRefetch` tokens whose base has not arrived yet (ascending).
    pub outstanding: Vec<u64>,
    pub stale: Option<StaleReason>,
}

impl Watermark {
    pub const EMPTY: Watermark = Watermark {
        version: None,
        token: None,
        snapshot_ts: None,
        last_seq: None,
        missing: Vec::new(),
        gap_untracked: false,
        outstanding: Vec::new(),
        stale: None,
    };

    /// Classifies a delta's `seq` and records it.
    pub fn admit(&mut self, seq: u64) -> SeqVerdict {
        if self.version.is_some_and(|v| seq <= v) {
            return SeqVerdict::Covered;
        }
        let Some(last) = self.last_seq else {
            self.last_seq = Some(seq);
            return SeqVerdict::Apply;
        };
        if seq <= last {
            if let Some(i) = self.missing.iter().position(|m| *m == seq) {
                self.missing.swap_remove(i);
                self.heal();
                return SeqVerdict::FillsGap;
            }
            return SeqVerdict::Duplicate;
        }
        self.last_seq = Some(seq);
        let expected = last.saturating_add(1);
        if seq == expected {
            return SeqVerdict::Apply;
        }
        let skipped = seq.saturating_sub(expected);
        let room = MAX_MISSING.saturating_sub(self.missing.len());
        if usize::try_from(skipped).is_ok_and(|n| n <= room) {
            self.missing.extend(expected..seq);
        } else {
            self.gap_untracked = true;
        }
        self.stale = Some(StaleReason::Gap);
        SeqVerdict::Gap
    }

    /// The server says the entity is at `version` (a heartbeat): any seq up to
    /// it not seen yet was missed. Returns true if that opened a gap.
    pub fn observe(&mut self, version: u64) -> bool {
        let Some(last) = self.last_seq.or(self.version) else {
            return false;
        };
        if version <= last {
            return false;
        }
        let first = last.saturating_add(1);
        let room = MAX_MISSING.saturating_sub(self.missing.len());
        if usize::try_from(version.saturating_sub(last)).is_ok_and(|n| n <= room) {
            self.missing.extend(first..=version);
        } else {
            self.gap_untracked = true;
        }
        self.last_seq = Some(version);
        self.stale = Some(StaleReason::Gap);
        true
    }

    /// A base with `version` arrived: everything up to it is accounted for.
    pub fn cover(&mut self, version: u64) {
        self.version = Some(version);
        self.last_seq = Some(self.last_seq.map_or(version, |s| s.max(version)));
        self.missing.retain(|m| *m > version);
        if self.missing.is_empty() {
            self.gap_untracked = false;
        }
        self.heal();
        if matches!(
            self.stale,
            Some(
                StaleReason::Reconnect
                    | StaleReason::BaseBehind
                    | StaleReason::Rollback
                    | StaleReason::Unversioned
            )
        ) {
            self.stale = None;
        }
    }

    /// A fresh as-of base arrived: the connection's losses are repaired.
    pub fn refreshed(&mut self) {
        if matches!(
            self.stale,
            Some(StaleReason::Reconnect | StaleReason::Rollback | StaleReason::Unversioned)
        ) {
            self.stale = None;
        }
    }

    fn heal(&mut self) {
        if self.stale == Some(StaleReason::Gap) && self.missing.is_empty() && !self.gap_untracked {
            self.stale = None;
        }
    }

    /// Marks stale; returns true if it was not stale before.
    pub fn mark_stale(&mut self, reason: StaleReason) -> bool {
        let fresh = self.stale.is_none();
        if fresh || reason == StaleReason::Gap {
            self.stale = Some(reason);
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_seqs_apply_and_replays_are_duplicates() {
        let mut w = Watermark::default();
        assert_eq!(w.admit(5), SeqVerdict::Apply);
        assert_eq!(w.admit(6), SeqVerdict::Apply);
        assert_eq!(w.admit(6), SeqVerdict::Duplicate);
        assert_eq!(w.admit(3), SeqVerdict::Duplicate);
        assert_eq!(w.stale, None);
    }

    #[test]
    fn a_jump_is_a_gap_until_filled() {
        let mut w = Watermark::default();
        w.admit(1);
        assert_eq!(w.admit(4), SeqVerdict::Gap);
        assert_eq!(w.stale, Some(StaleReason::Gap));
        assert_eq!(w.admit(2), SeqVerdict::FillsGap);
        assert_eq!(w.stale, Some(StaleReason::Gap));
        assert_eq!(w.admit(3), SeqVerdict::FillsGap);
        assert_eq!(w.stale, None);
        assert_eq!(w.admit(3), SeqVerdict::Duplicate);
    }

    #[test]
    fn a_base_covers_its_version_and_heals_gaps_below_it() {
        let mut w = Watermark::default();
        w.admit(1);
        w.admit(1000);
        assert!(w.gap_untracked);
        w.cover(1000);
        assert_eq!(w.stale, None);
        assert_eq!(w.admit(1000), SeqVerdict::Covered);
        assert_eq!(w.admit(1001), SeqVerdict::Apply);
    }

    #[test]
    fn a_heartbeat_ahead_of_what_was_seen_is_a_gap() {
        let mut w = Watermark::default();
        assert!(!w.observe(5), "nothing known yet");
        w.cover(5);
        assert!(!w.observe(5));
        assert!(w.observe(7));
        assert_eq!(w.missing, vec![6, 7]);
        assert_eq!(w.admit(6), SeqVerdict::FillsGap);
        assert_eq!(w.admit(7), SeqVerdict::FillsGap);
        assert_eq!(w.stale, None);
    }

    #[test]
    fn the_first_delta_after_a_base_must_follow_its_version() {
        let mut w = Watermark::default();
        w.cover(10);
        assert_eq!(w.admit(9), SeqVerdict::Covered);
        assert_eq!(w.admit(12), SeqVerdict::Gap);
        assert_eq!(w.missing, vec![11]);
    }
}
