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

#[derive(Debug, Clone)]
pub struct Catalog {
    /// Models, then images, then posts, each by id; `slot` indexes into it.
    entities: Vec<Entity>,
    counts: [u32; 3],
    /// Stable shuffled order for `/api/feed`, as indices into `entities`.
    feed_order: Vec<usize>,
}

impl Catalog {
    pub fn generate(seed: u64, models: u32, images: u32, posts: u32) -> Self {
        let mut rng = Prng::derive(seed, 1);
        let counts = [models, images, posts];
        let mut entities = Vec::new();
        for (ty, count) in EntityType::ALL.into_iter().zip(counts) {
            for id in 1..=count {
                entities.push(generate::entity(&mut rng, EntityKey::new(ty, id)));
            }
        }
        let mut feed_order: Vec<usize> = (0..entities.len()).collect();
        rng.shuffle(&mut feed_order);
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

    /// All entities in the stable shuffled feed order.
    pub fn feed(&self) -> impl Iterator<Item = &Entity> {
        self.feed_order.iter().filter_map(|&i| self.entities.get(i))
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_ids_and_values() {
        let c = Catalog::generate(1, 100, 100, 60);
        assert_eq!(c.len(), 260);
        for ty in EntityType::ALL {
            let ids: Vec<u32> = c
                .iter()
                .filter(|e| e.key.entity_type == ty)
                .map(|e| e.key.id)
                .collect();
            let n = match ty {
                EntityType::Model | EntityType::Image => 100,
                EntityType::Post => 60,
            };
            assert_eq!(ids, (1..=n).collect::<Vec<_>>());
        }
        for e in c.iter() {
            assert_eq!(c.get(e.key), Some(e));
            assert_eq!(e.values.len(), e.key.entity_type.metrics().len());
            assert!(e
                .values
                .iter()
                .all(|v| *v >= 0.0 && v.fract() == 0.0 && *v < 1e8));
            assert!(e
                .title
                .starts_with(&format!("{} #{} · ", e.key.entity_type, e.key.id)));
            assert!(!e.author.is_empty());
        }
        assert!(c.get(EntityKey::new(EntityType::Post, 61)).is_none());
        assert!(c.get(EntityKey::new(EntityType::Model, 0)).is_none());
    }

    #[test]
    fn realistic_spread() {
        let c = Catalog::generate(1, 100, 100, 60);
        let all: Vec<f64> = c.iter().flat_map(|e| e.values.clone()).collect();
        assert!(all.iter().any(|v| *v >= 1_000_000.0), "some millions");
        assert!(
            all.iter()
                .filter(|v| (1_000.0..1_000_000.0).contains(*v))
                .count()
                > 20
        );
        let small = all.iter().filter(|v| **v < 1_000.0).count();
        assert!(small * 2 > all.len(), "most are tens/hundreds");
    }

    #[test]
    fn deterministic_and_seed_sensitive() {
        let a = Catalog::generate(7, 10, 10, 10);
        let b = Catalog::generate(7, 10, 10, 10);
        let c = Catalog::generate(8, 10, 10, 10);
        let keys = |x: &Catalog| x.feed().map(|e| e.key).collect::<Vec<_>>();
        assert_eq!(a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        assert_eq!(keys(&a), keys(&b));
        assert_ne!(a.iter().collect::<Vec<_>>(), c.iter().collect::<Vec<_>>());
    }

    #[test]
    fn feed_is_an_interleaved_permutation() {
        let c = Catalog::generate(1, 100, 100, 60);
        let feed: Vec<EntityKey> = c.feed().map(|e| e.key).collect();
        let mut sorted = feed.clone();
        sorted.sort();
        assert_eq!(sorted, c.iter().map(|e| e.key).collect::<Vec<_>>());
        let first: Vec<EntityType> = feed.iter().take(30).map(|k| k.entity_type).collect();
        assert!(EntityType::ALL.iter().all(|t| first.contains(t)));
    }

    #[test]
    fn resolve_and_apply() {
        let mut c = Catalog::generate(1, 2, 2, 2);
        let key = EntityKey::new(EntityType::Image, 1);
        let before = c.get(key).map(|e| e.values.clone()).unwrap_or_default();
        let deltas = c.resolve_updates(key, &[("Like".into(), 2.0), ("cryCount".into(), 1.0)]);
        let deltas = deltas.unwrap();
        assert_eq!(
            deltas[0],
            Delta {
                metric: 0,
                label: "Like",
                amount: 2.0
            }
        );
        assert_eq!(deltas[1].label, "cryCount");
        let after = c
            .apply(key, &deltas)
            .map(|e| e.values.clone())
            .unwrap_or_default();
        assert_eq!(after[0], before[0] + 2.0);
        assert_eq!(after[3], before[3] + 1.0);
        assert_eq!(
            c.get(key).map(|e| e.version),
            Some(1),
            "one event, one step"
        );

        let err = |u: &[(&str, f64)]| {
            let u: Vec<(String, f64)> = u.iter().map(|(n, a)| (n.to_string(), *a)).collect();
            c.resolve_updates(key, &u).err().map(|e| e.field)
        };
        assert_eq!(
            err(&[("downloadCount", 1.0)]).as_deref(),
            Some("updates.downloadCount")
        );
        assert_eq!(
            err(&[("Like", 1.0), ("likeCount", 1.0)]).as_deref(),
            Some("updates.likeCount")
        );
        assert_eq!(
            err(&[("likeCount", -1e12)]).as_deref(),
            Some("updates.likeCount")
        );
        let missing = c.resolve_updates(EntityKey::new(EntityType::Image, 9), &[]);
        assert_eq!(missing.err().map(|e| e.field).as_deref(), Some("entityId"));
    }
}
