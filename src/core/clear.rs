//! Clearing keys: one metric, one entity, or everything. A cleared key
//! forgets its deltas (folded and logged); its base, if any, stays.

use super::entity_id::EntityIdRef;
use super::store::{Effect, MetricStore};
use super::sum::Sum;
use super::table::CellId;
use super::vocab::{MetricCode, TypeCode};

impl MetricStore {
    fn clear_cells(&mut self, cells: &[CellId]) -> Effect {
        let mut effect = Effect::None;
        for &cell in cells {
            let (Some(c), Some(slot)) = (self.cells.get(cell), self.entity_of(cell)) else {
                continue;
            };
            let metric = c.key.metric;
            if c.present || c.delta != Sum::ZERO {
                self.journal_old(cell);
            }
            if let Some(entity) = self
                .entities
                .get_mut(slot)
                .filter(|e| !e.ledger().is_empty())
            {
                entity.ledger_mut().retain(|e| e.metric != metric);
            }
            let (changed, was_present) = self.cells.clear(cell);
            if changed {
                self.note_changed(cell, &mut effect);
            } else if was_present {
                effect = effect.max(Effect::Changed);
            }
        }
        if effect != Effect::None {
            self.changes.bump();
        }
        effect
    }

    /// Clears one key.
    pub fn clear_metric(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Effect {
        match self.find_cell(ty, id, metric) {
            Some(cell) => self.clear_cells(&[cell]),
            None => Effect::None,
        }
    }

    /// Clears every metric of one entity.
    pub fn clear_entity(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Effect {
        let cells: Vec<CellId> = self
            .entities
            .find(ty, id)
            .map(|s| self.cells_of(s).into_iter().map(|(_, c)| c).collect())
            .unwrap_or_default();
        self.clear_cells(&cells)
    }

    /// Clears every key.
    pub fn clear_all(&mut self) -> Effect {
        let cells: Vec<CellId> = self.cells.present_cells().map(|(c, _)| c).collect();
        self.clear_cells(&cells)
    }
}
