//! Deltas: the app's `applyDelta` and remote signals, with an optional `seq`
//! (per-entity sequence number) and `eventId` (replay dedupe).

use super::dedupe::EventId;
use super::entity_id::EntityIdRef;
use super::error::{InputError, Reason};
use super::keys::EntitySlot;
use super::ledger::{LedgerEntry, Stamp};
use super::store::{Effect, MetricStore};
use super::sum::Sum;
use super::vocab::{MetricCode, TypeCode};
use super::watermark::SeqVerdict;

/// How a delta arrived.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delivery {
    pub seq: Option<u64>,
    pub event_id: Option<EventId>,
    /// The caller's clock (ms), for `lastUpdated`.
    pub now: Option<f64>,
}

/// What happened to a delta.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeltaOutcome {
    Applied(Effect),
    /// A replay: same `eventId`, or a `seq` already seen.
    Duplicate,
    /// Already in the held base (`seq ≤ version`).
    Covered,
}

impl DeltaOutcome {
    pub fn effect(self) -> Effect {
        match self {
            DeltaOutcome::Applied(e) => e,
            DeltaOutcome::Duplicate | DeltaOutcome::Covered => Effect::None,
        }
    }
}

/// One metric of a write in progress: what this write adds, and the sum after it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pending {
    metric: MetricCode,
    added: f64,
    after: Sum,
}

impl MetricStore {
    /// Adds a multi-metric update to one entity, all or nothing. Zero deltas
    /// are skipped; repeated metrics (colliding aliases) sum.
    pub fn apply(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
    ) -> Result<Effect, InputError> {
        self.apply_delivery(ty, id, updates, &Delivery::default())
            .map(DeltaOutcome::effect)
    }

    /// `apply` with the delivery's `seq`, `eventId` and clock.
    pub fn apply_delivery(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
        delivery: &Delivery,
    ) -> Result<DeltaOutcome, InputError> {
        self.check_type(ty)?;
        let mut pending = self.merge(self.entities.find(ty, id), updates)?;
        if delivery
            .event_id
            .as_ref()
            .is_some_and(|e| self.events.contains(e))
        {
            self.stats.duplicates_dropped = self.stats.duplicates_dropped.saturating_add(1);
            return Ok(DeltaOutcome::Duplicate);
        }
        if pending.is_empty() && delivery.seq.is_none() {
            return Ok(DeltaOutcome::Applied(Effect::None));
        }
        let slot = self.intern(ty, id)?;
        let stamp = match delivery.seq {
            Some(seq) => {
                if let Some(early) = self.admit_seq(slot, seq) {
                    return Ok(early);
                }
                // The sums were projected before a gap could change anything: still valid.
                Stamp::Seq(seq)
            }
            None => {
                self.tick = self.tick.saturating_add(1);
                Stamp::Tick(self.tick)
            }
        };
        if let Some(e) = &delivery.event_id {
            self.events.admit(e);
        }
        if let (Some(now), Some(entity)) = (delivery.now, self.entities.get_mut(slot)) {
            entity.meta_mut().last_updated = Some(now);
        }
        let effect = self.commit(slot, &pending, stamp);
        self.enforce_key_cap(Some(slot));
        pending.clear();
        self.scratch_pending = pending;
        Ok(DeltaOutcome::Applied(effect))
    }

    /// Records `seq`; returns the outcome if the delta must not be applied.
    fn admit_seq(&mut self, slot: EntitySlot, seq: u64) -> Option<DeltaOutcome> {
        let entity = self.entities.get_mut(slot)?;
        match entity.wm_mut().admit(seq) {
            SeqVerdict::Apply | SeqVerdict::FillsGap => None,
            SeqVerdict::Gap => {
                self.stats.gaps_detected = self.stats.gaps_detected.saturating_add(1);
                self.queue_resync(slot);
                None
            }
            SeqVerdict::Duplicate => {
                self.stats.duplicates_dropped = self.stats.duplicates_dropped.saturating_add(1);
                Some(DeltaOutcome::Duplicate)
            }
            SeqVerdict::Covered => {
                self.stats.covered_dropped = self.stats.covered_dropped.saturating_add(1);
                Some(DeltaOutcome::Covered)
            }
        }
    }

    /// Validates and merges updates per metric; touches nothing.
    fn merge(
        &mut self,
        slot: Option<EntitySlot>,
        updates: &[(MetricCode, f64)],
    ) -> Result<Vec<Pending>, InputError> {
        let mut pending = std::mem::take(&mut self.scratch_pending);
        pending.clear();
        for &(m, d) in updates {
            let name = match self.metric_name("updates", m) {
                Ok(name) => name,
                Err(e) => {
                    self.scratch_pending = pending;
                    return Err(e);
                }
            };
            if !d.is_finite() {
                let e = InputError::new(format!("updates.{name}"), Reason::NotFinite(d));
                self.scratch_pending = pending;
                return Err(e);
            }
            if d == 0.0 {
                continue;
            }
            let current = self.current(slot, m);
            let entry = match pending.iter_mut().position(|p| p.metric == m) {
                Some(i) => pending.get_mut(i),
                None => {
                    pending.push(Pending {
                        metric: m,
                        added: 0.0,
                        after: current,
                    });
                    pending.last_mut()
                }
            };
            let Some(p) = entry else { continue };
            match p.after.plus(d) {
                Some(after) if (p.added + d).is_finite() => {
                    p.after = after;
                    p.added += d;
                }
                _ => {
                    let e = InputError::new(format!("updates.{name}"), Reason::Overflow);
                    self.scratch_pending = pending;
                    return Err(e);
                }
            }
        }
        Ok(pending)
    }

    fn current(&self, slot: Option<EntitySlot>, m: MetricCode) -> Sum {
        slot.and_then(|s| self.cell_of(s, m))
            .and_then(|c| self.cells.get(c))
            .map_or(Sum::ZERO, |c| c.delta)
    }

    /// Writes validated sums; logs each delta while a base could still cover it.
    fn commit(&mut self, slot: EntitySlot, pending: &[Pending], stamp: Stamp) -> Effect {
        if pending.is_empty() {
            return Effect::None;
        }
        let log = matches!(stamp, Stamp::Seq(_))
            || self
                .entities
                .get(slot)
                .is_some_and(|e| !e.wm().outstanding.is_empty());
        let mut effect = Effect::Changed;
        for p in pending {
            let Some(cell) = self.cell_in(slot, p.metric) else {
                continue;
            };
            self.journal_old(cell);
            if self.cells.set_delta(cell, p.after) {
                self.note_changed(cell, &mut effect);
            }
            if log {
                if let Some(entity) = self.entities.get_mut(slot) {
                    entity.ledger_mut().push(LedgerEntry {
                        stamp,
                        metric: p.metric,
                        delta: p.added,
                    });
                }
            }
        }
        self.fold_overflow(slot);
        self.stats.deltas_applied = self
            .stats
            .deltas_applied
            .saturating_add(pending.len() as u64);
        self.changes.bump();
        effect
    }

    /// Forgets the oldest ledger entries beyond the cap: their deltas stay
    /// in the cell's sum, now "folded" (covered only by a base as a whole).
    pub(super) fn fold_overflow(&mut self, slot: EntitySlot) {
        // Checked first: `ledger_mut` would give every entity a meta.
        if let Some(e) = self
            .entities
            .get_mut(slot)
            .filter(|e| e.ledger().len() > super::ledger::LEDGER_CAP)
        {
            while e.ledger_mut().pop_over_cap().is_some() {}
        }
    }
}
