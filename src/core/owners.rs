//! Derived user metrics (seed 002): which user owns which content, and the
//! figures an owner's content earns it, kept live in the core.
//!
//! Each delta counted on an owned entity (after replay dedupe and base
//! coverage) adds to its owner's derived keys at once, in the same call:
//! `engagementScore` by the seed's weights (downloads 1, generations 2,
//! hearts 0.5, comments 1.5, any other metric 0.1), and the totals received
//! (`downloadCount`, `generationCount`, `reactionCount`, `thumbsUpCount`).
//! An upload counts the entity once toward `uploadCount` and its type's
//! count. What an entity has earned its owner moves with it when it changes
//! hands — the server joins events to the *current* owner. The derived keys
//! are ordinary keys of the `User` entity: bases, watermarks, listeners and
//! eviction apply to them like to any other (their deltas are stamped in
//! receive order, so a base fetched as of a `markRefetch` token covers them).
//! O(1) per delta: one lookup of the entity's owner, a few additions.

use hashbrown::HashMap;

use super::entity_id::{EntityId, EntityIdRef};
use super::vocab::{MetricCode, TypeCode, Vocab};

/// The seed's engagement weights, by metric name; every other metric weighs [`OTHER_WEIGHT`].
pub const DEFAULT_WEIGHTS: [(&str, f64); 4] = [
    ("downloadCount", 1.0),
    ("generationCount", 2.0),
    ("heartCount", 0.5),
    ("commentCount", 1.5),
];
pub const OTHER_WEIGHT: f64 = 0.1;

/// Reactions an owner receives (`reactionCount`).
const REACTIONS: [&str; 5] = [
    "likeCount",
    "dislikeCount",
    "heartCount",
    "laughCount",
    "cryCount",
];
/// Totals an owner receives under the same name.
const RECEIVED: [&str; 3] = ["downloadCount", "generationCount", "thumbsUpCount"];
/// Upload counts by content type.
const UPLOADS: [(&str, &str); 3] = [
    ("Model", "modelCount"),
    ("Post", "postCount"),
    ("Image", "imageCount"),
];

/// A content entity.
type Key = (TypeCode, EntityId);

/// The codes the derivation needs, resolved once from the vocabulary.
#[derive(Debug, Clone)]
struct Codes {
    user: TypeCode,
    engagement: MetricCode,
    reactions: MetricCode,
    upload: MetricCode,
    reaction_metrics: Vec<MetricCode>,
    received: Vec<MetricCode>,
    uploads: Vec<(TypeCode, MetricCode)>,
}

impl Codes {
    fn resolve(vocab: &mut Vocab) -> Option<Codes> {
        let m = |v: &mut Vocab, name: &str| {
            v.metric_code(name).or_else(|| v.register_metric(name).ok())
        };
        Some(Codes {
            user: vocab.entity_type_code("User")?,
            engagement: m(vocab, "engagementScore")?,
            reactions: m(vocab, "reactionCount")?,
            upload: m(vocab, "uploadCount")?,
            reaction_metrics: REACTIONS
                .iter()
                .filter_map(|n| vocab.metric_code(n))
                .collect(),
            received: RECEIVED
                .iter()
                .filter_map(|n| vocab.metric_code(n))
                .collect(),
            uploads: UPLOADS
                .iter()
                .filter_map(|(t, n)| Some((vocab.entity_type_code(t)?, vocab.metric_code(n)?)))
                .collect(),
        })
    }
}

/// Owners and what each entity has earned its current owner.
#[derive(Debug, Clone, Default)]
pub struct Owners {
    codes: Option<Codes>,
    /// Engagement weight by metric code (others: `other`).
    weights: HashMap<MetricCode, f64>,
    other: f64,
    owner: HashMap<Key, u64>,
    /// Per entity: derived metric → amount earned for its current owner.
    earned: HashMap<Key, Vec<(MetricCode, f64)>>,
    uploaded: HashMap<Key, ()>,
}

