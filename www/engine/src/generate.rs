//! Generated content for one entity: title, author and initial metric values.
//! Only the catalog calls this, once per entity, in id order, so the same seed
//! always yields the same catalog.

use crate::catalog::Entity;
use crate::prng::Prng;
use crate::vocab::{EntityKey, EntityType, MetricKind};

#[rustfmt::skip]
pub(crate) mod words {
    pub const ADJECTIVES: &[&str] = &[
        "Aurora", "Velvet", "Neon", "Ember", "Lumen", "Solstice", "Nebula", "Crimson", "Frost",
        "Cobalt", "Saffron", "Onyx", "Willow", "Zephyr", "Halcyon", "Mirage", "Quartz", "Verdant",
    ];
    pub const MODEL_KINDS: &[&str] = &["LoRA", "Checkpoint", "Embedding", "VAE", "LyCORIS", "Merge"];
    pub const SUBJECTS: &[&str] = &[
        "harbor", "forest", "skyline", "portrait", "dragon", "garden", "lighthouse", "cathedral",
        "desert", "koi pond", "train station", "greenhouse",
    ];
    pub const SETTINGS: &[&str] = &[
        "at dusk", "in the rain", "at dawn", "under neon", "in winter", "after the storm", "in fog",
    ];
    pub const POST_OPENERS: &[&str] = &[
        "Weekly showcase", "Process breakdown", "First try", "Style study", "Lighting tests",
        "Behind the prompt",
    ];
    pub const EXPOSE_OPENERS: &[&str] = &[
        "Inside the", "Who really owns the", "Leaked files on the", "The hidden cost of the",
        "Follow the money: the", "What nobody says about the",
    ];
    pub const EXPOSE_TAILS: &[&str] = &["deal", "scandal", "cover-up", "contract", "audit", "budget"];
    pub const HANDLE_HEADS: &[&str] = &[
        "pixel", "neon", "moss", "lumen", "velvet", "static", "cobalt", "paper", "quiet", "ember",
    ];
    pub const HANDLE_TAILS: &[&str] = &["witch", "fox", "forge", "otter", "crane", "smith", "moth", "drift"];
}

use words::*;

pub fn entity(rng: &mut Prng, key: EntityKey) -> Entity {
    let pick = |rng: &mut Prng, words: &[&'static str]| rng.pick(words).copied().unwrap_or("");
    let title = match key.entity_type {
        EntityType::Model => format!("{} {}", pick(rng, ADJECTIVES), pick(rng, MODEL_KINDS)),
        EntityType::Image => format!(
            "{} {} {}",
            pick(rng, ADJECTIVES),
            pick(rng, SUBJECTS),
            pick(rng, SETTINGS)
        ),
        EntityType::Post => format!(
            "{}: {} {}",
            pick(rng, POST_OPENERS),
            pick(rng, SUBJECTS),
            pick(rng, SETTINGS)
        ),
        EntityType::Expose => format!(
            "{} {} {}",
            pick(rng, EXPOSE_OPENERS),
            pick(rng, SUBJECTS),
            pick(rng, EXPOSE_TAILS)
        ),
    };
    let mut author = format!("{}{}", pick(rng, HANDLE_HEADS), pick(rng, HANDLE_TAILS));
    if rng.chance(0.5) {
        author.push_str(&rng.between(2, 99).to_string());
    }

    // Popularity is heavy-tailed: most entities are small, a few go viral, so
    // the UI gets to show plain numbers as well as 1.2k and 3.4M.
    let tier = rng.unit();
    let exponent = if tier < 0.70 {
        rng.range_f64(1.5, 3.0)
    } else if tier < 0.92 {
        rng.range_f64(3.0, 4.5)
    } else {
        rng.range_f64(4.5, 6.8)
    };
    let popularity = 10f64.powf(exponent);
    let values = key
        .entity_type
        .metrics()
        .iter()
        .map(|m| {
            let jitter = rng.range_f64(0.5, 1.5);
            let floor = if m.kind == MetricKind::Volume {
                1.0
            } else {
                0.0
            };
            (popularity * m.share * jitter).round().max(floor)
        })
        .collect();

    Entity {
        key,
        title: format!("{} #{} · {}", key.entity_type, key.id, title),
        author,
        values,
        version: 0,
    }
}
