//! What a topic follows: a numeric entity (`metrics:Image:5`) or a project
//! (`metrics:Project:project-3`, string ids, absolute snapshots).

use crate::vocab::EntityKey;

/// The entity type name projects use on the wire and in the API.
pub const PROJECT_TYPE: &str = "Project";
const PROJECT_TOPIC_PREFIX: &str = "metrics:Project:";
const PROJECT_ID_PREFIX: &str = "project-";
/// The canonical topic prefix, and the one the site's newer code writes.
const TOPIC_PREFIX: &str = "metrics:";
const SITE_PREFIX: &str = "Metric:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Entity(EntityKey),
    /// A project by number: `project-3` is 3.
    Project(u32),
}

impl Target {
    /// Parses a topic; only canonical spellings match, under either prefix
    /// the seed site has used (`metrics:Image:5`, `Metric:Image:5`).
    pub fn from_topic(topic: &str) -> Option<Self> {
        let topic = canonical_topic(topic);
        let topic = topic.as_str();
        if let Some(key) = EntityKey::from_topic(topic) {
            return Some(Self::Entity(key));
        }
        let id = topic.strip_prefix(PROJECT_TOPIC_PREFIX)?;
        parse_project_id(id).map(Self::Project)
    }
}

/// A topic under the site's newer prefix (`Metric:Image:5`) as the engine
/// keeps it (`metrics:Image:5`): one subscription, whichever a client writes.
pub fn canonical_topic(topic: &str) -> String {
    match topic.strip_prefix(SITE_PREFIX) {
        Some(rest) => [TOPIC_PREFIX, rest].concat(),
        None => topic.to_string(),
    }
}

/// `project-3`.
pub fn project_id(number: u32) -> String {
    format!("{PROJECT_ID_PREFIX}{number}")
}

/// `metrics:Project:project-3`.
pub fn project_topic(number: u32) -> String {
    format!("{PROJECT_TOPIC_PREFIX}{PROJECT_ID_PREFIX}{number}")
}

/// `project-3` → 3; rejects `project-03`, `project-0`, `project-+3`.
pub fn parse_project_id(id: &str) -> Option<u32> {
    let digits = id.strip_prefix(PROJECT_ID_PREFIX)?;
    let number: u32 = digits.parse().ok()?;
    (number > 0 && number.to_string() == digits).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::EntityType;

    #[test]
    fn topics_round_trip() {
        assert_eq!(project_topic(3), "metrics:Project:project-3");
        assert_eq!(project_id(12), "project-12");
        assert_eq!(
            Target::from_topic("metrics:Project:project-3"),
            Some(Target::Project(3))
        );
        assert_eq!(
            Target::from_topic("metrics:Image:5"),
            Some(Target::Entity(EntityKey::new(EntityType::Image, 5)))
        );
        assert_eq!(
            Target::from_topic("Metric:Image:5"),
            Target::from_topic("metrics:Image:5"),
            "the site's newer prefix"
        );
        assert_eq!(
            Target::from_topic("Metric:Project:project-3"),
            Some(Target::Project(3))
        );
        for bad in [
            "metrics:Project:project-03",
            "metrics:Project:project-0",
            "metrics:Project:project-+3",
            "metrics:Project:3",
            "metrics:Project:project-",
            "Project:project-3",
        ] {
            assert_eq!(Target::from_topic(bad), None, "{bad}");
        }
    }
}
