//! The key cap: beyond `max_keys`, entities not used lately are evicted
//! (CLOCK, an LRU approximation whose "use" is a single bit) — never one
//! with keyed listeners, a held topic or a topic change still to send. An
//! evicted entity is forgotten entirely (deltas, base, watermark): it reads
//! as whatever base the app passes, never garbage, and handles to its keys
//! go stale.

use super::keys::{Entity, EntitySlot};
use super::store::MetricStore;
use super::table::CellTable;

/// Whether eviction must skip the entity.
fn pinned(e: &Entity, cells: &CellTable) -> bool {
    e.topic_refs > 0
        || e.topic_sent
        || e.topic_pending
        || e.cells.iter().any(|(_, c)| cells.is_watched(*c))
}

impl MetricStore {
    /// Evicts entities not used lately until the cap holds, sparing `keep`
    /// (the entity just written) and pinned ones.
    pub(super) fn enforce_key_cap(&mut self, keep: Option<EntitySlot>) {
        let Some(cap) = self.max_keys else {
            return;
        };
        while self.cells.live_count() > cap {
            let cells = &self.cells;
            let victim = self
                .entities
                .clock_victim(|slot, e| Some(slot) == keep || pinned(e, cells));
            match victim {
                Some(slot) => self.evict(slot),
                None => break,
            }
        }
    }

    fn evict(&mut self, slot: EntitySlot) {
        let Some(entity) = self.entities.remove(slot) else {
            return;
        };
        for (metric, cell) in entity.cells {
            self.cells.remove(cell);
            if let super::entity_id::EntityId::Int(n) = entity.id {
                self.num_keys
                    .remove(&(n, super::store::num_key_tag(entity.ty, metric)));
            }
        }
        self.tokens_outstanding = self
            .tokens_outstanding
            .saturating_sub(entity.wm.outstanding.len());
        if entity.resync_pending {
            self.resync.retain(|s| *s != slot);
        }
        self.stats.entities_evicted = self.stats.entities_evicted.saturating_add(1);
        self.changes.bump();
    }
}
