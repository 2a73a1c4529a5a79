//! The batch path: many single-metric deltas (numeric ids) in one call,
//! from typed arrays — the ingest path for high-rate streams. No strings,
//! no allocation per delta; validated as a whole before anything is written.

use super::entity_id::{EntityIdRef, MAX_SAFE_INTEGER};
use super::error::{js_number, InputError, Reason};
use super::ledger::{LedgerEntry, Stamp};
use super::store::{Effect, MetricStore};
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
        let rows = types.iter().zip(ids).zip(metrics).zip(deltas);
        for (((&ty, &id), &metric), &d) in rows {
            if d == 0.0 {
                continue;
            }
            // Validated above: an integral id in range.
            let Some(slot) = self
                .entities
                .intern(TypeCode(ty), EntityIdRef::Int(id as u64))
            else {
                continue;
            };
            let Some(cell) = self.cell_in(slot, MetricCode(metric)) else {
                continue;
            };
            self.journal_old(cell);
            let current = self.cells.get(cell).map(|c| c.delta).unwrap_or_default();
            let changed = self
                .cells
                .set_delta(cell, current.plus(d).unwrap_or(current));
            let logging = self
                .entities
                .get(slot)
                .is_some_and(|e| !e.wm.outstanding.is_empty());
            if logging {
                self.tick = self.tick.saturating_add(1);
                let stamp = Stamp::Tick(self.tick);
                if let Some(e) = self.entities.get_mut(slot) {
                    e.ledger.push(LedgerEntry {
                        stamp,
                        metric: MetricCode(metric),
                        delta: d,
                    });
                }
            } else {
                self.add_folded(cell, d);
            }
            if changed {
                self.note_changed(cell, &mut effect);
            }
            applied = applied.saturating_add(1);
        }
        if applied > 0 {
            self.stats.deltas_applied = self.stats.deltas_applied.saturating_add(applied);
            self.changes.bump();
            self.enforce_key_cap(None);
        }
        Ok(effect)
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
            if !(id >= 0.0 && id <= MAX_SAFE_INTEGER as f64 && id.fract() == 0.0) {
                return Err(InputError::new(
                    format!("entityId[{i}]"),
                    Reason::Malformed(format!(
                        "must be a non-negative safe integer (got {})",
                        js_number(id)
                    )),
                ));
            }
            if !d.is_finite() || d.abs() > MAX_BATCH_DELTA {
                return Err(InputError::new(
                    format!("delta[{i}]"),
                    Reason::Malformed(format!(
                        "must be a finite number of magnitude at most 1e15 (got {})",
                        js_number(d)
                    )),
                ));
            }
        }
        Ok(())
    }
}
