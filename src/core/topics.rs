//! Topic refcounts: an entity's topic is subscribed on the first acquire
//! and unsubscribed on the last release (the JS layer names topics, with the
//! store's topic format). Transitions are
//! coalesced until drained, so a release and re-acquire in the same tick
//! (React StrictMode's double effects, a card re-mounting) never reach the
//! transport.

use super::entity_id::{EntityId, EntityIdRef};
use super::error::InputError;
use super::keys::{EntitySlot, EntityTable};
use super::store::MetricStore;
use super::vocab::TypeCode;

#[derive(Debug, Clone, Default)]
pub struct Topics {
    pending: Vec<EntitySlot>,
}

/// A net change for the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicChange {
    pub ty: TypeCode,
    pub id: EntityId,
    pub subscribe: bool,
}

impl Topics {
    /// Returns the new refcount.
    pub fn acquire(&mut self, entities: &mut EntityTable, slot: EntitySlot) -> u32 {
        let Some(entity) = entities.get_mut(slot) else {
            return 0;
        };
        let refs = entity.meta().topic_refs.saturating_add(1);
        entity.meta_mut().topic_refs = refs;
        if refs == 1 && !entity.topic_pending() {
            entity.set_topic_pending(true);
            self.pending.push(slot);
        }
        refs
    }

    /// Returns the new refcount; releasing an unheld topic is a no-op.
    pub fn release(&mut self, entities: &mut EntityTable, slot: EntitySlot) -> u32 {
        let Some(entity) = entities.get_mut(slot) else {
            return 0;
        };
        if entity.meta().topic_refs == 0 {
            return 0;
        }
        let refs = entity.meta().topic_refs.saturating_sub(1);
        entity.meta_mut().topic_refs = refs;
        if refs == 0 && !entity.topic_pending() {
            entity.set_topic_pending(true);
            self.pending.push(slot);
        }
        refs
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Net subscribe/unsubscribe changes since the last drain.
    pub fn drain(&mut self, entities: &mut EntityTable) -> Vec<TopicChange> {
        let mut out = Vec::new();
        for slot in self.pending.drain(..) {
            let Some(entity) = entities.get_mut(slot) else {
                continue;
            };
            entity.set_topic_pending(false);
            let wanted = entity.meta().topic_refs > 0;
            if wanted == entity.topic_sent() {
                continue;
            }
            entity.set_topic_sent(wanted);
            out.push(TopicChange {
                ty: entity.ty,
                id: entity.id.clone(),
                subscribe: wanted,
            });
        }
        out
    }

    /// Every topic currently subscribed (to replay after a reconnect).
    pub fn active(&self, entities: &EntityTable) -> Vec<(TypeCode, EntityId)> {
        entities
            .slots()
            .filter_map(|s| entities.get(s))
            .filter(|e| e.topic_sent())
            .map(|e| (e.ty, e.id.clone()))
            .collect()
    }
}

impl MetricStore {
    /// Takes a reference on the entity's topic; returns the new refcount.
    pub fn acquire_topic(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Result<u32, InputError> {
        self.check_type(ty)?;
        let slot = self.intern(ty, id)?;
        Ok(self.topics.acquire(&mut self.entities, slot))
    }

    /// Drops a reference; returns the new refcount (0 if it was not held).
    pub fn release_topic(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> u32 {
        match self.entities.find(ty, id) {
            Some(slot) => self.topics.release(&mut self.entities, slot),
            None => 0,
        }
    }

    pub fn has_topic_changes(&self) -> bool {
        self.topics.has_pending()
    }

    /// Net topic changes since the last drain, for the transport.
    pub fn drain_topic_changes(&mut self) -> Vec<TopicChange> {
        self.topics.drain(&mut self.entities)
    }

    /// Topics the transport should hold now (replayed after a reconnect).
    pub fn active_topics(&self) -> Vec<(TypeCode, EntityId)> {
        self.topics.active(&self.entities)
    }

    /// Whether the entity's topic is held (by any refcount).
    pub fn holds_topic(&self, ty: TypeCode, id: EntityIdRef<'_>) -> bool {
        self.entities
            .find(ty, id)
            .and_then(|slot| self.entities.get(slot))
            .is_some_and(|e| e.meta().topic_refs > 0)
    }
}
