//! The cell table: one cell per (entity, metric) key, holding the key's
//! base, its confirmed delta and whether it is in the `deltas` view.
//!
//! Slots of evicted cells are reused, so a cell is named outside the core by
//! a *handle* — its index plus a generation that changes on every reuse. A
//! handle to an evicted key reads as "no such key", never as another key.
//!
//! Memory is what bounds a store of a million keys, so a cell is 24 bytes:
//! its running delta, its key, and a word of generation and flags. What few
//! cells use lives apart — bases and compensation terms in lazy pages,
//! optimistic sums and listener counts in small maps.

use hashbrown::HashMap;

use super::cell_handle::GEN_MASK;
pub use super::cell_handle::{CellHandle, CellId};
use super::cell_key::{CellKey, KeyRef};
use super::keys::EntitySlot;
use super::open_index::MAX_VALUE;
use super::paged::{LazyColumn, Paged};
use super::sum::Sum;
use super::vocab::{MetricCode, TypeCode};

/// A cell's state, read by value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub key: CellKey,
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
    /// Keyed listeners are registered on it: its changes are reported.
    pub watched: bool,
}

impl Cell {
    /// Confirmed plus optimistic deltas.
    pub fn shown(&self) -> f64 {
        self.delta.value() + self.optimistic.value()
    }
}

const LIVE: u32 = 1 << 20;
const PRESENT: u32 = 1 << 21;
const WATCHED: u32 = 1 << 22;
const OPTIMISTIC: u32 = 1 << 23;
/// `id` is the slot of an entity with a string id.
const SLOT_KEY: u32 = 1 << 24;
/// Written since the eviction clock last passed its entity.
const RECENT: u32 = 1 << 25;

/// A cell as stored: 24 bytes, no padding.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The running sum of the confirmed delta (its compensation is in `lo`).
    hi: f64,
    /// The numeric entity id, or the entity's slot (with `SLOT_KEY`).
    id: u64,
    /// Generation (low 20 bits) and the flags above.
    bits: u32,
    metric: u16,
    ty: u16,
}

impl Slot {
    fn key(&self) -> CellKey {
        CellKey {
            ty: TypeCode(self.ty),
            entity: if self.bits & SLOT_KEY != 0 {
                KeyRef::Slot(EntitySlot(self.id as u32))
            } else {
                KeyRef::Int(self.id)
            },
            metric: MetricCode(self.metric),
        }
    }

    fn is(&self, key: CellKey) -> bool {
        let (id, slot_key) = match key.entity {
            KeyRef::Int(n) => (n, 0),
            KeyRef::Slot(s) => (u64::from(s.0), SLOT_KEY),
        };
        self.id == id
            && self.metric == key.metric.0
            && self.ty == key.ty.0
            && self.bits & (LIVE | SLOT_KEY) == LIVE | slot_key
    }
}

/// What adding to a cell did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    pub changed: bool,
    pub watched: bool,
}

/// Why an add did nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddError {
    NoCell,
    Overflow,
}

#[derive(Debug, Clone)]
pub struct CellTable {
    slots: Paged<Slot>,
    lo: LazyColumn,
    base: LazyColumn,
    optimistic: HashMap<u32, Sum>,
    watchers: HashMap<u32, u32>,
    free: Vec<u32>,
    present: usize,
    live: usize,
}

impl Default for CellTable {
    fn default() -> Self {
        CellTable {
            slots: Paged::default(),
            lo: LazyColumn::new(0.0),
            base: LazyColumn::new(f64::NAN),
            optimistic: HashMap::new(),
            watchers: HashMap::new(),
            free: Vec::new(),
            present: 0,
            live: 0,
        }
    }
}

/// A live slot, borrowing only the slot pages (the other columns stay free).
fn live_mut(slots: &mut Paged<Slot>, id: CellId) -> Option<&mut Slot> {
    slots.get_mut(id.0 as usize).filter(|s| s.bits & LIVE != 0)
}

impl CellTable {
    /// Slots allocated (live or free).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Keys that exist now.
    pub fn live_count(&self) -> usize {
        self.live
    }

    /// Number of keys in the `deltas` view.
    pub fn present_count(&self) -> usize {
        self.present
    }

    /// Bytes held by the table's pages and maps (approximate for the maps).
    pub fn bytes(&self) -> usize {
        let maps = self
            .optimistic
            .capacity()
            .saturating_mul(24)
            .saturating_add(self.watchers.capacity().saturating_mul(12));
        self.slots
            .bytes()
            .saturating_add(self.lo.bytes())
            .saturating_add(self.base.bytes())
            .saturating_add(maps)
            .saturating_add(self.free.capacity().saturating_mul(4))
    }

    fn slot(&self, id: CellId) -> Option<Slot> {
        self.slots
            .get(id.0 as usize)
            .copied()
            .filter(|s| s.bits & LIVE != 0)
    }

