//! JSON views of the truth for the HTTP API, serialised straight from the
//! catalog. Metric values are integers in practice, so they are written as
//! JSON integers (`12`, not `12.0`) whenever that is exact.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::catalog::{Catalog, Entity};
use crate::vocab::EntityType;

/// A metric value, written as an integer when exactly representable.
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        if self.0.fract() == 0.0 && self.0.abs() <= EXACT {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// `{ "downloadCount": 123, ... }` in vocabulary order.
pub struct MetricsView<'a>(pub &'a Entity);

impl Serialize for MetricsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let metrics = self.0.key.entity_type.metrics();
        let mut map = s.serialize_map(Some(metrics.len()))?;
        for (m, v) in metrics.iter().zip(&self.0.values) {
            map.serialize_entry(m.name, &Num(*v))?;
        }
        map.end()
    }
}

/// `{ entityType, entityId, metrics }` for `/api/metrics/...`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityMetrics<'a> {
    pub entity_type: EntityType,
    pub entity_id: u32,
    pub metrics: MetricsView<'a>,
}

impl<'a> EntityMetrics<'a> {
    pub fn of(entity: &'a Entity) -> Self {
        Self {
            entity_type: entity.key.entity_type,
            entity_id: entity.key.id,
            metrics: MetricsView(entity),
        }
    }
}

/// `{ "ok": true, "metrics": {...} }` for `POST /api/events`.
#[derive(Serialize)]
pub struct EventReply<'a> {
    pub ok: bool,
    pub metrics: MetricsView<'a>,
}

/// A feed item: an entity with its title, author and current metrics.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FeedItem<'a> {
    entity_type: EntityType,
    entity_id: u32,
    title: &'a str,
    author: &'a str,
    metrics: MetricsView<'a>,
}

/// `{ "items": [...] }` in the catalog's stable feed order.
pub struct FeedView<'a>(pub &'a Catalog);

impl Serialize for FeedView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("items", &FeedItems(self.0))?;
        map.end()
    }
}

struct FeedItems<'a>(&'a Catalog);

impl Serialize for FeedItems<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.feed().map(|e| FeedItem {
            entity_type: e.key.entity_type,
            entity_id: e.key.id,
            title: &e.title,
            author: &e.author,
            metrics: MetricsView(e),
        }))
    }
}

/// `{ "Model:1": {...}, "Image:7": {...} }` for every entity.
pub struct TruthView<'a>(pub &'a Catalog);

impl Serialize for TruthView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for e in self.0.iter() {
            map.serialize_entry(&e.key.to_string(), &MetricsView(e))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_integers_when_exact() {
        assert_eq!(serde_json::to_string(&Num(12.0)).unwrap(), "12");
        assert_eq!(serde_json::to_string(&Num(-0.0)).unwrap(), "0");
        assert_eq!(serde_json::to_string(&Num(1.5)).unwrap(), "1.5");
        assert_eq!(serde_json::to_string(&Num(1e300)).unwrap(), "1e+300");
    }
}
