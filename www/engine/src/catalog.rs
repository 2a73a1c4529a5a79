//! The catalog of entities and the truth: the current total of every metric.
//! Everything here is generated deterministically from the seed.

use crate::error::FieldError;
use crate::generate;
use crate::prng::Prng;
use crate::vocab::{EntityKey, EntityType};

/// One change to one metric. `label` is the key put on the wire: the metric
/// name or, for reactions, sometimes its alias.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delta {
    pub metric: usize,
    pub label: &'static str,
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub key: EntityKey,
    pub title: String,
    pub author: String,
    /// Current totals, in `key.entity_type.metrics()` order.
    pub values: Vec<f64>,
    /// Events applied so far: each one moves it up by exactly 1.
    pub version: u64,
}

/// Largest total that f64 still counts exactly (2^53).
const MAX_TOTAL: f64 = 9_007_199_254_740_992.0;

/// PRNG streams: the feed's entities, and the exposes (kept apart so adding
/// exposes leaves the feed exactly as it was for a seed).
const CATALOG_STREAM: u64 = 1;
const EXPOSE_STREAM: u64 = 5;

/// The entity types of `/api/feed`; exposes have their own list.
const FEED_TYPES: [EntityType; 3] = [EntityType::Model, EntityType::Image, EntityType::Post];

#[derive(Debug, Clone)]
pub struct Catalog {
    /// Models, then images, posts and exposes, each by id; `slot` indexes into it.
    entities: Vec<Entity>,
    /// Entities per type, in `EntityType::ALL` order.
    counts: [u32; 4],
    /// Stable shuffled order for `/api/feed`, as indices into `entities`.
    feed_order: Vec<usize>,
}

impl Catalog {
    pub fn generate(seed: u64, models: u32, images: u32, posts: u32, exposes: u32) -> Self {
        let mut rng = Prng::derive(seed, CATALOG_STREAM);
        let counts = [models, images, posts, exposes];
        let mut entities = Vec::new();
        for (ty, count) in FEED_TYPES.into_iter().zip(counts) {
            for id in 1..=count {
                entities.push(generate::entity(&mut rng, EntityKey::new(ty, id)));
            }
        }
        let mut feed_order: Vec<usize> = (0..entities.len()).collect();
        rng.shuffle(&mut feed_order);
        let mut rng = Prng::derive(seed, EXPOSE_STREAM);
        for id in 1..=exposes {
            let key = EntityKey::new(EntityType::Expose, id);
            entities.push(generate::entity(&mut rng, key));
        }
        Self {
            entities,
            counts,
            feed_order,
        }
    }

    fn slot(&self, key: EntityKey) -> Option<usize> {
        let t = key.entity_type as usize;
        let count = *self.counts.get(t)?;
        if key.id == 0 || key.id > count {
            return None;
        }
        let before: u64 = self.counts.iter().take(t).map(|&c| u64::from(c)).sum();
        usize::try_from(before + u64::from(key.id) - 1).ok()
    }

    pub fn get(&self, key: EntityKey) -> Option<&Entity> {
        self.entities.get(self.slot(key)?)
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// All entities by type, then id.
    pub fn iter(&self) -> impl Iterator<Item = &Entity> {
        self.entities.iter()
    }

    /// The feed's entities (all but exposes) in the stable shuffled order.
    pub fn feed(&self) -> impl Iterator<Item = &Entity> {
        self.feed_order.iter().filter_map(|&i| self.entities.get(i))
    }

    pub fn feed_len(&self) -> usize {
        self.feed_order.len()
    }

    /// All entities of one type, by id.
    pub fn of_type(&self, ty: EntityType) -> impl Iterator<Item = &Entity> {
        self.entities
            .iter()
            .filter(move |e| e.key.entity_type == ty)
    }

    /// Maps a request's `{ name: amount }` updates to deltas, checking every
    /// name, amount and resulting total before anything is changed.
    pub fn resolve_updates(
        &self,
        key: EntityKey,
        updates: &[(String, f64)],
    ) -> Result<Vec<Delta>, FieldError> {
        let entity = self
            .get(key)
            .ok_or_else(|| FieldError::new("entityId", format!("no entity {key}")))?;
        let metrics = key.entity_type.metrics();
        let mut deltas: Vec<Delta> = Vec::with_capacity(updates.len());
        for (name, amount) in updates {
            let field = format!("updates.{name}");
            let (index, metric) = key
                .entity_type
                .metric_index(name)
                .and_then(|i| Some((i, metrics.get(i)?)))
                .ok_or_else(|| {
                    FieldError::new(
                        &field,
                        format!("{} has no metric `{name}`", key.entity_type),
                    )
                })?;
            if deltas.iter().any(|d| d.metric == index) {
                return Err(FieldError::new(
                    field,
                    format!("duplicates {}", metric.name),
                ));
            }
            // Echo an alias back on the wire as given, like the real site does.
            let label = metric.alias.filter(|a| a == name).unwrap_or(metric.name);
            let current = entity.values.get(index).copied().unwrap_or(0.0);
            // Totals stay non-negative and exact as f64 integers.
            if !(0.0..=MAX_TOTAL).contains(&(current + amount)) {
                return Err(FieldError::new(
                    field,
                    "would move the total out of 0..2^53",
                ));
            }
            deltas.push(Delta {
                metric: index,
                label,
                amount: *amount,
            });
        }
        Ok(deltas)
    }

    /// Adds one event's deltas to an entity's truth and steps its version by
    /// one. Callers validate first; totals are still clamped at zero so the
    /// truth can never go negative.
    pub fn apply(&mut self, key: EntityKey, deltas: &[Delta]) -> Option<&Entity> {
        let slot = self.slot(key)?;
        let entity = self.entities.get_mut(slot)?;
        for d in deltas {
            if let Some(v) = entity.values.get_mut(d.metric) {
                *v = (*v + d.amount).max(0.0);
            }
        }
        entity.version += 1;
        Some(entity)
    }

    /// Replication: adds the deltas of the log's event exactly (no floor, so
    /// every replica and every client sums the same numbers) and takes the
    /// version the log gave it.
    pub fn apply_logged(
        &mut self,
        key: EntityKey,
        deltas: &[Delta],
        version: u64,
    ) -> Option<&Entity> {
        let slot = self.slot(key)?;
        let entity = self.entities.get_mut(slot)?;
        for d in deltas {
            if let Some(v) = entity.values.get_mut(d.metric) {
                *v += d.amount;
            }
        }
        entity.version = version;
        Some(entity)
    }

    /// Replication: the state Redis holds for an entity.
    pub fn restore(&mut self, key: EntityKey, values: Vec<f64>, version: u64) {
        let Some(entity) = self.slot(key).and_then(|slot| self.entities.get_mut(slot)) else {
            return;
        };
        if values.len() == entity.values.len() {
            entity.values = values;
            entity.version = version;
        }
    }
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
