//! Interning of entities: (entity type, entity id) → a dense slot.
//!
//! An entity is 32 bytes: its key, a bitmask of the metrics it has cells
//! for, flags, and a boxed [`EntityMeta`] (watermark, ledger, topic count)
//! allocated only for entities that need one — most of a million counters
//! never see a `seq`, a base or a listener. The index is an [`OpenIndex`]
//! over slots; lookups by `&str` never allocate.

use super::entity_id::{EntityId, EntityIdRef};
use super::ledger::Ledger;
use super::open_index::{hash32, OpenIndex, MAX_VALUE};
use super::paged::Paged;
use super::vocab::{MetricCode, TypeCode};
use super::watermark::Watermark;

/// Dense index of an interned entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntitySlot(pub u32);

impl EntitySlot {
    fn from_index(index: usize) -> Option<Self> {
        u32::try_from(index).ok().map(EntitySlot)
    }
}

/// What only some entities carry.
#[derive(Debug, Clone)]
pub struct EntityMeta {
    /// Which base is held and which seqs were seen.
    pub wm: Watermark,
    /// Deltas a future base may cover.
    pub ledger: Ledger,
    pub topic_refs: u32,
    /// When a remote change last reached this entity (caller's clock, ms).
    pub last_updated: Option<f64>,
    /// Listeners registered on the entity's cells (a watched entity is never evicted).
    pub watchers: u32,
}

impl EntityMeta {
    const EMPTY: EntityMeta = EntityMeta {
        wm: Watermark::EMPTY,
        ledger: Ledger::EMPTY,
        topic_refs: 0,
        last_updated: None,
        watchers: 0,
    };
}

impl EntityMeta {
    fn is_empty(&self) -> bool {
        let wm = &self.wm;
        wm.version.is_none()
            && wm.token.is_none()
            && wm.snapshot_ts.is_none()
            && wm.last_seq.is_none()
            && wm.missing.is_empty()
            && !wm.gap_untracked
            && wm.outstanding.is_empty()
            && wm.stale.is_none()
            && self.ledger.is_empty()
            && self.ledger.folded_max_seq.is_none()
            && self.ledger.folded_max_tick.is_none()
            && self.topic_refs == 0
            && self.last_updated.is_none()
            && self.watchers == 0
    }
}

static NO_META: EntityMeta = EntityMeta::EMPTY;

const LIVE: u16 = 1;
/// Used since the clock hand last passed.
const RECENT: u16 = 1 << 1;
/// The transport has been told to subscribe this entity's topic.
const TOPIC_SENT: u16 = 1 << 2;
/// Queued for the next topic drain (at most once).
const TOPIC_PENDING: u16 = 1 << 3;
/// Queued for the next resync drain (at most once).
const RESYNC_PENDING: u16 = 1 << 4;
/// Has a cell for a metric code ≥ 64 (beyond the bitmask).
const HIGH_METRICS: u16 = 1 << 5;

/// One interned entity.
#[derive(Debug, Clone)]
pub struct Entity {
    pub ty: TypeCode,
    flags: u16,
    pub id: EntityId,
    /// Bit `m` set: a cell exists for metric code `m` (< 64).
    metrics: u64,
    meta: Option<Box<EntityMeta>>,
}

macro_rules! flag {
    ($get:ident, $set:ident, $bit:ident) => {
        pub fn $get(&self) -> bool {
            self.flags & $bit != 0
        }

        pub fn $set(&mut self, on: bool) {
            if on {
                self.flags |= $bit;
            } else {
                self.flags &= !$bit;
            }
        }
    };
}

impl Entity {
    flag!(topic_sent, set_topic_sent, TOPIC_SENT);
    flag!(topic_pending, set_topic_pending, TOPIC_PENDING);
    flag!(resync_pending, set_resync_pending, RESYNC_PENDING);

    fn live(&self) -> bool {
        self.flags & LIVE != 0
    }

