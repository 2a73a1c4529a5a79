//! Counters a site can watch to see what its live data is doing.

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Remote payloads accepted by `applySignal` (possibly with dropped fields).
    pub signals_applied: u64,
    /// Remote payloads rejected: no valid entity type or id.
    pub signals_rejected: u64,
    /// Remote fields dropped: unknown metric, non-number or non-finite value,
    /// or a sum that would overflow.
    pub fields_dropped: u64,
    /// Non-zero metric deltas accumulated, from the app and from signals.
    pub deltas_applied: u64,
    /// Deltas dropped as replays (same `eventId`, or a `seq` already seen).
    pub duplicates_dropped: u64,
    /// Deltas dropped because the held base already includes them (`seq ≤ version`).
    pub covered_dropped: u64,
    /// Jumps in `seq` (missed deltas) detected.
    pub gaps_detected: u64,
    /// Bases and snapshots ignored because the store held a newer one.
    pub stale_bases_ignored: u64,
    /// Entities evicted by the key cap.
    pub entities_evicted: u64,
}
