//! Interning of entities: (entity type, entity id) → a dense slot.
//!
//! Integer ids (the common case) hash as `(u16, u64)` with no allocation;
//! string ids are looked up by `&str` through hashbrown's `Equivalent`, so
//! a read never allocates either.

use std::hash::{Hash, Hasher};

use hashbrown::{Equivalent, HashMap};

use super::entity_id::{EntityId, EntityIdRef};
use super::ledger::Ledger;
use super::table::CellId;
use super::vocab::{MetricCode, TypeCode};
use super::watermark::Watermark;

/// Dense index of an interned entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntitySlot(pub u32);

/// One interned entity: its key, its metric cells and its topic refcount.
#[derive(Debug, Clone)]
pub struct Entity {
    pub ty: TypeCode,
    pub id: EntityId,
    /// Few per entity (a card shows 3–6 metrics): a linear scan beats a map.
    pub cells: Vec<(MetricCode, CellId)>,
    pub topic_refs: u32,
    /// Whether the transport has been told to subscribe this entity's topic.
    pub topic_sent: bool,
    /// Queued for the next topic drain (at most once).
    pub topic_pending: bool,
    /// Which base is held and which seqs were seen.
    pub wm: Watermark,
    /// Deltas a future base may cover.
    pub ledger: Ledger,
    /// When a remote change last reached this entity (caller's clock, ms).
    pub last_updated: Option<f64>,
    /// Queued for the next resync drain (at most once).
    pub resync_pending: bool,
}

impl Entity {
    pub fn cell(&self, metric: MetricCode) -> Option<CellId> {
        self.cells
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, cell)| *cell)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct StrKey {
    ty: TypeCode,
    id: Box<str>,
}

struct StrKeyRef<'a> {
    ty: TypeCode,
    id: &'a str,
}

// Both hash the same fields the same way, so a `StrKeyRef` finds its `StrKey`.
impl Hash for StrKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ty.hash(state);
        (*self.id).hash(state);
    }
}

impl Hash for StrKeyRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ty.hash(state);
        self.id.hash(state);
    }
}

impl Equivalent<StrKey> for StrKeyRef<'_> {
    fn equivalent(&self, key: &StrKey) -> bool {
        self.ty == key.ty && self.id == &*key.id
    }
}

/// The eviction order is CLOCK (second chance), an LRU approximation whose
/// "touch" is one bit: entities used since the hand last passed are spared.
#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    by_int: HashMap<(TypeCode, u64), EntitySlot>,
    by_str: HashMap<StrKey, EntitySlot>,
    entities: Vec<Option<Entity>>,
    /// Used since the clock hand last passed.
    recent: Vec<bool>,
    free: Vec<u32>,
    hand: usize,
    live: usize,
}

impl EntityTable {
    /// Entities interned now.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Slots allocated (live or free): what the table's memory is sized by.
    pub fn capacity(&self) -> usize {
        self.entities.len()
    }