impl Owners {
    /// Whether any entity has an owner (writes check this once).
    pub fn any(&self) -> bool {
        !self.owner.is_empty()
    }

    pub fn owner_of(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<u64> {
        self.owner.get(&(ty, id.to_owned_id())).copied()
    }

    /// The users that own something (the page's creators), for ranks.
    pub fn users(&self) -> impl Iterator<Item = u64> + '_ {
        let mut seen: Vec<u64> = self.owner.values().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
    }

    fn codes(&mut self, vocab: &mut Vocab) -> Option<&Codes> {
        if self.codes.is_none() {
            self.codes = Codes::resolve(vocab);
            if self.weights.is_empty() {
                self.other = OTHER_WEIGHT;
                for (name, w) in DEFAULT_WEIGHTS {
                    if let Some(c) = vocab.metric_code(name) {
                        self.weights.insert(c, w);
                    }
                }
            }
        }
        self.codes.as_ref()
    }

    /// Replaces the engagement weights (`other` for every metric not listed).
    pub fn set_weights(&mut self, weights: &[(MetricCode, f64)], other: f64) {
        self.weights = weights.iter().copied().collect();
        self.other = other;
    }

    /// The user type's code (once the vocabulary is resolved).
    pub fn user_type(&mut self, vocab: &mut Vocab) -> Option<TypeCode> {
        self.codes(vocab).map(|c| c.user)
    }

    /// What a counted delta `d` on `metric` earns an owner: `(derived metric, amount)`.
    pub fn earnings(
        &mut self,
        vocab: &mut Vocab,
        metric: MetricCode,
        d: f64,
        out: &mut Vec<(MetricCode, f64)>,
    ) {
        let weight = self.weights.get(&metric).copied().unwrap_or(self.other);
        let Some(c) = self.codes(vocab) else {
            return;
        };
        out.push((c.engagement, weight * d));
        if c.reaction_metrics.contains(&metric) {
            out.push((c.reactions, d));
        }
        if c.received.contains(&metric) {
            out.push((metric, d));
        }
    }

    /// Adds `amounts` to what the entity has earned its owner.
    pub fn earn(&mut self, ty: TypeCode, id: EntityIdRef<'_>, amounts: &[(MetricCode, f64)]) {
        let ledger = self.earned.entry((ty, id.to_owned_id())).or_default();
        for &(m, a) in amounts {
            match ledger.iter_mut().find(|(x, _)| *x == m) {
                Some(entry) => entry.1 += a,
                None => ledger.push((m, a)),
            }
        }
    }

    /// Sets the entity's owner; returns the previous one and what the
    /// entity had earned (to move from it to the new owner).
    pub fn set_owner(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        user: u64,
    ) -> (Option<u64>, Vec<(MetricCode, f64)>) {
        let key = (ty, id.to_owned_id());
        let previous = self.owner.insert(key.clone(), user);
        if previous == Some(user) {
            return (previous, Vec::new());
        }
        let earned = self.earned.get(&key).cloned().unwrap_or_default();
        (previous, earned)
    }

    /// An upload of the entity: what it earns its owner the first time
    /// (`uploadCount` and its type's count); nothing if it was counted.
    pub fn upload(
        &mut self,
        vocab: &mut Vocab,
        ty: TypeCode,
        id: EntityIdRef<'_>,
    ) -> Vec<(MetricCode, f64)> {
        let key = (ty, id.to_owned_id());
        if self.uploaded.insert(key, ()).is_some() {
            return Vec::new();
        }
        let Some(c) = self.codes(vocab) else {
            return Vec::new();
        };
        let mut out = vec![(c.upload, 1.0)];
        if let Some(&(_, per_type)) = c.uploads.iter().find(|(t, _)| *t == ty) {
            out.push((per_type, 1.0));
        }
        out
    }
}
