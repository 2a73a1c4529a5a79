//! Absolute snapshots (`PROJECT_STATS_UPDATE`, dashboard metrics): values
//! that replace what the store holds. Ordered by `version` (exact, shared
//! with `seq` deltas) or by `timestamp`; an older snapshot is ignored, so
//! counts never go backwards when events arrive out of order.

use super::activity::{ActivityEvent, ActivityKind};
use super::bases::{BaseMeta, BaseOutcome};
use super::entity_id::EntityIdRef;
use super::error::{InputError, Reason};
use super::keys::EntitySlot;
use super::store::{Effect, MetricStore};
use super::sum::Sum;
use super::trace::{Fate, Source};
use super::vocab::{MetricCode, TypeCode};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SnapshotMeta {
    Version(u64),
    /// Server time of the snapshot (any monotonic number, e.g. ms).
    Timestamp(f64),
}

impl MetricStore {
    /// Applies an absolute snapshot; `now` (caller's clock, ms) becomes the
    /// entity's `lastUpdated` and the activity event's time.
    pub fn apply_snapshot(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        values: &[(MetricCode, f64)],
        meta: SnapshotMeta,
        now: f64,
    ) -> Result<BaseOutcome, InputError> {
        self.check_type(ty)?;
        self.check_values("values", values)?;
        if let SnapshotMeta::Timestamp(ts) = meta {
            if !ts.is_finite() {
                return Err(InputError::new("meta.timestamp", Reason::NotFinite(ts)));
            }
        }
        let slot = self.intern(ty, id)?;
        let outcome = match meta {
            SnapshotMeta::Version(v) => self.rebase(slot, values, BaseMeta::Version(v)),
            SnapshotMeta::Timestamp(ts) => self.replace_values(slot, values, ts),
        };
        let (fate, version) = match (outcome.applied, meta) {
            (false, _) => (Fate::Ignored, None),
            (true, SnapshotMeta::Version(v)) => (Fate::Counted, Some(v)),
            (true, SnapshotMeta::Timestamp(_)) => (Fate::Counted, None),
        };
        self.trace_deltas(
            ty,
            id,
            values,
            Source::Snapshot,
            fate,
            version,
            None,
            None,
            Some(now),
        );
        self.enforce_key_cap(Some(slot));
        if outcome.applied {
            if let Some(entity) = self.entities.get_mut(slot) {
                entity.meta_mut().last_updated = Some(now);
            }
            self.activity.push(ActivityEvent {
                kind: ActivityKind::Snapshot,
                ty,
                id: id.to_owned_id(),
                changed: outcome.changed.clone(),
                at: now,
            });
        }
        Ok(outcome)
    }

    /// A timestamped snapshot: each metric it names becomes exactly its value.
    fn replace_values(
        &mut self,
        slot: EntitySlot,
        values: &[(MetricCode, f64)],
        ts: f64,
    ) -> BaseOutcome {
        let Some(entity) = self.entities.get_mut(slot) else {
            return BaseOutcome {
                applied: false,
                changed: Vec::new(),
                effect: Effect::None,
            };
        };
        if entity.wm().snapshot_ts.is_some_and(|held| ts <= held) {
            self.stats.stale_bases_ignored = self.stats.stale_bases_ignored.saturating_add(1);
            return BaseOutcome {
                applied: false,
                changed: Vec::new(),
                effect: Effect::None,
            };
        }
        let meta = entity.meta_mut();
        meta.wm.snapshot_ts = Some(ts);
        meta.ledger
            .retain(|e| !values.iter().any(|(m, _)| *m == e.metric));
        let mut effect = Effect::Changed;
        let mut changed: Vec<MetricCode> = Vec::new();
        for &(metric, v) in values {
            let Some(cell) = self.cell_in(slot, metric) else {
                continue;
            };
            let before = self
                .cells
                .get(cell)
                .and_then(|c| c.base.map(|b| b + c.shown()));
            self.journal_old(cell);
            self.cells.set_base(cell, Some(v));
            self.cells.replace_delta(cell, Sum::ZERO);
            let after = self
                .cells
                .get(cell)
                .and_then(|c| c.base.map(|b| b + c.shown()));
            if before != after {
                self.note_changed(cell, &mut effect);
                if !changed.contains(&metric) {
                    changed.push(metric);
                }
            }
        }
        self.changes.bump();
        BaseOutcome {
            applied: true,
            changed,
            effect,
        }
    }

    /// The activity ring, newest first: (kind, entity type, entity id, changed metric names, at).
    /// The activity ring, newest first.
    pub fn activity(&self) -> impl Iterator<Item = &ActivityEvent> + '_ {
        self.activity.iter()
    }
}
