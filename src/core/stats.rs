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
}
