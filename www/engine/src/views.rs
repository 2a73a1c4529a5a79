//! JSON views of the truth for the HTTP API, serialised straight from the
//! catalog. Metric values are integers in practice, so they are written as
//! JSON integers (`12`, not `12.0`) whenever that is exact.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::catalog::{Catalog, Entity};
use crate::project_views::{truth_key, ProjectCounts, ProjectItem};
use crate::projects::Projects;
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

/// `{ entityType, entityId, version, metrics }` for `/api/metrics/...`;
/// `version` is the last `seq` the values include.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityMetrics<'a> {
    pub entity_type: EntityType,
    pub entity_id: u32,
    pub version: u64,
    pub metrics: MetricsView<'a>,
}

impl<'a> EntityMetrics<'a> {
    pub fn of(entity: &'a Entity) -> Self {
        Self {
            entity_type: entity.key.entity_type,
            entity_id: entity.key.id,
            version: entity.version,
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
    version: u64,
    metrics: MetricsView<'a>,
}

impl<'a> FeedItem<'a> {
    fn of(e: &'a Entity) -> Self {
        Self {
            entity_type: e.key.entity_type,
            entity_id: e.key.id,
            title: &e.title,
            author: &e.author,
            version: e.version,
            metrics: MetricsView(e),
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum AnyItem<'a> {
    Entity(FeedItem<'a>),
    Project(ProjectItem<'a>),
}

/// Everything the API lists, read under one lock: entities and projects.
#[derive(Clone, Copy)]
pub struct World<'a> {
    pub catalog: &'a Catalog,
    pub projects: &'a Projects,
}

/// `{ "items": [...] }`: the catalog's stable feed order, with projects
/// spread evenly through it (without disturbing that order).
pub struct FeedView<'a>(pub World<'a>);

impl Serialize for FeedView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("items", &FeedItems(self.0))?;
        map.end()
    }
}

struct FeedItems<'a>(World<'a>);

impl Serialize for FeedItems<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let World { catalog, projects } = self.0;
        let (n, m) = (catalog.feed_len(), projects.len());
        // Project j goes before entity (j + 1) * n / (m + 1) of the feed.
        let mut next = projects.iter().enumerate().peekable();
        let mut items = Vec::with_capacity(n + m);
        for (i, e) in catalog.feed().enumerate() {
            while let Some((_, p)) = next.next_if(|(j, _)| (j + 1) * n / (m + 1) <= i) {
                items.push(AnyItem::Project(ProjectItem::feed(p)));
            }
            items.push(AnyItem::Entity(FeedItem::of(e)));
        }
        items.extend(next.map(|(_, p)| AnyItem::Project(ProjectItem::feed(p))));
        s.collect_seq(items)
    }
}

/// `{ "items": [...] }`: every expose by id, shaped like feed items.
pub struct ExposesView<'a>(pub &'a Catalog);

impl Serialize for ExposesView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items: Vec<FeedItem<'_>> = self
            .0
            .of_type(EntityType::Expose)
            .map(FeedItem::of)
            .collect();
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("items", &items)?;
        map.end()
    }
}

/// `{ "Model:1": {...}, "Image:7": {...}, "Project:project-1": {...} }`.
pub struct TruthView<'a>(pub World<'a>);

impl Serialize for TruthView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let World { catalog, projects } = self.0;
        let mut map = s.serialize_map(Some(catalog.len() + projects.len()))?;
        for e in catalog.iter() {
            map.serialize_entry(&e.key.to_string(), &MetricsView(e))?;
        }
        for p in projects.iter() {
            map.serialize_entry(&truth_key(p), &ProjectCounts(p))?;
        }
        map.end()
    }
}

/// `{ "Model:1": 17, …, "Project:project-1": 4 }`: every entity's version.
pub struct VersionsView<'a>(pub World<'a>);

impl Serialize for VersionsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let World { catalog, projects } = self.0;
        let mut map = s.serialize_map(Some(catalog.len() + projects.len()))?;
        for e in catalog.iter() {
            map.serialize_entry(&e.key.to_string(), &e.version)?;
        }
        for p in projects.iter() {
            map.serialize_entry(&truth_key(p), &p.version)?;
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