    pub fn meta(&self) -> &EntityMeta {
        self.meta.as_deref().unwrap_or(&NO_META)
    }

    /// The entity's meta, allocated on first use.
    pub fn meta_mut(&mut self) -> &mut EntityMeta {
        self.meta.get_or_insert_with(|| Box::new(EntityMeta::EMPTY))
    }

    /// Frees the meta if it holds nothing (after a restore, say).
    pub fn trim_meta(&mut self) {
        if self.meta.as_deref().is_some_and(EntityMeta::is_empty) {
            self.meta = None;
        }
    }

    pub fn wm(&self) -> &Watermark {
        &self.meta().wm
    }

    pub fn wm_mut(&mut self) -> &mut Watermark {
        &mut self.meta_mut().wm
    }

    pub fn ledger(&self) -> &Ledger {
        &self.meta().ledger
    }

    pub fn ledger_mut(&mut self) -> &mut Ledger {
        &mut self.meta_mut().ledger
    }

    /// Notes that a cell exists for `metric`.
    pub fn add_metric(&mut self, metric: MetricCode) {
        match 1u64.checked_shl(u32::from(metric.0)) {
            Some(bit) if metric.0 < 64 => self.metrics |= bit,
            _ => self.flags |= HIGH_METRICS,
        }
    }

    /// The metric codes this entity may have cells for (exact below 64;
    /// every code from 64 to `metric_count` if it has any above).
    pub fn metric_codes(&self, metric_count: usize) -> impl Iterator<Item = MetricCode> + '_ {
        let high_end = if self.flags & HIGH_METRICS != 0 {
            metric_count.min(usize::from(u16::MAX))
        } else {
            0
        };
        (0u16..64)
            .filter(|m| self.metrics & (1u64 << m) != 0)
            .chain((64..high_end).filter_map(|m| u16::try_from(m).ok()))
            .map(MetricCode)
    }
}

/// The hash seed of an entity key (metric keys extend it).
pub fn entity_seed(ty: TypeCode, id: EntityIdRef<'_>) -> u64 {
    let base = match id {
        EntityIdRef::Int(n) => n,
        // FNV-1a; a marker bit keeps "5" and 5 apart (they never coexist anyway).
        EntityIdRef::Str(s) => {
            s.bytes()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                })
                .rotate_left(1)
                | 1
        }
    };
    base.rotate_left(16) ^ u64::from(ty.0)
}

/// The eviction order is CLOCK (second chance), an LRU approximation whose
/// "touch" is one bit: entities used since the hand last passed are spared.
#[derive(Debug, Clone, Default)]
pub struct EntityTable {
    index: OpenIndex,
    entities: Paged<Entity>,
    free: Vec<u32>,
    hand: usize,
    live: usize,
}

