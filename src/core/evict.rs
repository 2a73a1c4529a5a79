//! The key cap: beyond `max_keys`, entities not used lately are evicted
//! (CLOCK, an LRU approximation whose "use" is a single bit) — never one
//! with keyed listeners, a held topic or a topic change still to send. An
//! evicted entity is forgotten entirely (deltas, base, watermark): it reads
//! as whatever base the app passes, never garbage, and handles to its keys
//! go stale.

use super::keys::{Entity, EntitySlot};
use super::store::MetricStore;

/// Whether eviction must skip the entity.
fn pinned(e: &Entity) -> bool {
    let meta = e.meta();
    meta.topic_refs > 0 || meta.watchers > 0 || e.topic_sent() || e.topic_pending()
}

impl MetricStore {
    /// Evicts entities not used lately until the cap holds, sparing `keep`
    /// (the entity just written) and pinned ones.
    pub(super) fn enforce_key_cap(&mut self, keep: Option<EntitySlot>) {
        let Some(cap) = self.max_keys else {
            return;
        };
        while self.cells.live_count() > cap {
            match self.clock_victim(keep) {
                Some(slot) => self.evict(slot),
                None => break,
            }
        }
    }

    /// The next entity under the clock hand not used since the hand last
    /// passed. Use is marked on the entity or, on hot paths that never touch
    /// the entity, on its cells; the pass clears both marks.
    fn clock_victim(&mut self, keep: Option<EntitySlot>) -> Option<EntitySlot> {
        let rounds = self.entities.len().saturating_mul(2);
        for _ in 0..rounds {
            let slot = self.entities.advance_hand()?;
            let spared = self.entities.get(slot).is_none_or(pinned) || Some(slot) == keep;
            if spared {
                continue;
            }
            let mut used = self.entities.take_recent(slot);
            for (_, cell) in self.cells_of(slot) {
                used |= self.cells.take_recent(cell);
            }
            if !used {
                return Some(slot);
            }
        }
        None
    }

    fn evict(&mut self, slot: EntitySlot) {
        self.drop_cells(slot);
        let Some(entity) = self.entities.remove(slot) else {
            return;
        };
        self.tokens_outstanding = self
            .tokens_outstanding
            .saturating_sub(entity.wm().outstanding.len());
        if entity.resync_pending() {
            self.resync.retain(|s| *s != slot);
        }
        self.stats.entities_evicted = self.stats.entities_evicted.saturating_add(1);
        self.changes.bump();
    }
}
