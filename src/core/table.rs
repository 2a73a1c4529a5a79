//! The cell table: one cell per (entity, metric) key, holding the
//! accumulated confirmed delta and whether the key is present in the
//! `deltas` view. Later layers add the base and optimistic sums here, so a
//! key's value stays `base + confirmed + pending` in one place.

use super::keys::EntitySlot;
use super::sum::Sum;
use super::vocab::MetricCode;

/// Dense index of a cell; stable for the cell's lifetime, so the JS layer
/// can key its listeners by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId(pub u32);

#[derive(Debug, Clone)]
pub struct Cell {
    pub entity: EntitySlot,
    pub metric: MetricCode,
    /// The base value the store holds for this key, if the app gave one.
    pub base: Option<f64>,
    /// Confirmed deltas not covered by the base: `folded` plus this metric's
    /// ledger entries. `getDelta` reads this.
    pub delta: Sum,
    /// The part of `delta` no longer tracked entry by entry; the next base
    /// replaces it as a whole.
    pub folded: Sum,
    /// Written since the last clear (a key of the `deltas` view, even at 0,
    /// as in the seed store).
    pub present: bool,
    /// Keyed listeners on this cell (the JS layer registers them); changes
    /// to watched cells are reported, others only bump the revision.
    pub watchers: u32,
}

#[derive(Debug, Clone, Default)]
pub struct CellTable {
    cells: Vec<Cell>,
    present: usize,
}

impl CellTable {
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Number of keys in the `deltas` view.
    pub fn present_count(&self) -> usize {
        self.present
    }

    pub fn push(&mut self, entity: EntitySlot, metric: MetricCode) -> Option<CellId> {
        let id = CellId(
            u32::try_from(self.cells.len())
                .ok()
                .filter(|n| *n < u32::MAX)?,
        );
        self.cells.push(Cell {
            entity,
            metric,
            base: None,
            delta: Sum::ZERO,
            folded: Sum::ZERO,
            present: false,
            watchers: 0,
        });
        Some(id)
    }

    pub fn get(&self, id: CellId) -> Option<&Cell> {
        self.cells.get(id.0 as usize)
    }

    pub fn get_mut(&mut self, id: CellId) -> Option<&mut Cell> {
        self.cells.get_mut(id.0 as usize)
    }

    /// `base + delta`, when a base is held.
    pub fn value(&self, id: CellId) -> Option<f64> {
        let c = self.get(id)?;
        Some(c.base? + c.delta.value())
    }

    pub fn delta(&self, id: CellId) -> f64 {
        self.get(id).map_or(0.0, |c| c.delta.value())
    }

    /// Sets a cell's sum and marks it present; returns whether its value changed.
    pub fn set_delta(&mut self, id: CellId, sum: Sum) -> bool {
        let Some(cell) = self.cells.get_mut(id.0 as usize) else {
            return false;
        };
        let changed = cell.delta.value() != sum.value();
        cell.delta = sum;
        if !cell.present {
            cell.present = true;
            self.present = self.present.saturating_add(1);
        }
        changed
    }

    /// Clears a cell; returns (value changed, was present).
    pub fn clear(&mut self, id: CellId) -> (bool, bool) {
        let Some(cell) = self.cells.get_mut(id.0 as usize) else {
            return (false, false);
        };
        let changed = cell.delta.value() != 0.0;
        let was_present = cell.present;
        cell.delta = Sum::ZERO;
        cell.folded = Sum::ZERO;
        if was_present {
            cell.present = false;
            self.present = self.present.saturating_sub(1);
        }
        (changed, was_present)
    }

    pub fn watch(&mut self, id: CellId) -> Option<u32> {
        let cell = self.cells.get_mut(id.0 as usize)?;
        cell.watchers = cell.watchers.saturating_add(1);
        Some(cell.watchers)
    }

    pub fn unwatch(&mut self, id: CellId) -> Option<u32> {
        let cell = self.cells.get_mut(id.0 as usize)?;
        cell.watchers = cell.watchers.saturating_sub(1);
        Some(cell.watchers)
    }

    pub fn is_watched(&self, id: CellId) -> bool {
        self.get(id).is_some_and(|c| c.watchers > 0)
    }

    /// Present cells in creation order.
    pub fn present_cells(&self) -> impl Iterator<Item = (CellId, &Cell)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.present)
            .filter_map(|(i, c)| Some((CellId(u32::try_from(i).ok()?), c)))
    }
}
