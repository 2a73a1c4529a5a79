//! The site's vocabulary: entity types, their metrics (exact camelCase names),
//! reaction aliases, and the `metrics:{type}:{id}` topic format.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Model,
    Image,
    Post,
    /// A voting-feed item ("Expose Corner"), changed mostly by user mutations.
    Expose,
}

/// How the emitter moves a metric; drives realistic delta sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// Downloads, views, tips: mostly +1, sometimes +2..+5.
    Volume,
    /// Reactions: mostly +1, sometimes -1 (an un-react), never below zero.
    Reaction,
    /// Comments, collections: +1.
    Count,
    /// Up/down votes: only user mutations move them, never the emitter.
    Vote,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub name: &'static str,
    /// The capitalised name the real site's reaction events use (`"Like": 1`).
    pub alias: Option<&'static str>,
    pub kind: MetricKind,
    /// Typical size relative to the entity's popularity, for initial values.
    pub share: f64,
}

const fn metric(name: &'static str, kind: MetricKind, share: f64) -> Metric {
    Metric {
        name,
        alias: None,
        kind,
        share,
    }
}

const fn reaction(name: &'static str, alias: &'static str, share: f64) -> Metric {
    Metric {
        name,
        alias: Some(alias),
        kind: MetricKind::Reaction,
        share,
    }
}

const MODEL_METRICS: &[Metric] = &[
    metric("downloadCount", MetricKind::Volume, 1.0),
    metric("collectedCount", MetricKind::Count, 0.12),
    metric("thumbsUpCount", MetricKind::Reaction, 0.15),
    metric("commentCount", MetricKind::Count, 0.02),
    metric("tippedAmount", MetricKind::Volume, 0.06),
];

const IMAGE_METRICS: &[Metric] = &[
    reaction("likeCount", "Like", 0.35),
    reaction("heartCount", "Heart", 0.15),
    reaction("laughCount", "Laugh", 0.04),
    reaction("cryCount", "Cry", 0.02),
    metric("commentCount", MetricKind::Count, 0.03),
    metric("collectedCount", MetricKind::Count, 0.06),
];

const POST_METRICS: &[Metric] = &[
    metric("reactionCount", MetricKind::Reaction, 0.12),
    metric("commentCount", MetricKind::Count, 0.02),
    metric("viewCount", MetricKind::Volume, 1.0),
];

const EXPOSE_METRICS: &[Metric] = &[
    metric("views", MetricKind::Volume, 1.0),
    metric("comments", MetricKind::Count, 0.02),
    metric("upvotes", MetricKind::Vote, 0.08),
    metric("downvotes", MetricKind::Vote, 0.012),
    metric("shares", MetricKind::Count, 0.015),
];

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Model,
        EntityType::Image,
        EntityType::Post,
        EntityType::Expose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Model => "Model",
            EntityType::Image => "Image",
            EntityType::Post => "Post",
            EntityType::Expose => "Expose",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Metrics in display order; truth values are stored in this order.
    pub fn metrics(self) -> &'static [Metric] {
        match self {
            EntityType::Model => MODEL_METRICS,
            EntityType::Image => IMAGE_METRICS,
            EntityType::Post => POST_METRICS,
            EntityType::Expose => EXPOSE_METRICS,
        }
    }

    /// Index of a metric by its name or its alias.
    pub fn metric_index(self, name: &str) -> Option<usize> {
        self.metrics()
            .iter()
            .position(|m| m.name == name || m.alias == Some(name))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for EntityType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One entity: `Image:5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKey {
    pub entity_type: EntityType,
    pub id: u32,
}

const TOPIC_PREFIX: &str = "metrics:";

impl EntityKey {
    pub fn new(entity_type: EntityType, id: u32) -> Self {
        Self { entity_type, id }
    }

    pub fn topic(&self) -> String {
        format!("{TOPIC_PREFIX}{self}")
    }

    /// Parses `metrics:{type}:{id}`; only the canonical spelling matches, so
    /// `metrics:Image:05` stays a distinct (unknown) topic.
    pub fn from_topic(topic: &str) -> Option<Self> {
        let rest = topic.strip_prefix(TOPIC_PREFIX)?;
        let (ty, id) = rest.split_once(':')?;
        let key = Self::new(EntityType::parse(ty)?, id.parse().ok()?);
        (key.id.to_string() == id).then_some(key)
    }
}

/// `Image:5`, also the key format of `/api/truth`.
impl fmt::Display for EntityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.entity_type, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_exact() {
        let names = |t: EntityType| t.metrics().iter().map(|m| m.name).collect::<Vec<_>>();
        assert_eq!(
            names(EntityType::Model),
            [
                "downloadCount",
                "collectedCount",
                "thumbsUpCount",
                "commentCount",
                "tippedAmount"
            ]
        );
        assert_eq!(
            names(EntityType::Image),
            [
                "likeCount",
                "heartCount",
                "laughCount",
                "cryCount",
                "commentCount",
                "collectedCount"
            ]
        );
        assert_eq!(
            names(EntityType::Post),
            ["reactionCount", "commentCount", "viewCount"]
        );
        assert_eq!(
            names(EntityType::Expose),
            ["views", "comments", "upvotes", "downvotes", "shares"]
        );
    }

    #[test]
    fn aliases_resolve() {
        let img = EntityType::Image;
        assert_eq!(img.metric_index("Like"), img.metric_index("likeCount"));
        assert_eq!(img.metric_index("Cry"), Some(3));
        assert_eq!(img.metric_index("like"), None);
        assert_eq!(EntityType::Model.metric_index("Like"), None);
    }

    #[test]
    fn topics_round_trip() {
        let key = EntityKey::new(EntityType::Image, 5);
        assert_eq!(key.topic(), "metrics:Image:5");
        assert_eq!(EntityKey::from_topic("metrics:Image:5"), Some(key));
        for bad in [
            "metrics:Image:05",
            "metrics:Video:1",
            "metrics:Image",
            "Image:5",
            "metrics:Image:-1",
            "metrics:Image:+5",
        ] {
            assert_eq!(EntityKey::from_topic(bad), None, "{bad}");
        }
    }
}
