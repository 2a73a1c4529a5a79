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

#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    by_int: HashMap<(TypeCode, u64), EntitySlot>,
    by_str: HashMap<StrKey, EntitySlot>,
    entities: Vec<Entity>,
}

impl EntityTable {
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn find(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<EntitySlot> {
        match id {
            EntityIdRef::Int(n) => self.by_int.get(&(ty, n)).copied(),
            EntityIdRef::Str(s) => self.by_str.get(&StrKeyRef { ty, id: s }).copied(),
        }
    }

    /// Finds or creates the entity; `None` only when 2^32 − 1 slots are used.
    pub fn intern(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<EntitySlot> {
        if let Some(slot) = self.find(ty, id) {
            return Some(slot);
        }
        let slot = EntitySlot(
            u32::try_from(self.entities.len())
                .ok()
                .filter(|n| *n < u32::MAX)?,
        );
        match id {
            EntityIdRef::Int(n) => {
                self.by_int.insert((ty, n), slot);
            }
            EntityIdRef::Str(s) => {
                self.by_str.insert(StrKey { ty, id: s.into() }, slot);
            }
        }
        self.entities.push(Entity {
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
        });
        Some(slot)
    }

    pub fn get(&self, slot: EntitySlot) -> Option<&Entity> {
        self.entities.get(slot.0 as usize)
    }

    pub fn get_mut(&mut self, slot: EntitySlot) -> Option<&mut Entity> {
        self.entities.get_mut(slot.0 as usize)
    }

    /// Every slot, in creation order.
    pub fn slots(&self) -> impl Iterator<Item = EntitySlot> {
        (0..u32::try_from(self.entities.len()).unwrap_or(u32::MAX)).map(EntitySlot)
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
}