    pub fn find(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<EntitySlot> {
        match id {
            EntityIdRef::Int(n) => self.by_int.get(&(ty, n)).copied(),
            EntityIdRef::Str(s) => self.by_str.get(&StrKeyRef { ty, id: s }).copied(),
        }
    }

    /// Finds or creates the entity and marks it used; `None` only when
    /// 2^32 − 1 slots are used.
    pub fn intern(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<EntitySlot> {
        if let Some(slot) = self.find(ty, id) {
            self.touch(slot);
            return Some(slot);
        }
        let entity = Entity {
            ty,
            id: id.to_owned_id(),
            cells: Vec::new(),
            topic_refs: 0,
            topic_sent: false,
            topic_pending: false,
            wm: Watermark::default(),
            ledger: Ledger::default(),
            last_updated: None,
            resync_pending: false,
        };
        let slot = match self.free.pop() {
            Some(index) => {
                *self.entities.get_mut(index as usize)? = Some(entity);
                EntitySlot(index)
            }
            None => {
                let index = u32::try_from(self.entities.len())
                    .ok()
                    .filter(|n| *n < u32::MAX)?;
                self.entities.push(Some(entity));
                self.recent.push(false);
                EntitySlot(index)
            }
        };
        match id {
            EntityIdRef::Int(n) => {
                self.by_int.insert((ty, n), slot);
            }
            EntityIdRef::Str(s) => {
                self.by_str.insert(StrKey { ty, id: s.into() }, slot);
            }
        }
        self.live = self.live.saturating_add(1);
        // New entities start unreferenced: one-off keys from a stream go
        // first, entities used again are spared.
        Some(slot)
    }

    /// Marks the entity used (spared by the next pass of the clock hand).
    pub fn touch(&mut self, slot: EntitySlot) {
        if let Some(r) = self.recent.get_mut(slot.0 as usize) {
            *r = true;
        }
    }

    /// Removes the entity, freeing its slot; returns it (its cells are the caller's to free).
    pub fn remove(&mut self, slot: EntitySlot) -> Option<Entity> {
        let entity = self.entities.get_mut(slot.0 as usize)?.take()?;
        match &entity.id {
            EntityId::Int(n) => {
                self.by_int.remove(&(entity.ty, *n));
            }
            EntityId::Str(s) => {
                self.by_str.remove(&StrKeyRef {
                    ty: entity.ty,
                    id: s,
                });
            }
        }
        if let Some(r) = self.recent.get_mut(slot.0 as usize) {
            *r = false;
        }
        self.free.push(slot.0);
        self.live = self.live.saturating_sub(1);
        Some(entity)
    }

    /// The next eviction candidate under the clock hand: a live entity not
    /// used since the hand last passed and not `spared`. Used ones get their
    /// second chance (their bit is cleared). `None` if every entity is spared.
    pub fn clock_victim(
        &mut self,
        mut spared: impl FnMut(EntitySlot, &Entity) -> bool,
    ) -> Option<EntitySlot> {
        let n = self.entities.len();
        for _ in 0..n.saturating_mul(2) {
            self.hand = if self.hand.saturating_add(1) >= n {
                0
            } else {
                self.hand.saturating_add(1)
            };
            let index = self.hand;
            let Some(Some(entity)) = self.entities.get(index) else {
                continue;
            };
            let slot = EntitySlot(u32::try_from(index).ok()?);
            if spared(slot, entity) {
                continue;
            }
            match self.recent.get_mut(index) {
                Some(r) if *r => *r = false,
                _ => return Some(slot),
            }
        }
        None
    }

    pub fn get(&self, slot: EntitySlot) -> Option<&Entity> {
        self.entities.get(slot.0 as usize)?.as_ref()
    }

    pub fn get_mut(&mut self, slot: EntitySlot) -> Option<&mut Entity> {
        self.entities.get_mut(slot.0 as usize)?.as_mut()
    }

    /// Every live slot, in slot order.
    pub fn slots(&self) -> impl Iterator<Item = EntitySlot> + '_ {
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_some())
            .filter_map(|(i, _)| u32::try_from(i).ok().map(EntitySlot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_keyed_by_type_and_id() {
        let mut t = EntityTable::default();
        let a = t.intern(TypeCode(1), EntityIdRef::Int(5)).unwrap();
        let b = t.intern(TypeCode(2), EntityIdRef::Int(5)).unwrap();
        let c = t
            .intern(TypeCode(1), EntityIdRef::Str("project-5"))
            .unwrap();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(t.intern(TypeCode(1), EntityIdRef::Int(5)), Some(a));
        assert_eq!(t.find(TypeCode(1), EntityIdRef::Str("project-5")), Some(c));
        assert_eq!(t.find(TypeCode(2), EntityIdRef::Str("project-5")), None);
        assert_eq!(t.len(), 3);
        assert_eq!(t.get(c).unwrap().id, EntityId::Str("project-5".into()));
    }

    #[test]
    fn removal_frees_the_slot_and_the_clock_spares_used_entities() {
        let mut t = EntityTable::default();
        let a = t.intern(TypeCode(1), EntityIdRef::Int(1)).unwrap();
        let b = t.intern(TypeCode(1), EntityIdRef::Str("b")).unwrap();
        let c = t.intern(TypeCode(1), EntityIdRef::Int(3)).unwrap();
        t.touch(b);
        // b was used: it gets a second chance; c (never used again) goes first.
        assert_eq!(t.clock_victim(|s, _| s == a), Some(c));
        assert!(t.remove(c).is_some());
        assert_eq!(
            t.clock_victim(|s, _| s == a),
            Some(b),
            "its bit was cleared by the pass"
        );
        assert_eq!(t.clock_victim(|_, _| true), None);
        assert!(t.remove(b).is_some());
        assert_eq!(t.find(TypeCode(1), EntityIdRef::Str("b")), None);
        let d = t.intern(TypeCode(2), EntityIdRef::Int(9)).unwrap();
        assert_eq!(d, b, "the freed slot is reused");
        assert_eq!(t.len(), 2);
        assert_eq!(t.capacity(), 3);
    }
}