    pub fn push(&mut self, key: CellKey) -> Option<CellId> {
        let (id, slot_key) = match key.entity {
            KeyRef::Int(n) => (n, 0),
            KeyRef::Slot(s) => (u64::from(s.0), SLOT_KEY),
        };
        let fresh = |gen: u32| Slot {
            hi: 0.0,
            id,
            bits: (gen & GEN_MASK) | LIVE | slot_key,
            metric: key.metric.0,
            ty: key.ty.0,
        };
        let id = if let Some(index) = self.free.pop() {
            let slot = self.slots.get_mut(index as usize)?;
            *slot = fresh(slot.bits.wrapping_add(1));
            CellId(index)
        } else {
            let index = u32::try_from(self.slots.len())
                .ok()
                .filter(|n| *n <= MAX_VALUE)?;
            self.slots.push(fresh(0));
            CellId(index)
        };
        self.live = self.live.saturating_add(1);
        Some(id)
    }

    /// Frees a cell's slot for reuse (its handle goes stale).
    pub fn remove(&mut self, id: CellId) {
        let Some(slot) = live_mut(&mut self.slots, id) else {
            return;
        };
        let was_present = slot.bits & PRESENT != 0;
        // Keep the generation: the next `push` into this slot bumps it.
        slot.bits &= GEN_MASK;
        slot.hi = 0.0;
        if was_present {
            self.present = self.present.saturating_sub(1);
        }
        let i = id.0 as usize;
        self.lo.set(i, 0.0);
        self.base.set(i, f64::NAN);
        self.optimistic.remove(&id.0);
        self.watchers.remove(&id.0);
        self.live = self.live.saturating_sub(1);
        self.free.push(id.0);
    }

    pub fn get(&self, id: CellId) -> Option<Cell> {
        let s = self.slot(id)?;
        let i = id.0 as usize;
        let base = self.base.get(i);
        let optimistic = if s.bits & OPTIMISTIC != 0 {
            self.optimistic.get(&id.0).copied().unwrap_or_default()
        } else {
            Sum::ZERO
        };
        Some(Cell {
            key: s.key(),
            base: (!base.is_nan()).then_some(base),
            delta: Sum::raw(s.hi, self.lo.get(i)),
            optimistic,
            present: s.bits & PRESENT != 0,
            watched: s.bits & WATCHED != 0,
        })
    }

    /// The key of a live cell (no other column is read).
    pub fn key(&self, id: CellId) -> Option<CellKey> {
        self.slot(id).map(|s| s.key())
    }

    /// Whether `id` is the live cell of `key`.
    #[inline]
    pub fn is(&self, id: CellId, key: CellKey) -> bool {
        self.slots.get(id.0 as usize).is_some_and(|s| s.is(key))
    }

    /// Marks the cell used (the eviction clock spares its entity once).
    pub fn touch(&mut self, id: CellId) {
        if let Some(s) = live_mut(&mut self.slots, id) {
            s.bits |= RECENT;
        }
    }

    /// Whether the cell was used since the last call (clears the mark).
    pub fn take_recent(&mut self, id: CellId) -> bool {
        match live_mut(&mut self.slots, id) {
            Some(s) if s.bits & RECENT != 0 => {
                s.bits &= !RECENT;
                true
            }
            _ => false,
        }
    }

    pub fn handle(&self, id: CellId) -> Option<CellHandle> {
        self.slot(id).map(|s| CellHandle {
            index: id.0,
            gen: s.bits & GEN_MASK,
        })
    }

    /// The live cell a handle names, if it still exists.
    pub fn resolve(&self, handle: CellHandle) -> Option<CellId> {
        let id = CellId(handle.index);
        self.slot(id)
            .filter(|s| s.bits & GEN_MASK == handle.gen)
            .map(|_| id)
    }

    /// What the app sees over its base: confirmed plus optimistic deltas.
    pub fn delta(&self, id: CellId) -> f64 {
        self.get(id).map_or(0.0, |c| c.shown())
    }

    /// `base + delta`, when a base is held.
    pub fn value(&self, id: CellId) -> Option<f64> {
        let c = self.get(id)?;
        Some(c.base? + c.shown())
    }

    /// Adds `d` to the confirmed delta and marks the cell present: the
    /// ingest hot path (reads and writes the 24-byte slot, `lo` only if set).
    /// `used`: mark the cell used for eviction (a new key starts unused, so
    /// one-off keys from a stream are evicted first).
    // Always: the batch loop is only fast with it inlined (measured).
    #[inline(always)]
    pub fn add(&mut self, id: CellId, d: f64, used: bool) -> Result<Added, AddError> {
        let i = id.0 as usize;
        let lo = self.lo.get(i);
        let slot = live_mut(&mut self.slots, id).ok_or(AddError::NoCell)?;
        let before = Sum::raw(slot.hi, lo);
        let next = before.plus(d).ok_or(AddError::Overflow)?;
        let (hi, next_lo) = next.parts();
        slot.hi = hi;
        let bits = slot.bits;
        slot.bits = bits | PRESENT | if used { RECENT } else { 0 };
        if bits & PRESENT == 0 {
            self.present = self.present.saturating_add(1);
        }
        if next_lo != lo {
            self.lo.set(i, next_lo);
        }
        Ok(Added {
            changed: next.value() != before.value(),
            watched: bits & WATCHED != 0,
        })
    }

