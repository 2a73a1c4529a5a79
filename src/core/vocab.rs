//! The vocabulary: entity type and metric names ↔ small integer codes.
//!
//! Codes are what cross the wasm boundary on hot paths; names are resolved
//! once (the JS layer caches them). The seed site's 10 entity types and its
//! metric types (the seed's 26 and the 12 its code uses today) are built
//! in; apps register more at run time, and names first seen in a write are
//! learned (up to [`MAX_LEARNED`]) unless the store is strict.

use hashbrown::HashMap;

use super::error::{InputError, Reason};

/// Code of an entity type (`Image`, `Model`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeCode(pub u16);

/// Code of a metric type (`likeCount`, …). Aliases resolve to the same code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricCode(pub u16);

pub const BUILTIN_ENTITY_TYPES: [&str; 10] = [
    "User",
    "Model",
    "ModelVersion",
    "Post",
    "Image",
    "Collection",
    "Tag",
    "Article",
    "Bounty",
    "BountyEntry",
];

pub const BUILTIN_METRIC_TYPES: [&str; 39] = [
    "followerCount",
    "followingCount",
    "hiddenCount",
    "reactionCount",
    "downloadCount",
    "collectedCount",
    "commentCount",
    "imageCount",
    "ratingCount",
    "thumbsUpCount",
    "thumbsDownCount",
    "tippedAmount",
    "tippedCount",
    "likeCount",
    "dislikeCount",
    "heartCount",
    "laughCount",
    "cryCount",
    "viewCount",
    "itemCount",
    "contributorCount",
    "favoriteCount",
    "trackCount",
    "entryCount",
    "benefactorCount",
    "unitAmount",
    // The site's names since the seed (its `MetricType`, and what its engine sends).
    "articleCount",
    "bountyCount",
    "generationCount",
    "uploadCount",
    "earnedAmount",
    "tippedAmountCount",
    "tipsGivenAmount",
    "tipsGivenCount",
    "modelCount",
    "postCount",
    "hideCount",
    "remixCount",
    // Derived on a content owner (seed 002).
    "engagementScore",
];

/// Reaction names as the site's events carry them, and the metric each feeds.
pub const BUILTIN_ALIASES: [(&str, &str); 6] = [
    ("Like", "likeCount"),
    ("Dislike", "dislikeCount"),
    ("Heart", "heartCount"),
    ("Laugh", "laughCount"),
    ("Cry", "cryCount"),
    // The site's engine sends image collections raw.
    ("Collection", "collectedCount"),
];

/// Fields of a `metric:update` payload that are not metrics: an app call
/// that passes a whole payload (as the site's handler does) ignores them;
/// `seq`, `eventId` and `mutationId` count as the write's meta.
pub const PAYLOAD_FIELDS: [&str; 11] = [
    "entityType",
    "entityId",
    "userId",
    "updates",
    "eventId",
    "seq",
    "version",
    "mutationId",
    "timestamp",
    "type",
    "topic",
];

/// `Object.prototype` members: a name like `constructor` is a bug, not a metric.
pub const OBJECT_MEMBERS: [&str; 8] = [
    "constructor",
    "prototype",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
];

/// Names a metric can never have.
fn reserved(name: &str) -> bool {
    PAYLOAD_FIELDS.contains(&name) || OBJECT_MEMBERS.contains(&name) || name == "__proto__"
}

/// Metric names learned from writes, at most (remote input can't exhaust
/// the vocabulary).
pub const MAX_LEARNED: usize = 256;

/// At most this many names of each kind (codes are u16; this bounds memory).
pub const MAX_NAMES: usize = 4096;
pub const MAX_NAME_LEN: usize = 64;

#[derive(Debug, Clone)]
pub struct Vocab {
    entity_names: Vec<Box<str>>,
    entity_codes: HashMap<Box<str>, TypeCode>,
    metric_names: Vec<Box<str>>,
    /// Metric names and aliases → code.
    metric_codes: HashMap<Box<str>, MetricCode>,
    aliases: Vec<(Box<str>, MetricCode)>,
    /// Metric names learned from writes (not registered).
    learned: u32,
}

impl Default for Vocab {
    fn default() -> Self {
        Self::new()
    }
}

impl Vocab {
    /// The built-in vocabulary.
    pub fn new() -> Self {
        let mut v = Vocab {
            entity_names: Vec::new(),
            entity_codes: HashMap::new(),
            metric_names: Vec::new(),
            metric_codes: HashMap::new(),
            aliases: Vec::new(),
            learned: 0,
        };
        for name in BUILTIN_ENTITY_TYPES {
            v.push_entity_type(name);
        }
        for name in BUILTIN_METRIC_TYPES {
            v.push_metric(name);
        }
        for (alias, metric) in BUILTIN_ALIASES {
            if let Some(code) = v.metric_code(metric) {
                v.metric_codes.insert(alias.into(), code);
                v.aliases.push((alias.into(), code));
            }
        }
        v
    }

