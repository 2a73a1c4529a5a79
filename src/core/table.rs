//! The cell table: one cell per (entity, metric) key, holding the key's
//! base, its confirmed delta and whether it is in the `deltas` view.
//!
//! Slots of evicted cells are reused, so a cell is named outside the core by
//! a *handle* — its index plus a generation that changes on every reuse. A
//! handle to an evicted key reads as "no such key", never as another key.

use super::keys::EntitySlot;
use super::sum::Sum;
use super::vocab::MetricCode;

/// Index of a live cell (internal: valid while its entity is interned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId(pub u32);

/// A cell as named outside the core: index and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellHandle {
    pub index: u32,
    pub gen: u32,
}

/// Generations stay below 2^20 so a handle is an exact f64 (index + gen·2^32).
const GEN_MASK: u32 = (1 << 20) - 1;
const INDEX_SPAN: f64 = 4_294_967_296.0;

impl CellHandle {
    pub fn to_f64(self) -> f64 {
        f64::from(self.gen) * INDEX_SPAN + f64::from(self.index)
    }

    /// Decodes a handle from JS; `None` for anything that isn't one.
    pub fn from_f64(v: f64) -> Option<CellHandle> {
        if !(v.is_finite()
            && v >= 0.0
            && v.fract() == 0.0
            && v < f64::from(GEN_MASK + 1) * INDEX_SPAN)
        {
            return None;
        }
        let gen = (v / INDEX_SPAN).floor();
        let index = v - gen * INDEX_SPAN;
        Some(CellHandle {
            index: index as u32,
            gen: gen as u32,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub entity: EntitySlot,
    pub metric: MetricCode,
    /// The base value the store holds for this key, if the app gave one.
    pub base: Option<f64>,
    /// Confirmed deltas not covered by the base: this metric's ledger entries
    /// plus the part no longer tracked entry by entry ("folded", which the
    /// next base replaces as a whole). `getDelta` reads this.
    pub delta: Sum,
    /// Relative deltas of the app's own mutations not yet confirmed.
    pub optimistic: Sum,
    /// Written since the last clear (a key of the `deltas` view, even at 0,
    /// as in the seed store).
    pub present: bool,
    /// Keyed listeners on this cell (the JS layer registers them); changes
    /// to watched cells are reported, others only bump the revision.
    pub watchers: u32,
    pub gen: u32,
    pub live: bool,
}

impl Cell {
    /// Confirmed plus optimistic deltas.
    pub fn shown(&self) -> f64 {
        self.delta.value() + self.optimistic.value()
    }
}

#[derive(Debug, Clone, Default)]
pub struct CellTable {
    cells: Vec<Cell>,
    free: Vec<u32>,
    present: usize,
    live: usize,
}

impl CellTable {
    /// Slots allocated (live or free).
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Keys that exist now.
    pub fn live_count(&self) -> usize {
        self.live
    }

    /// Number of keys in the `deltas` view.
    pub fn present_count(&self) -> usize {
        self.present
    }

    pub fn push(&mut self, entity: EntitySlot, metric: MetricCode) -> Option<CellId> {
        let fresh = |gen| Cell {
            entity,
            metric,
            base: None,
            delta: Sum::ZERO,
            optimistic: Sum::ZERO,
            present: false,
            watchers: 0,
            gen,
            live: true,
        };
        let id = if let Some(index) = self.free.pop() {
            let slot = self.cells.get_mut(index as usize)?;
            *slot = fresh(slot.gen.wrapping_add(1) & GEN_MASK);
            CellId(index)
        } else {
            let id = CellId(
                u32::try_from(self.cells.len())
                    .ok()
                    .filter(|n| *n < u32::MAX)?,
            );
            self.cells.push(fresh(0));
            id
        };
        self.live = self.live.saturating_add(1);
        Some(id)
    }

    /// Frees a cell's slot for reuse (its handle goes stale).
    pub fn remove(&mut self, id: CellId) {
        let Some(cell) = self.cells.get_mut(id.0 as usize) else {
            return;
        };
        if !cell.live {
            return;
        }
        if cell.present {
            self.present = self.present.saturating_sub(1);
        }
        cell.live = false;
        cell.present = false;
        cell.watchers = 0;
        self.live = self.live.saturating_sub(1);
        self.free.push(id.0);
    }

    pub fn get(&self, id: CellId) -> Option<&Cell> {
        self.cells.get(id.0 as usize).filter(|c| c.live)
    }

    pub fn get_mut(&mut self, id: CellId) -> Option<&mut Cell> {
        self.cells.get_mut(id.0 as usize).filter(|c| c.live)
    }

    pub fn handle(&self, id: CellId) -> Option<CellHandle> {
        self.get(id).map(|c| CellHandle {
            index: id.0,
            gen: c.gen,
        })
    }

    /// The live cell a handle names, if it still exists.
    pub fn resolve(&self, handle: CellHandle) -> Option<CellId> {
        let id = CellId(handle.index);
        self.get(id).filter(|c| c.gen == handle.gen).map(|_| id)
    }

    /// What the app sees over its base: confirmed plus optimistic deltas.
    pub fn delta(&self, id: CellId) -> f64 {
        self.get(id).map_or(0.0, Cell::shown)
    }

    /// `base + delta`, when a base is held.
    pub fn value(&self, id: CellId) -> Option<f64> {
        let c = self.get(id)?;
        Some(c.base? + c.shown())
    }

    /// Sets a cell's sum and marks it present; returns whether its value changed.
    pub fn set_delta(&mut self, id: CellId, sum: Sum) -> bool {
        let Some(cell) = self.get_mut(id) else {
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

    /// Marks a cell written (a key of the `deltas` view).
    pub fn mark_present(&mut self, id: CellId) {
        if let Some(cell) = self.cells.get_mut(id.0 as usize) {
            if cell.live && !cell.present {
                cell.present = true;
                self.present = self.present.saturating_add(1);
            }
        }
    }

    /// Clears a cell; returns (value changed, was present).
    pub fn clear(&mut self, id: CellId) -> (bool, bool) {
        let Some(cell) = self.get_mut(id) else {
            return (false, false);
        };
        let changed = cell.delta.value() != 0.0;
        let was_present = cell.present;
        cell.delta = Sum::ZERO;
        if was_present {
            cell.present = false;
            self.present = self.present.saturating_sub(1);
        }
        (changed, was_present)
    }

    pub fn watch(&mut self, id: CellId) -> Option<u32> {
        let cell = self.get_mut(id)?;
        cell.watchers = cell.watchers.saturating_add(1);
        Some(cell.watchers)
    }

    pub fn unwatch(&mut self, id: CellId) -> Option<u32> {
        let cell = self.get_mut(id)?;
        cell.watchers = cell.watchers.saturating_sub(1);
        Some(cell.watchers)
    }

    pub fn is_watched(&self, id: CellId) -> bool {
        self.get(id).is_some_and(|c| c.watchers > 0)
    }

    /// Present cells in slot order.
    pub fn present_cells(&self) -> impl Iterator<Item = (CellId, &Cell)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.live && c.present)
            .filter_map(|(i, c)| Some((CellId(u32::try_from(i).ok()?), c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_round_trip_through_f64() {
        for (index, gen) in [(0, 0), (7, 3), (u32::MAX - 1, GEN_MASK)] {
            let h = CellHandle { index, gen };
            assert_eq!(CellHandle::from_f64(h.to_f64()), Some(h));
        }
        assert_eq!(CellHandle::from_f64(-1.0), None);
        assert_eq!(CellHandle::from_f64(0.5), None);
        assert_eq!(CellHandle::from_f64(f64::NAN), None);
    }

    #[test]
    fn a_reused_slot_invalidates_old_handles() {
        let mut t = CellTable::default();
        let a = t.push(EntitySlot(0), MetricCode(1)).unwrap();
        let old = t.handle(a).unwrap();
        t.remove(a);
        assert_eq!(t.resolve(old), None);
        let b = t.push(EntitySlot(1), MetricCode(2)).unwrap();
        assert_eq!(b, a, "the slot is reused");
        assert_eq!(t.resolve(old), None, "the old handle stays stale");
        assert_eq!(t.resolve(t.handle(b).unwrap()), Some(b));
        assert_eq!(t.live_count(), 1);
    }
}
