//! The batch path: many single-metric deltas (numeric ids) in one call,
//! from typed arrays — the ingest path for high-rate streams. No strings,
//! no allocation per delta; validated as a whole before anything is written.

use super::cell_key::{CellKey, KeyRef};
use super::entity_id::{is_safe_index, EntityIdRef};
use super::error::{InputError, Reason};
use super::ledger::{LedgerEntry, Stamp};
use super::store::{Effect, MetricStore};
use super::table::{AddError, Added, CellId};
use super::vocab::{MetricCode, TypeCode};

/// Largest delta magnitude a batch accepts: with it no sum can overflow,
/// so a validated batch always applies completely.
pub const MAX_BATCH_DELTA: f64 = 1e15;

impl MetricStore {
    /// Applies `deltas[i]` to `(types[i], ids[i], metrics[i])` for every `i`.
    pub fn apply_batch(
        &mut self,
        types: &[u16],
        ids: &[f64],
        metrics: &[u16],
        deltas: &[f64],
    ) -> Result<Effect, InputError> {
        self.check_batch(types, ids, metrics, deltas)?;
        let mut effect = Effect::None;
        let mut applied = 0u64;
        // Known keys take the fast path unless a refetch or a mutation
        // needs each write logged; new keys and logged writes go through
        // `add_row`.
        let fast = self.tokens_outstanding == 0 && !self.journal.is_enabled();
        let rows = types.iter().zip(ids).zip(metrics).zip(deltas);
        for (((&ty, &id), &metric), &d) in rows {
            if d == 0.0 {
                continue;
            }
            // Validated above: an integral id in range.
            let key = (
                TypeCode(ty),
                EntityIdRef::Int(id as u64),
                MetricCode(metric),
            );
            let written = self.write_row(key, d, fast, &mut effect);
            if written == Ok(true) {
                applied = applied.saturating_add(1);
            }
        }
        if applied > 0 {
            self.stats.deltas_applied = self.stats.deltas_applied.saturating_add(applied);
            self.changes.bump();
            self.enforce_key_cap(None);
        }
        Ok(effect)
    }

