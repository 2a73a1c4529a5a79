//! Tests for `catalog`: ids, values, determinism, the feed, updates.

use super::*;

#[test]
fn counts_ids_and_values() {
    let c = Catalog::generate(1, 100, 100, 60, 24);
    assert_eq!(c.len(), 284);
    assert_eq!(c.feed_len(), 260);
    for ty in EntityType::ALL {
        let ids: Vec<u32> = c
            .iter()
            .filter(|e| e.key.entity_type == ty)
            .map(|e| e.key.id)
            .collect();
        let n = match ty {
            EntityType::Model | EntityType::Image => 100,
            EntityType::Post => 60,
            EntityType::Expose => 24,
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
    let c = Catalog::generate(1, 100, 100, 60, 24);
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
    let a = Catalog::generate(7, 10, 10, 10, 5);
    let b = Catalog::generate(7, 10, 10, 10, 5);
    let c = Catalog::generate(8, 10, 10, 10, 5);
    let keys = |x: &Catalog| x.feed().map(|e| e.key).collect::<Vec<_>>();
    assert_eq!(a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
    assert_eq!(keys(&a), keys(&b));
    assert_ne!(a.iter().collect::<Vec<_>>(), c.iter().collect::<Vec<_>>());
}

#[test]
fn feed_is_an_interleaved_permutation() {
    let c = Catalog::generate(1, 100, 100, 60, 24);
    let feed: Vec<EntityKey> = c.feed().map(|e| e.key).collect();
    let mut sorted = feed.clone();
    sorted.sort();
    let not_exposes = c.iter().filter(|e| e.key.entity_type != EntityType::Expose);
    assert_eq!(sorted, not_exposes.map(|e| e.key).collect::<Vec<_>>());
    let first: Vec<EntityType> = feed.iter().take(30).map(|k| k.entity_type).collect();
    assert!(FEED_TYPES.iter().all(|t| first.contains(t)));
}

#[test]
fn exposes_leave_the_feed_as_it_was() {
    let without = Catalog::generate(1, 100, 100, 60, 0);
    let with = Catalog::generate(1, 100, 100, 60, 24);
    assert!(with.feed().eq(without.feed()));
    let exposes: Vec<&Entity> = with.of_type(EntityType::Expose).collect();
    assert_eq!(exposes.len(), 24);
    assert_eq!(exposes[23].key, EntityKey::new(EntityType::Expose, 24));
    assert!(exposes[0].title.starts_with("Expose #1 · "));
    assert!(exposes.iter().all(|e| e.values[0] >= 1.0), "views");
}

#[test]
fn resolve_and_apply() {
    let mut c = Catalog::generate(1, 2, 2, 2, 2);
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
