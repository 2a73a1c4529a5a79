//! Traces: for the entities someone is inspecting (a devtools panel, the
//! demo's inspector), every delta that reaches them is recorded with where
//! it came from, its `seq`/`eventId`/`mutationId`, when it arrived and what
//! became of it (counted, a replay, already in the base). Off for every
//! other entity, so the stream pays nothing for it. Bounded per entity.

use std::collections::VecDeque;

use hashbrown::HashMap;

use super::apply::DeltaOutcome;
use super::entity_id::{EntityId, EntityIdRef};
use super::vocab::{MetricCode, TypeCode};

/// Deltas kept per traced entity (the oldest go first).
pub const TRACE_CAP: usize = 200;

/// Where a delta came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A remote payload (`applySignal`, a frame).
    Remote,
    /// The app's `applyDelta`.
    App,
    /// A base (`setBase`, a refetch): `delta` is the new base value.
    Base,
    /// An absolute snapshot: `delta` is the new value.
    Snapshot,
}

/// What became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Counted,
    /// A replay: its `eventId` or `seq` was seen before.
    Duplicate,
    /// The held base already includes it.
    Covered,
    /// A base or snapshot older than the one held.
    Ignored,
}

impl Fate {
    pub fn of(outcome: DeltaOutcome) -> Fate {
        match outcome {
            DeltaOutcome::Applied(_) => Fate::Counted,
            DeltaOutcome::Duplicate => Fate::Duplicate,
            DeltaOutcome::Covered => Fate::Covered,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    pub source: Source,
    pub fate: Fate,
    pub metric: MetricCode,
    pub delta: f64,
    pub seq: Option<u64>,
    pub event_id: Option<String>,
    pub mutation_id: Option<String>,
    /// The caller's clock when it arrived (ms).
    pub at: Option<f64>,
}

/// The traced entities and their trails.
#[derive(Debug, Clone, Default)]
pub struct Traces {
    trails: HashMap<(TypeCode, EntityId), VecDeque<TraceEntry>>,
}

impl Traces {
    /// Starts (or stops) recording an entity's deltas.
    pub fn set(&mut self, ty: TypeCode, id: EntityIdRef<'_>, on: bool) {
        let key = (ty, id.to_owned_id());
        if on {
            self.trails.entry(key).or_default();
        } else {
            self.trails.remove(&key);
        }
    }

    /// Whether any entity is traced (the one check writes make).
    pub fn any(&self) -> bool {
        !self.trails.is_empty()
    }

    /// Records `entry` if the entity is traced.
    pub fn record(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        entry: impl FnOnce() -> TraceEntry,
    ) {
        if self.trails.is_empty() {
            return;
        }
        if let Some(trail) = self.trails.get_mut(&(ty, id.to_owned_id())) {
            if trail.len() >= TRACE_CAP {
                trail.pop_front();
            }
            trail.push_back(entry());
        }
    }

    /// The entity's trail, oldest first (empty when it isn't traced).
    pub fn trail(&self, ty: TypeCode, id: EntityIdRef<'_>) -> impl Iterator<Item = &TraceEntry> {
        self.trails
            .get(&(ty, id.to_owned_id()))
            .into_iter()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(delta: f64) -> TraceEntry {
        TraceEntry {
            source: Source::Remote,
            fate: Fate::Counted,
            metric: MetricCode(0),
            delta,
            seq: None,
            event_id: None,
            mutation_id: None,
            at: None,
        }
    }

    #[test]
    fn only_traced_entities_record_and_each_trail_is_bounded() {
        let mut t = Traces::default();
        let (ty, id) = (TypeCode(0), EntityIdRef::Int(1));
        t.record(ty, id, || entry(1.0));
        assert!(!t.any());
        t.set(ty, id, true);
        for i in 0..(TRACE_CAP + 5) {
            t.record(ty, id, || entry(i as f64));
            t.record(ty, EntityIdRef::Int(2), || entry(0.0));
        }
        let trail: Vec<f64> = t.trail(ty, id).map(|e| e.delta).collect();
        assert_eq!(trail.len(), TRACE_CAP);
        assert_eq!(trail.first(), Some(&5.0));
        assert_eq!(t.trail(ty, EntityIdRef::Int(2)).count(), 0);
        t.set(ty, id, false);
        assert!(!t.any());
    }
}