fn seed_of(entities: &Paged<Entity>, slot: u32) -> u64 {
    entities
        .get(slot as usize)
        .map_or(0, |e| entity_seed(e.ty, e.id.as_ref()))
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

    /// Bytes held by the table (not counting string ids and metas).
    pub fn bytes(&self) -> usize {
        self.entities
            .bytes()
            .saturating_add(self.index.bytes())
            .saturating_add(self.free.capacity().saturating_mul(4))
    }

    pub fn find(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<EntitySlot> {
        let entities = &self.entities;
        self.index
            .find(hash32(entity_seed(ty, id)), |s| {
                entities
                    .get(s as usize)
                    .is_some_and(|e| e.live() && e.ty == ty && e.id.as_ref() == id)
            })
            .map(EntitySlot)
    }

    /// Finds or creates the entity and marks it used; `None` only when
    /// `MAX_VALUE` + 1 (about 16.7 million) slots are used.
    pub fn intern(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<EntitySlot> {
        if let Some(slot) = self.find(ty, id) {
            self.touch(slot);
            return Some(slot);
        }
        // New entities start unreferenced: one-off keys from a stream go
        // first, entities used again are spared.
        let entity = Entity {
            ty,
            flags: LIVE,
            id: id.to_owned_id(),
            metrics: 0,
            meta: None,
        };
        let slot = match self.free.pop() {
            Some(index) => {
                *self.entities.get_mut(index as usize)? = entity;
                index
            }
            None => {
                let index = u32::try_from(self.entities.len())
                    .ok()
                    .filter(|n| *n <= MAX_VALUE)?;
                self.entities.push(entity);
                index
            }
        };
        let entities = &self.entities;
        self.index.insert(hash32(entity_seed(ty, id)), slot, |s| {
            hash32(seed_of(entities, s))
        });
        self.live = self.live.saturating_add(1);
        Some(EntitySlot(slot))
    }

    /// Marks the entity used (spared by the next pass of the clock hand).
    pub fn touch(&mut self, slot: EntitySlot) {
        if let Some(e) = self.entities.get_mut(slot.0 as usize) {
            e.flags |= RECENT;
        }
    }

    /// Removes the entity, freeing its slot; returns it (its cells are the caller's to free).
    pub fn remove(&mut self, slot: EntitySlot) -> Option<Entity> {
        let hash = {
            let e = self.get(slot)?;
            hash32(entity_seed(e.ty, e.id.as_ref()))
        };
        let entities = &self.entities;
        self.index
            .remove(hash, slot.0, |s| hash32(seed_of(entities, s)));
        let dead = Entity {
            ty: TypeCode(0),
            flags: 0,
            id: EntityId::Int(0),
            metrics: 0,
            meta: None,
        };
        let entity = std::mem::replace(self.entities.get_mut(slot.0 as usize)?, dead);
        self.free.push(slot.0);
        self.live = self.live.saturating_sub(1);
        Some(entity)
    }

    /// Advances the clock hand to the next live entity (None when empty).
    pub fn advance_hand(&mut self) -> Option<EntitySlot> {
        let n = self.entities.len();
        for _ in 0..n {
            self.hand = if self.hand.saturating_add(1) >= n {
                0
            } else {
                self.hand.saturating_add(1)
            };
            if self.entities.get(self.hand).is_some_and(|e| e.live()) {
                return EntitySlot::from_index(self.hand);
            }
        }
        None
    }

    /// Whether the entity was used since the hand last passed (clears it).
    pub fn take_recent(&mut self, slot: EntitySlot) -> bool {
        match self.get_mut(slot) {
            Some(e) if e.flags & RECENT != 0 => {
                e.flags &= !RECENT;
                true
            }
            _ => false,
        }
    }

    pub fn get(&self, slot: EntitySlot) -> Option<&Entity> {
        self.entities.get(slot.0 as usize).filter(|e| e.live())
    }

    pub fn get_mut(&mut self, slot: EntitySlot) -> Option<&mut Entity> {
        self.entities.get_mut(slot.0 as usize).filter(|e| e.live())
    }

    /// Every live slot, in slot order.
    pub fn slots(&self) -> impl Iterator<Item = EntitySlot> + '_ {
        self.entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.live())
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
        // The hand walks live slots in a ring, starting after slot 0.
        assert_eq!(t.advance_hand(), Some(b));
        assert!(t.take_recent(b), "b was used");
        assert!(!t.take_recent(b), "reading the mark clears it");
        assert_eq!(t.advance_hand(), Some(c));
        assert!(t.remove(c).is_some());
        assert_eq!(t.advance_hand(), Some(a), "removed slots are skipped");
        assert_eq!(t.advance_hand(), Some(b));
        assert!(t.remove(b).is_some());
        assert_eq!(t.find(TypeCode(1), EntityIdRef::Str("b")), None);
        let d = t.intern(TypeCode(2), EntityIdRef::Int(9)).unwrap();
        assert_eq!(d, b, "the freed slot is reused");
        assert_eq!(t.len(), 2);
        assert_eq!(t.capacity(), 3);
    }
}
