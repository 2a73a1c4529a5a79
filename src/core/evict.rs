//! The key cap: beyond `max_keys`, the least recently used entities are
//! evicted — never one with keyed listeners, a held topic or a topic change
//! still to send. An evicted entity is forgotten entirely (deltas, base,
//! watermark): it reads as whatever base the app passes, never garbage, and
//! handles to its keys go stale.

use super::keys::EntitySlot;
use super::store::MetricStore;

impl MetricStore {
    /// Whether eviction must skip the entity.
    fn pinned(&self, slot: EntitySlot) -> bool {
        let Some(e) = self.entities.get(slot) else {
            return true;
        };
        e.topic_refs > 0
            || e.topic_sent
            || e.topic_pending
            || e.cells.iter().any(|(_, c)| self.cells.is_watched(*c))
    }

    /// Evicts least recently used entities until the cap holds, sparing
    /// `keep` (the entity just written) and pinned ones.
    pub(super) fn enforce_key_cap(&mut self, keep: Option<EntitySlot>) {
        let Some(cap) = self.max_keys else {
            return;
        };
        while self.cells.live_count() > cap {
            let mut passed = Vec::new();
            let mut victim = None;
            for slot in self.entities.least_recent() {
                if Some(slot) == keep || self.pinned(slot) {
                    passed.push(slot);
                } else {
                    victim = Some(slot);
                    break;
                }
            }
            // Pinned entities found at the cold end move up, so the next
            // search does not walk past them again.
            for slot in passed {
                self.entities.touch(slot);
            }
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
        for (_, cell) in entity.cells {
            self.cells.remove(cell);
        }
        if entity.resync_pending {
            self.resync.retain(|s| *s != slot);
        }
        self.stats.entities_evicted = self.stats.entities_evicted.saturating_add(1);
        self.changes.bump();
    }
}
