//! JSON views of projects for the HTTP API: feed items, `/api/metrics`, and
//! the counters `/api/truth` lists.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::clock::iso8601;
use crate::project_stats::STAT_NAMES;
use crate::projects::Project;
use crate::target::{project_id, PROJECT_TYPE};

/// `{ "imageCount": 120, "segmentedCount": 80, "pendingCount": 30, "failedCount": 10 }`
pub struct ProjectCounts<'a>(pub &'a Project);

impl Serialize for ProjectCounts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(STAT_NAMES.len()))?;
        for (name, value) in STAT_NAMES.iter().zip(self.0.stats.values()) {
            map.serialize_entry(name, &value)?;
        }
        map.end()
    }
}

/// A project as a feed item (with title and author) or for `/api/metrics`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectItem<'a> {
    entity_type: &'static str,
    entity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    version: u64,
    metrics: ProjectCounts<'a>,
    last_updated: String,
    timestamp: u64,
}

impl<'a> ProjectItem<'a> {
    fn new(project: &'a Project, named: bool) -> Self {
        Self {
            entity_type: PROJECT_TYPE,
            entity_id: project_id(project.number),
            title: named.then_some(project.title.as_str()),
            author: named.then_some(project.author.as_str()),
            version: project.version,
            metrics: ProjectCounts(project),
            last_updated: iso8601(project.timestamp),
            timestamp: project.timestamp,
        }
    }

    pub fn feed(project: &'a Project) -> Self {
        Self::new(project, true)
    }

    pub fn metrics(project: &'a Project) -> Self {
        Self::new(project, false)
    }
}

/// `Project:project-3`, the key format of `/api/truth` and `/api/versions`.
pub fn truth_key(project: &Project) -> String {
    format!("{PROJECT_TYPE}:{}", project_id(project.number))
}