    fn push_entity_type(&mut self, name: &str) -> TypeCode {
        let code = TypeCode(u16::try_from(self.entity_names.len()).unwrap_or(u16::MAX));
        self.entity_names.push(name.into());
        self.entity_codes.insert(name.into(), code);
        code
    }

    fn push_metric(&mut self, name: &str) -> MetricCode {
        let code = MetricCode(u16::try_from(self.metric_names.len()).unwrap_or(u16::MAX));
        self.metric_names.push(name.into());
        self.metric_codes.insert(name.into(), code);
        code
    }

    pub fn entity_type_code(&self, name: &str) -> Option<TypeCode> {
        self.entity_codes.get(name).copied()
    }

    pub fn entity_type_name(&self, code: TypeCode) -> Option<&str> {
        self.entity_names.get(usize::from(code.0)).map(|n| &**n)
    }

    /// A metric name or an alias → the metric's code.
    pub fn metric_code(&self, name: &str) -> Option<MetricCode> {
        self.metric_codes.get(name).copied()
    }

    /// The canonical name of a metric (never an alias).
    pub fn metric_name(&self, code: MetricCode) -> Option<&str> {
        self.metric_names.get(usize::from(code.0)).map(|n| &**n)
    }

    pub fn entity_type_count(&self) -> usize {
        self.entity_names.len()
    }

    pub fn metric_count(&self) -> usize {
        self.metric_names.len()
    }

    pub fn entity_type_names(&self) -> impl Iterator<Item = &str> {
        self.entity_names.iter().map(|n| &**n)
    }

    pub fn metric_names(&self) -> impl Iterator<Item = &str> {
        self.metric_names.iter().map(|n| &**n)
    }

    pub fn aliases(&self) -> impl Iterator<Item = (&str, MetricCode)> {
        self.aliases.iter().map(|(a, c)| (&**a, *c))
    }

    /// Registers an entity type; registering a known one returns its code.
    pub fn register_entity_type(&mut self, name: &str) -> Result<TypeCode, InputError> {
        if let Some(code) = self.entity_type_code(name) {
            return Ok(code);
        }
        check_name("entityType", name)?;
        if self.entity_names.len() >= MAX_NAMES {
            return Err(InputError::new(
                "entityType",
                Reason::CapacityExceeded("at most 4096 entity types"),
            ));
        }
        Ok(self.push_entity_type(name))
    }

    /// Registers a metric type; registering a known one returns its code.
    pub fn register_metric(&mut self, name: &str) -> Result<MetricCode, InputError> {
        if self.aliases.iter().any(|(a, _)| &**a == name) {
            return Err(InputError::new(
                "metricType",
                Reason::AlreadyAlias(name.to_string()),
            ));
        }
        if let Some(code) = self.metric_code(name) {
            return Ok(code);
        }
        check_name("metricType", name)?;
        if self.metric_names.len() >= MAX_NAMES {
            return Err(InputError::new(
                "metricType",
                Reason::CapacityExceeded("at most 4096 metric types"),
            ));
        }
        Ok(self.push_metric(name))
    }

    /// Makes `alias` a second name of `metric` (as `Like` is of `likeCount`).
    /// A metric name first seen in a write: registered if it is a valid
    /// name and fewer than [`MAX_LEARNED`] were learned; else `None`.
    pub fn learn_metric(&mut self, name: &str) -> Option<MetricCode> {
        if let Some(code) = self.metric_code(name) {
            return Some(code);
        }
        if self.learned as usize >= MAX_LEARNED || check_name("metricType", name).is_err() {
            return None;
        }
        let code = self.register_metric(name).ok()?;
        self.learned = self.learned.saturating_add(1);
        Some(code)
    }

    /// How many metric names were learned from writes.
    pub fn learned_count(&self) -> u32 {
        self.learned
    }

    pub fn register_alias(&mut self, alias: &str, metric: &str) -> Result<MetricCode, InputError> {
        let target = self.metric_code(metric).ok_or_else(|| {
            InputError::new("metricType", Reason::UnknownMetric(metric.to_string()))
        })?;
        if let Some((_, existing)) = self.aliases.iter().find(|(a, _)| &**a == alias) {
            if *existing == target {
                return Ok(target);
            }
            return Err(InputError::new(
                "alias",
                Reason::AliasOfOther(alias.to_string()),
            ));
        }
        if self.metric_code(alias).is_some() {
            return Err(InputError::new(
                "alias",
                Reason::AlreadyMetric(alias.to_string()),
            ));
        }
        check_name("alias", alias)?;
        if self.aliases.len() >= MAX_NAMES {
            return Err(InputError::new(
                "alias",
                Reason::CapacityExceeded("at most 4096 aliases"),
            ));
        }
        self.metric_codes.insert(alias.into(), target);
        self.aliases.push((alias.into(), target));
        Ok(target)
    }
}