    /// One unversioned delta on a validated key, the hot path of both the
    /// batch and `apply_one`: one index probe, one cell, no allocation.
    /// `Err` (nothing changed) if the sum would overflow; `Ok(false)` at capacity.
    fn add_row(
        &mut self,
        (ty, id, metric): (TypeCode, EntityIdRef<'_>, MetricCode),
        d: f64,
        absent: bool,
        effect: &mut Effect,
    ) -> Result<bool, ()> {
        // A known key is verified from its cell (which also records the use);
        // `absent`: the caller's probe just missed, so don't probe again.
        let found = if absent {
            None
        } else {
            self.find_key(ty, id, metric)
        };
        let (cell, created_in) = match found {
            Some(cell) => (cell, None),
            None => {
                let Some(slot) = self.entities.intern(ty, id) else {
                    return Ok(false);
                };
                let created = if absent {
                    self.new_cell_in(slot, metric)
                } else {
                    self.cell_in(slot, metric)
                };
                let Some(cell) = created else {
                    return Ok(false);
                };
                (cell, Some(slot))
            }
        };
        // While no refetch is outstanding anywhere, nothing needs logging.
        let log_slot = if self.tokens_outstanding > 0 {
            created_in.or_else(|| self.entity_of(cell)).filter(|s| {
                self.entities
                    .get(*s)
                    .is_some_and(|e| !e.wm().outstanding.is_empty())
            })
        } else {
            None
        };
        self.journal_old(cell);
        // An existing huge sum is the only way to overflow: nothing was created.
        let added = match self.cells.add(cell, d, created_in.is_none()) {
            Ok(added) => added,
            Err(AddError::Overflow) => return Err(()),
            Err(AddError::NoCell) => return Ok(false),
        };
        if let Some(slot) = log_slot {
            self.tick = self.tick.saturating_add(1);
            let stamp = Stamp::Tick(self.tick);
            if let Some(e) = self.entities.get_mut(slot) {
                e.ledger_mut().push(LedgerEntry {
                    stamp,
                    metric,
                    delta: d,
                });
            }
            self.fold_overflow(slot);
        }
        self.note_added(cell, added, effect);
        Ok(true)
    }

    /// `add_row`, through `add_known` first when `fast` (no write needs
    /// logging) and the id is a number.
    #[inline(always)]
    fn write_row(
        &mut self,
        (ty, id, metric): (TypeCode, EntityIdRef<'_>, MetricCode),
        d: f64,
        fast: bool,
        effect: &mut Effect,
    ) -> Result<bool, ()> {
        let mut absent = false;
        if let (true, EntityIdRef::Int(n)) = (fast, id) {
            let key = CellKey {
                ty,
                entity: KeyRef::Int(n),
                metric,
            };
            match self.find_by_key(key) {
                None => absent = true,
                Some(cell) => {
                    if let Some(result) = self.add_known(cell, d, effect) {
                        return result.map(|()| true);
                    }
                }
            }
        }
        self.add_row((ty, id, metric), d, absent, effect)
    }

    /// Adds `d` to an existing key with nothing to log: the batch's common
    /// case, small enough to inline. `None` if the cell is gone.
    #[inline(always)]
    fn add_known(&mut self, cell: CellId, d: f64, effect: &mut Effect) -> Option<Result<(), ()>> {
        match self.cells.add(cell, d, true) {
            Ok(added) => {
                self.note_added(cell, added, effect);
                Some(Ok(()))
            }
            Err(AddError::Overflow) => Some(Err(())),
            Err(AddError::NoCell) => None,
        }
    }

    #[inline]
    fn note_added(&mut self, cell: CellId, Added { changed, watched }: Added, effect: &mut Effect) {
        if changed {
            *effect = (*effect).max(Effect::Changed);
            if watched {
                self.changes.note_watched(cell);
                *effect = Effect::WatchedChanged;
            }
        }
    }

    /// One metric's delta, unversioned (the app's `applyDelta` with one field).
    pub fn apply_one(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
        d: f64,
    ) -> Result<Effect, InputError> {
        self.check_type(ty)?;
        let name = self.metric_name("updates", metric)?;
        if !d.is_finite() {
            return Err(InputError::new(
                format!("updates.{name}"),
                Reason::NotFinite(d),
            ));
        }
        if d == 0.0 {
            return Ok(Effect::None);
        }
        let mut effect = Effect::Changed;
        let fast = self.tokens_outstanding == 0 && !self.journal.is_enabled();
        match self.write_row((ty, id, metric), d, fast, &mut effect) {
            Ok(true) => {
                self.stats.deltas_applied = self.stats.deltas_applied.saturating_add(1);
                self.changes.bump();
                if self.max_keys.is_some() {
                    let keep = self.entities.find(ty, id);
                    self.enforce_key_cap(keep);
                }
                Ok(effect)
            }
            Ok(false) => Err(InputError::new(
                "entityId",
                Reason::CapacityExceeded("too many keys"),
            )),
            Err(()) => {
                let name = self.metric_name("updates", metric).unwrap_or_default();
                Err(InputError::new(format!("updates.{name}"), Reason::Overflow))
            }
        }
    }

    fn check_batch(
        &self,
        types: &[u16],
        ids: &[f64],
        metrics: &[u16],
        deltas: &[f64],
    ) -> Result<(), InputError> {
        let n = types.len();
        if ids.len() != n || metrics.len() != n || deltas.len() != n {
            return Err(InputError::new(
                "batch",
                Reason::Malformed(format!(
                    "columns must have one length (entityType {n}, entityId {}, metric {}, delta {})",
                    ids.len(),
                    metrics.len(),
                    deltas.len()
                )),
            ));
        }
        let types_known = self.vocab.entity_type_count();
        let metrics_known = self.vocab.metric_count();
        let rows = types.iter().zip(ids).zip(metrics).zip(deltas).enumerate();
        for (i, (((&ty, &id), &metric), &d)) in rows {
            if usize::from(ty) >= types_known {
                return Err(InputError::new(
                    format!("entityType[{i}]"),
                    Reason::UnknownCode(u32::from(ty)),
                ));
            }
            if usize::from(metric) >= metrics_known {
                return Err(InputError::new(
                    format!("metric[{i}]"),
                    Reason::UnknownCode(u32::from(metric)),
                ));
            }
            if !is_safe_index(id) {
                return Err(InputError::new(
                    format!("entityId[{i}]"),
                    Reason::NotSafeInteger(id),
                ));
            }
            if !d.is_finite() || d.abs() > MAX_BATCH_DELTA {
                return Err(InputError::new(
                    format!("delta[{i}]"),
                    Reason::BadBatchDelta(d),
                ));
            }
        }
        Ok(())
    }
}
