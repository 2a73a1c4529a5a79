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

/// No slot (end of the LRU list).
const NONE: u32 = u32::MAX;

/// Recency links: most recently used at `head`, eviction candidates at `tail`.
#[derive(Debug, Clone, Copy)]
struct Link {
    prev: u32,
    next: u32,
}

#[derive(Debug, Clone)]
pub struct EntityTable {
    by_int: HashMap<(TypeCode, u64), EntitySlot>,
    by_str: HashMap<StrKey, EntitySlot>,
    entities: Vec<Option<Entity>>,
    links: Vec<Link>,
    free: Vec<u32>,
    head: u32,
    tail: u32,
    live: usize,
}

impl Default for EntityTable {
    fn default() -> Self {
        EntityTable {
            by_int: HashMap::new(),
            by_str: HashMap::new(),
            entities: Vec::new(),
            links: Vec::new(),
            free: Vec::new(),
            head: NONE,
            tail: NONE,
            live: 0,
        }
    }
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

    /// Finds or creates the entity and marks it most recently used; `None`
    /// only when 2^32 − 1 slots are used.
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
                    .filter(|n| *n < NONE)?;
                self.entities.push(Some(entity));
                self.links.push(Link {
                    prev: NONE,
                    next: NONE,
                });
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
        self.link_head(slot.0);
        Some(slot)
    }

    /// Marks the entity most recently used.
    pub fn touch(&mut self, slot: EntitySlot) {
        if self.head != slot.0 && self.get(slot).is_some() {
            self.unlink(slot.0);
            self.link_head(slot.0);
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
        self.unlink(slot.0);
        self.free.push(slot.0);
        self.live = self.live.saturating_sub(1);
        Some(entity)
    }

    /// Live entities from least to most recently used.
    pub fn least_recent(&self) -> impl Iterator<Item = EntitySlot> + '_ {
        let mut at = self.tail;
        std::iter::from_fn(move || {
            if at == NONE {
                return None;
            }
            let slot = EntitySlot(at);
            at = self.links.get(at as usize).map_or(NONE, |l| l.prev);
            Some(slot)
        })
    }

    fn link_head(&mut self, index: u32) {
        let old_head = self.head;
        if let Some(l) = self.links.get_mut(index as usize) {
            *l = Link {
                prev: NONE,
                next: old_head,
            };
        }
        if let Some(h) = self.links.get_mut(old_head as usize) {
            h.prev = index;
        }
        self.head = index;
        if self.tail == NONE {
            self.tail = index;
        }
    }

    fn unlink(&mut self, index: u32) {
        let Some(Link { prev, next }) = self.links.get(index as usize).copied() else {
            return;
        };
        match self.links.get_mut(prev as usize) {
            Some(p) => p.next = next,
            None => self.head = next,
        }
        match self.links.get_mut(next as usize) {
            Some(n) => n.prev = prev,
            None => self.tail = prev,
        }
        if let Some(l) = self.links.get_mut(index as usize) {
            *l = Link {
                prev: NONE,
                next: NONE,
            };
        }
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
    fn removal_frees_the_slot_and_lru_order_follows_use() {
        let mut t = EntityTable::default();
        let a = t.intern(TypeCode(1), EntityIdRef::Int(1)).unwrap();
        let b = t.intern(TypeCode(1), EntityIdRef::Str("b")).unwrap();
        let c = t.intern(TypeCode(1), EntityIdRef::Int(3)).unwrap();
        assert_eq!(t.least_recent().collect::<Vec<_>>(), vec![a, b, c]);
        t.touch(a);
        assert_eq!(t.least_recent().collect::<Vec<_>>(), vec![b, c, a]);
        assert!(t.remove(b).is_some());
        assert_eq!(t.find(TypeCode(1), EntityIdRef::Str("b")), None);
        assert_eq!(t.least_recent().collect::<Vec<_>>(), vec![c, a]);
        let d = t.intern(TypeCode(2), EntityIdRef::Int(9)).unwrap();
        assert_eq!(d, b, "the freed slot is reused");
        assert_eq!(t.len(), 3);
        assert_eq!(t.capacity(), 3);
    }
}
