//! Topic refcounts: `metrics:{entityType}:{entityId}` is subscribed on the
//! first acquire and unsubscribed on the last release. Transitions are
//! coalesced until drained, so a release and re-acquire in the same tick
//! (React StrictMode's double effects, a card re-mounting) never reach the
//! transport.

use super::entity_id::EntityIdRef;
use super::error::InputError;
use super::keys::{EntitySlot, EntityTable};
use super::store::MetricStore;
use super::vocab::{TypeCode, Vocab};

/// The topic prefix of the seed site's metric signals.
pub const TOPIC_PREFIX: &str = "metrics";

#[derive(Debug, Clone, Default)]
pub struct Topics {
    pending: Vec<EntitySlot>,
}

/// A net change for the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicChange {
    pub topic: String,
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
    pub fn drain(&mut self, entities: &mut EntityTable, vocab: &Vocab) -> Vec<TopicChange> {
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
            if let Some(topic) = topic_of(vocab, entities, slot) {
                out.push(TopicChange {
                    topic,
                    subscribe: wanted,
                });
            }
        }
        out
    }

    /// Every topic currently subscribed (to replay after a reconnect).
    pub fn active(&self, entities: &EntityTable, vocab: &Vocab) -> Vec<String> {
        entities
            .slots()
            .filter(|s| entities.get(*s).is_some_and(|e| e.topic_sent()))
            .filter_map(|s| topic_of(vocab, entities, s))
            .collect()
    }
}

pub fn topic_of(vocab: &Vocab, entities: &EntityTable, slot: EntitySlot) -> Option<String> {
    let entity = entities.get(slot)?;
    let ty = vocab.entity_type_name(entity.ty)?;
    Some(format!("{TOPIC_PREFIX}:{ty}:{}", entity.id))
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
        self.topics.drain(&mut self.entities, &self.vocab)
    }

    /// Topics the transport should hold now (replayed after a reconnect).
    pub fn active_topics(&self) -> Vec<String> {
        self.topics.active(&self.entities, &self.vocab)
    }

    /// The topic name of an entity: `metrics:{entityType}:{entityId}`.
    pub fn topic(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<String> {
        let name = self.vocab.entity_type_name(ty)?;
        Some(format!("{TOPIC_PREFIX}:{name}:{id}"))
    }
}
