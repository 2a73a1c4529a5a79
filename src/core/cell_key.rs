//! The key a cell is stored and found under: entity type, entity, metric.
//!
//! A numeric entity id is kept in the cell itself, so the ingest hot path
//! verifies a key from the cell it is about to update (no hop to the entity
//! table). A string id is named by its entity's slot: string lookups find
//! the entity first anyway, to compare the string.

use super::keys::EntitySlot;
use super::open_index::hash32;
use super::vocab::{MetricCode, TypeCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRef {
    /// A numeric entity id.
    Int(u64),
    /// The slot of an entity with a string id.
    Slot(EntitySlot),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellKey {
    pub ty: TypeCode,
    pub entity: KeyRef,
    pub metric: MetricCode,
}

impl CellKey {
    /// The key index's hash.
    #[inline]
    pub fn hash(self) -> u32 {
        let (id, marker) = match self.entity {
            KeyRef::Int(n) => (n, 0),
            KeyRef::Slot(s) => (u64::from(s.0), 1u64 << 63),
        };
        let tag = (u64::from(self.ty.0) << 16) | u64::from(self.metric.0);
        hash32(id.rotate_left(32) ^ tag ^ marker)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_anywhere_hash_apart() {
        let k = |ty, entity, m| CellKey {
            ty: TypeCode(ty),
            entity,
            metric: MetricCode(m),
        };
        let base = k(1, KeyRef::Int(5), 2).hash();
        assert_ne!(base, k(2, KeyRef::Int(5), 2).hash());
        assert_ne!(base, k(1, KeyRef::Int(6), 2).hash());
        assert_ne!(base, k(1, KeyRef::Int(5), 3).hash());
        assert_ne!(base, k(1, KeyRef::Slot(EntitySlot(5)), 2).hash());
    }
}