    /// Sets a cell's sum and marks it present; returns whether its value changed.
    pub fn set_delta(&mut self, id: CellId, sum: Sum) -> bool {
        let i = id.0 as usize;
        let old_lo = self.lo.get(i);
        let Some(slot) = live_mut(&mut self.slots, id) else {
            return false;
        };
        let changed = Sum::raw(slot.hi, old_lo).value() != sum.value();
        let (hi, lo) = sum.parts();
        slot.hi = hi;
        let bits = slot.bits;
        slot.bits = bits | PRESENT;
        if bits & PRESENT == 0 {
            self.present = self.present.saturating_add(1);
        }
        self.lo.set(i, lo);
        changed
    }

    /// Replaces a cell's sum (a rebase), leaving it in or out of the `deltas` view.
    pub fn replace_delta(&mut self, id: CellId, sum: Sum) {
        let Some(slot) = live_mut(&mut self.slots, id) else {
            return;
        };
        let (hi, lo) = sum.parts();
        slot.hi = hi;
        self.lo.set(id.0 as usize, lo);
    }

    /// Sets or removes the base a cell holds.
    pub fn set_base(&mut self, id: CellId, base: Option<f64>) {
        if self.slot(id).is_some() {
            self.base.set(id.0 as usize, base.unwrap_or(f64::NAN));
        }
    }

    /// Sets the unconfirmed optimistic sum.
    pub fn set_optimistic(&mut self, id: CellId, sum: Sum) {
        let Some(slot) = live_mut(&mut self.slots, id) else {
            return;
        };
        if sum == Sum::ZERO {
            slot.bits &= !OPTIMISTIC;
            self.optimistic.remove(&id.0);
        } else {
            slot.bits |= OPTIMISTIC;
            self.optimistic.insert(id.0, sum);
        }
    }

    /// Marks a cell written (a key of the `deltas` view).
    pub fn mark_present(&mut self, id: CellId) {
        if let Some(slot) = live_mut(&mut self.slots, id) {
            let bits = slot.bits;
            slot.bits = bits | PRESENT;
            if bits & PRESENT == 0 {
                self.present = self.present.saturating_add(1);
            }
        }
    }

    /// Clears a cell; returns (value changed, was present).
    pub fn clear(&mut self, id: CellId) -> (bool, bool) {
        let i = id.0 as usize;
        let lo = self.lo.get(i);
        let Some(slot) = live_mut(&mut self.slots, id) else {
            return (false, false);
        };
        let changed = Sum::raw(slot.hi, lo).value() != 0.0;
        let was_present = slot.bits & PRESENT != 0;
        slot.hi = 0.0;
        slot.bits &= !PRESENT;
        if was_present {
            self.present = self.present.saturating_sub(1);
        }
        self.lo.set(i, 0.0);
        (changed, was_present)
    }

    /// Registers a listener; returns the cell's listener count.
    pub fn watch(&mut self, id: CellId) -> Option<u32> {
        let slot = live_mut(&mut self.slots, id)?;
        slot.bits |= WATCHED;
        let n = self.watchers.entry(id.0).or_insert(0);
        *n = n.saturating_add(1);
        Some(*n)
    }

    pub fn unwatch(&mut self, id: CellId) -> Option<u32> {
        let slot = live_mut(&mut self.slots, id)?;
        let n = match self.watchers.get_mut(&id.0) {
            Some(n) if *n > 1 => {
                *n = n.saturating_sub(1);
                *n
            }
            _ => 0,
        };
        if n == 0 {
            slot.bits &= !WATCHED;
            self.watchers.remove(&id.0);
        }
        Some(n)
    }

    pub fn is_watched(&self, id: CellId) -> bool {
        self.slot(id).is_some_and(|s| s.bits & WATCHED != 0)
    }

    /// Present cells in slot order.
    pub fn present_cells(&self) -> impl Iterator<Item = (CellId, Cell)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.bits & (LIVE | PRESENT) == LIVE | PRESENT)
            .filter_map(|(i, _)| {
                let id = CellId(u32::try_from(i).ok()?);
                Some((id, self.get(id)?))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_24_bytes() {
        // What a million keys cost: the memory target rests on it.
        assert_eq!(std::mem::size_of::<Slot>(), 24);
    }

    fn key(id: u64, metric: u16) -> CellKey {
        CellKey {
            ty: TypeCode(0),
            entity: KeyRef::Int(id),
            metric: MetricCode(metric),
        }
    }

    #[test]
    fn a_reused_slot_invalidates_old_handles() {
        let mut t = CellTable::default();
        let a = t.push(key(0, 1)).unwrap();
        let old = t.handle(a).unwrap();
        t.remove(a);
        assert_eq!(t.resolve(old), None);
        let b = t.push(key(1, 2)).unwrap();
        assert_eq!(b, a, "the slot is reused");
        assert_eq!(t.resolve(old), None, "the old handle stays stale");
        assert_eq!(t.resolve(t.handle(b).unwrap()), Some(b));
        assert_eq!(t.live_count(), 1);
    }
}
