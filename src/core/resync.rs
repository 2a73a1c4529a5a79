//! Stale entities: a gap in `seq`, a reconnect, or a base older than folded
//! deltas makes an entity's counts untrustworthy until a fresh base
//! arrives. Each newly stale entity is queued once for a `resync` event.

use super::entity_id::EntityId;
use super::keys::EntitySlot;
use super::store::MetricStore;
use super::vocab::TypeCode;
use super::watermark::StaleReason;

/// An entity whose base the app should refetch.
#[derive(Debug, Clone, PartialEq)]
pub struct ResyncRequest {
    pub ty: TypeCode,
    pub id: EntityId,
    pub reason: StaleReason,
}

impl MetricStore {
    pub(super) fn queue_resync(&mut self, slot: EntitySlot) {
        if let Some(entity) = self.entities.get_mut(slot) {
            if !entity.resync_pending() {
                entity.set_resync_pending(true);
                self.resync.push(slot);
            }
        }
    }

    pub(super) fn mark_stale(&mut self, slot: EntitySlot, reason: StaleReason) {
        if let Some(entity) = self.entities.get_mut(slot) {
            entity.wm_mut().mark_stale(reason);
            self.queue_resync(slot);
        }
    }

    /// After a reconnect: every entity whose topic is held may have missed deltas.
    pub fn mark_held_stale(&mut self) -> usize {
        let held: Vec<EntitySlot> = self
            .entities
            .slots()
            .filter(|s| {
                self.entities
                    .get(*s)
                    .is_some_and(|e| e.meta().topic_refs > 0)
            })
            .collect();
        for &slot in &held {
            self.mark_stale(slot, StaleReason::Reconnect);
        }
        held.len()
    }

    pub fn has_resync(&self) -> bool {
        !self.resync.is_empty()
    }

    /// Entities that became stale since the last drain (still stale now).
    pub fn drain_resync(&mut self) -> Vec<ResyncRequest> {
        let slots = std::mem::take(&mut self.resync);
        let mut out = Vec::with_capacity(slots.len());
        for slot in slots {
            let Some(entity) = self.entities.get_mut(slot) else {
                continue;
            };
            entity.set_resync_pending(false);
            let Some(reason) = entity.wm().stale else {
                continue;
            };
            out.push(ResyncRequest {
                ty: entity.ty,
                id: entity.id.clone(),
                reason,
            });
        }
        out
    }
}
