//! Why a count is what it is: one key's base and the watermark it carries,
//! each delta still counted over it (by `seq`, or in receive order), what
//! is counted but no longer itemized, the app's writes still waiting for the
//! server, and — for a traced entity — the trail of every delta that
//! reached it and what became of it.

use super::entity_id::EntityIdRef;
use super::ledger::Stamp;
use super::optimistic::Mutation;
use super::store::MetricStore;
use super::trace::TraceEntry;
use super::vocab::{MetricCode, TypeCode};
use super::watermark::StaleReason;

#[derive(Debug, Clone)]
pub struct Explanation<'a> {
    /// `base + delta + optimistic` when the store holds a base.
    pub value: Option<f64>,
    pub base: Option<f64>,
    /// The last `seq` the held base includes.
    pub version: Option<u64>,
    /// The `markRefetch` token the held base answered.
    pub as_of: Option<u64>,
    /// When the newest absolute snapshot was taken.
    pub snapshot_at: Option<f64>,
    /// Why the entity waits for a fresh base, if it does.
    pub stale: Option<StaleReason>,
    /// Confirmed deltas over the base: `counted` plus `folded`.
    pub delta: f64,
    /// Deltas a future base may still cover, each with its stamp.
    pub counted: Vec<(Stamp, f64)>,
    /// Counted, but no longer itemized (the next base replaces them whole).
    pub folded: f64,
    /// The app's own writes waiting for the server.
    pub optimistic: f64,
    /// The entity's mutation records that touch this metric, oldest first.
    pub pending: Vec<&'a Mutation>,
    /// The traced entity's deltas to this metric, oldest first.
    pub trail: Vec<&'a TraceEntry>,
}

impl MetricStore {
    /// Starts (or stops) tracing an entity: each delta that reaches it is
    /// recorded for `explain`.
    pub fn trace(&mut self, ty: TypeCode, id: EntityIdRef<'_>, on: bool) {
        self.traces.set(ty, id, on);
    }

    /// Whether any entity is traced (writes check this once).
    pub fn tracing(&self) -> bool {
        self.traces.any()
    }

    pub fn explain(
        &self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Explanation<'_> {
        let entity = self
            .entities
            .find(ty, id)
            .and_then(|slot| Some((slot, self.entities.get(slot)?)));
        let cell = entity
            .and_then(|(slot, _)| self.cell_of(slot, metric))
            .and_then(|c| self.cells.get(c));
        let counted: Vec<(Stamp, f64)> = entity
            .map(|(_, e)| {
                e.ledger()
                    .iter()
                    .filter(|l| l.metric == metric)
                    .map(|l| (l.stamp, l.delta))
                    .collect()
            })
            .unwrap_or_default();
        let delta = cell.map_or(0.0, |c| c.delta.value());
        let itemized: f64 = counted.iter().map(|(_, d)| d).sum();
        let wm = entity.map(|(_, e)| e.wm());
        Explanation {
            value: cell.and_then(|c| Some(c.base? + c.shown())),
            base: cell.and_then(|c| c.base),
            version: wm.and_then(|w| w.version),
            as_of: wm.and_then(|w| w.token),
            snapshot_at: wm.and_then(|w| w.snapshot_ts),
            stale: wm.and_then(|w| w.stale),
            delta,
            folded: delta - itemized,
            counted,
            optimistic: cell.map_or(0.0, |c| c.optimistic.value()),
            pending: self
                .mutations_of(Some(ty), Some(id))
                .into_iter()
                .filter(|m| m.deltas.iter().any(|(x, _)| *x == metric))
                .collect(),
            trail: self
                .traces
                .trail(ty, id)
                .filter(|t| t.metric == metric)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bases::BaseMeta;
    use crate::core::signal::{parse_signals, std_numbers};
    use crate::core::trace::{Fate, Source};

    #[test]
    fn a_count_is_explained_by_its_base_its_counted_deltas_and_its_trail() {
        let mut s = MetricStore::new();
        let ty = s.entity_type("Image").unwrap();
        let like = s.metric("m", "likeCount").unwrap();
        let id = EntityIdRef::Int(1);
        s.trace(ty, id, true);
        s.set_base(ty, id, &[(like, 10.0)], BaseMeta::Version(1))
            .unwrap();
        for text in [
            r#"{"entityType":"Image","entityId":1,"seq":2,"eventId":"a","likeCount":1}"#,
            r#"{"entityType":"Image","entityId":1,"seq":2,"eventId":"a","likeCount":1}"#,
            r#"{"entityType":"Image","entityId":1,"seq":1,"likeCount":5}"#,
        ] {
            for p in parse_signals(text, &std_numbers) {
                s.apply_signal(&p, Some(7.0));
            }
        }
        let e = s.explain(ty, id, like);
        assert_eq!(
            (e.value, e.base, e.version),
            (Some(11.0), Some(10.0), Some(1))
        );
        assert_eq!(e.counted, vec![(Stamp::Seq(2), 1.0)]);
        assert_eq!(e.folded, 0.0);
        let fates: Vec<(Source, Fate)> = e.trail.iter().map(|t| (t.source, t.fate)).collect();
        assert_eq!(
            fates,
            vec![
                (Source::Base, Fate::Counted),
                (Source::Remote, Fate::Counted),
                (Source::Remote, Fate::Duplicate),
                (Source::Remote, Fate::Covered)
            ]
        );
        assert_eq!(e.trail[1].event_id.as_deref(), Some("a"));
        assert_eq!(e.trail[1].at, Some(7.0));
    }
}