/// Names to register in one all-or-nothing call.
#[derive(Debug, Clone, Default)]
pub struct Registration<'a> {
    pub entity_types: &'a [String],
    pub metric_types: &'a [String],
    /// `(alias, metric)` pairs.
    pub aliases: &'a [(String, String)],
}

impl Vocab {
    /// Registers everything or nothing: a bad name leaves the vocabulary as it was.
    pub fn register_all(&mut self, names: &Registration<'_>) -> Result<(), InputError> {
        let mut next = self.clone();
        for name in names.entity_types {
            next.register_entity_type(name)?;
        }
        for name in names.metric_types {
            next.register_metric(name)?;
        }
        for (alias, metric) in names.aliases {
            next.register_alias(alias, metric)?;
        }
        *self = next;
        Ok(())
    }
}

/// Names are identifiers: they become parts of keys (`Type:id:metric`) and
/// object property names in JS, so no `:` and nothing that shadows a builtin.
fn check_name(field: &str, name: &str) -> Result<(), InputError> {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !starts_with_letter || !rest_ok || name.len() > MAX_NAME_LEN {
        return Err(InputError::new(
            field,
            Reason::InvalidName(name.to_string()),
        ));
    }
    if reserved(name) {
        return Err(InputError::new(
            field,
            Reason::ReservedName(name.to_string()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_have_stable_codes() {
        let v = Vocab::new();
        assert_eq!(v.entity_type_count(), 10);
        assert_eq!(v.metric_count(), 39);
        assert_eq!(v.entity_type_code("Image"), Some(TypeCode(4)));
        assert_eq!(v.metric_code("likeCount"), Some(MetricCode(13)));
        assert_eq!(v.metric_name(MetricCode(13)), Some("likeCount"));
    }

    #[test]
    fn aliases_resolve_to_their_metric() {
        let v = Vocab::new();
        for (alias, metric) in BUILTIN_ALIASES {
            assert_eq!(v.metric_code(alias), v.metric_code(metric));
        }
        assert_eq!(
            v.metric_name(v.metric_code("Heart").unwrap()),
            Some("heartCount")
        );
    }

    #[test]
    fn registration_is_idempotent_and_validated() {
        let mut v = Vocab::new();
        let p = v.register_entity_type("Project").unwrap();
        assert_eq!(v.register_entity_type("Project").unwrap(), p);
        assert_eq!(v.register_entity_type("Image").unwrap(), TypeCode(4));
        let m = v.register_metric("imageSegmentedCount").unwrap();
        assert_eq!(v.metric_name(m), Some("imageSegmentedCount"));
        for bad in [
            "",
            "1abc",
            "a:b",
            "has space",
            "__proto__",
            "constructor",
            "entityId",
        ] {
            assert!(v.register_metric(bad).is_err(), "{bad}");
            assert!(v.register_entity_type(bad).is_err(), "{bad}");
        }
        assert!(v.register_metric(&"a".repeat(65)).is_err());
        assert!(v.register_metric("Like").is_err());
    }

    #[test]
    fn register_all_is_all_or_nothing() {
        let mut v = Vocab::new();
        let bad = Registration {
            entity_types: &["Project".to_string(), "no good".to_string()],
            ..Registration::default()
        };
        assert!(v.register_all(&bad).is_err());
        assert_eq!(v.entity_type_code("Project"), None);
        let good = Registration {
            entity_types: &["Project".to_string()],
            metric_types: &["segmentedCount".to_string()],
            aliases: &[("Segmented".to_string(), "segmentedCount".to_string())],
        };
        v.register_all(&good).unwrap();
        assert_eq!(v.metric_code("Segmented"), v.metric_code("segmentedCount"));
    }

    #[test]
    fn alias_rules() {
        let mut v = Vocab::new();
        assert_eq!(
            v.register_alias("Like", "likeCount").unwrap(),
            MetricCode(13)
        );
        assert!(v.register_alias("Like", "heartCount").is_err());
        assert!(v.register_alias("viewCount", "likeCount").is_err());
        assert!(v.register_alias("Wow", "nope").is_err());
        let c = v.register_alias("Wow", "heartCount").unwrap();
        assert_eq!(v.metric_code("Wow"), Some(c));
    }
}
