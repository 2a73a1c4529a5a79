//! The boundary between the wasm binding (`src/wasm`) and the TypeScript
//! package (`pkg/src`), defined once: every number, flag, enum and name
//! table both sides use. `tests/abi_ts.rs` renders this module (and the
//! core's message table and built-in vocabulary) as
//! `pkg/src/abi/generated.ts` and fails when the committed file differs;
//! `pkg/src/abi/protocol.ts` is the one TypeScript module that decodes it.
//! Pure Rust, so it is tested natively.

use crate::core::activity::ActivityKind;
use crate::core::optimistic::MutationState;
use crate::core::{Effect, MetricStore, StaleReason};

/// A group of named `u32` constants, with the list the generator reads.
macro_rules! abi_group {
    ($(#[$doc:meta])* $group:ident { $($(#[$d:meta])* $name:ident = $value:expr,)* }) => {
        $(#[$doc])*
        pub mod $group {
            #[allow(unused_imports)]
            use super::*;
            $($(#[$d])* pub const $name: u32 = $value;)*
            /// `(name, value)`, for the TypeScript generator.
            pub const ALL: &[(&str, u32)] = &[$((stringify!($name), $name),)*];
        }
    };
}

abi_group!(
    /// Bits of the `u32` status a write returns.
    status {
        /// The write's effect (see [`effect`]).
        EFFECT_MASK = 0b11,
        /// A signal named a valid entity; a base or snapshot was applied.
        ACCEPTED = 1 << 2,
        /// Entities became stale: drain `drainResync`.
        RESYNC = 1 << 3,
        /// A frame held messages for the app's handlers: `takeMessages()`.
        MESSAGES = 1 << 4,
        /// Metric names were learned: re-read the vocabulary.
        VOCAB = 1 << 5,
        /// The call failed; its error waits in `takeError()`.
        FAILED = u32::MAX,
    }
);

abi_group!(
    /// What a write did, in `status & EFFECT_MASK`.
    effect {
        NONE = Effect::None as u32,
        /// The state changed, but no watched key's value did.
        CHANGED = Effect::Changed as u32,
        /// A watched key's value changed: drain the changes and notify.
        WATCHED = Effect::WatchedChanged as u32,
    }
);

abi_group!(
    /// Which watermark a base or snapshot carries.
    meta {
        VERSION = 0,
        AS_OF = 1,
        TIMESTAMP = 2,
        /// No watermark (a hook's plain base).
        NONE = 3,
    }
);

abi_group!(
    /// How a mutation attempt failed (`attemptFailed`).
    failure {
        NETWORK = 0,
        TIMEOUT = 1,
        /// An HTTP status (0: an error of the app's own, never retried).
        STATUS = 2,
    }
);

abi_group!(
    /// What a failed attempt leads to (`attemptFailed`'s second number).
    step {
        RETRY = 0,
        /// Rolled back (only this record).
        FAILED = 1,
        /// Already confirmed by its echo.
        SETTLED = 2,
    }
);

abi_group!(
    /// Web Storage areas for persistence.
    storage {
        SESSION = 0,
        LOCAL = 1,
    }
);

abi_group!(
    /// A drained topic change: `[kind, entityTypeCode, entityId, …]`.
    topic_change {
        UNSUBSCRIBE = 0,
        SUBSCRIBE = 1,
    }
);

/// Stale reasons by code (`drainResync`'s third column).
pub const STALE_REASONS: [&str; 5] = [
    StaleReason::ALL[0].as_str(),
    StaleReason::ALL[1].as_str(),
    StaleReason::ALL[2].as_str(),
    StaleReason::ALL[3].as_str(),
    StaleReason::ALL[4].as_str(),
];

/// The code of a stale reason.
pub fn stale_code(reason: StaleReason) -> u32 {
    reason as u32
}

/// Mutation states by code.
pub const MUTATION_STATES: [&str; 5] = [
    MutationState::Pending.as_str(),
    MutationState::Inflight.as_str(),
    MutationState::Retrying.as_str(),
    MutationState::Confirmed.as_str(),
    MutationState::Failed.as_str(),
];

/// Activity kinds by code.
pub const ACTIVITY_KINDS: [&str; 2] = [
    ActivityKind::Snapshot.as_str(),
    ActivityKind::Delta.as_str(),
];

/// Where a traced delta came from, by code (`explain`'s trail).
pub const TRACE_SOURCES: [&str; 4] = ["remote", "app", "base", "snapshot"];

/// What became of a traced delta, by code.
pub const TRACE_FATES: [&str; 4] = ["counted", "duplicate", "covered", "ignored"];

/// The code of a trace entry's source (in the order of [`TRACE_SOURCES`]).
pub fn source_code(s: crate::core::trace::Source) -> u32 {
    s as u32
}

/// The code of a trace entry's fate (in the order of [`TRACE_FATES`]).
pub fn fate_code(f: crate::core::trace::Fate) -> u32 {
    f as u32
}

/// `stats()` is a vector in this order.
pub const STATS_FIELDS: [&str; 13] = [
    "signalsApplied",
    "signalsRejected",
    "fieldsDropped",
    "deltasApplied",
    "keys",
    "entities",
    "cells",
    "duplicatesDropped",
    "coveredDropped",
    "gapsDetected",
    "staleBasesIgnored",
    "entitiesEvicted",
    "metricsLearned",
];

/// The store's counters in the order of [`STATS_FIELDS`].
pub fn stats_vector(store: &MetricStore) -> [f64; STATS_FIELDS.len()] {
    let s = store.stats();
    let n = |v: u64| v as f64;
    [
        n(s.signals_applied),
        n(s.signals_rejected),
        n(s.fields_dropped),
        n(s.deltas_applied),
        store.key_count() as f64,
        store.entity_count() as f64,
        store.cell_count() as f64,
        n(s.duplicates_dropped),
        n(s.covered_dropped),
        n(s.gaps_detected),
        n(s.stale_bases_ignored),
        n(s.entities_evicted),
        f64::from(store.vocab().learned_count()),
    ]
}

/// Every constant group, for the generator.
pub const GROUPS: &[(&str, &[(&str, u32)])] = &[
    ("STATUS", status::ALL),
    ("EFFECT", effect::ALL),
    ("META", meta::ALL),
    ("FAILURE", failure::ALL),
    ("STEP", step::ALL),
    ("STORAGE", storage::ALL),
    ("TOPIC_CHANGE", topic_change::ALL),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::trace::{Fate, Source};

    #[test]
    fn name_tables_follow_their_enums() {
        assert_eq!(
            TRACE_SOURCES[source_code(Source::Snapshot) as usize],
            "snapshot"
        );
        assert_eq!(TRACE_FATES[fate_code(Fate::Ignored) as usize], "ignored");
        assert_eq!(
            STALE_REASONS[stale_code(StaleReason::Unversioned) as usize],
            "unversioned"
        );
        assert_eq!(MUTATION_STATES[MutationState::Failed as usize], "failed");
    }
}
