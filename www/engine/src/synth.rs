//! Synthesises plausible random deltas for one entity, the way real site
//! traffic looks: mostly +1, occasional bursts, occasional un-reactions.

use crate::catalog::{Delta, Entity};
use crate::prng::Prng;
use crate::vocab::MetricKind;

/// Chance that one payload carries two metrics instead of one.
const TWO_METRICS: f64 = 0.2;
/// Chance that a reaction is reported under its capitalised alias.
const ALIAS: f64 = 0.5;

/// Votes are left to user mutations.
pub fn random_deltas(rng: &mut Prng, entity: &Entity) -> Vec<Delta> {
    let metrics = entity.key.entity_type.metrics();
    let candidates: Vec<usize> = (0..metrics.len())
        .filter(|&i| metrics.get(i).is_some_and(|m| m.kind != MetricKind::Vote))
        .collect();
    let n = candidates.len();
    if n == 0 {
        return Vec::new();
    }
    let first = rng.below(n);
    let mut picks = vec![first];
    if n > 1 && rng.chance(TWO_METRICS) {
        // Offset by 1..n so the second pick always differs from the first.
        picks.push((first + 1 + rng.below(n - 1)) % n);
    }

    let mut deltas = Vec::with_capacity(picks.len());
    for pick in picks {
        let Some((index, metric)) = candidates
            .get(pick)
            .and_then(|&i| Some((i, metrics.get(i)?)))
        else {
            continue;
        };
        let current = entity.values.get(index).copied().unwrap_or(0.0);
        let amount = match metric.kind {
            MetricKind::Volume if rng.chance(0.15) => rng.between(2, 5) as f64,
            MetricKind::Reaction if current >= 1.0 && rng.chance(0.1) => -1.0,
            _ => 1.0,
        };
        let label = match metric.alias {
            Some(alias) if rng.chance(ALIAS) => alias,
            _ => metric.name,
        };
        deltas.push(Delta {
            metric: index,
            label,
            amount,
        });
    }
    deltas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::vocab::{EntityKey, EntityType};

    #[test]
    fn deltas_are_small_integers_and_never_drive_totals_negative() {
        let mut catalog = Catalog::generate(3, 5, 5, 5, 5);
        let mut rng = Prng::new(9);
        let (mut aliased, mut reactions, mut negatives) = (0, 0, 0);
        let keys: Vec<EntityKey> = catalog.iter().map(|e| e.key).collect();
        // Start one image at zero likes to exercise the floor.
        let zero = EntityKey::new(EntityType::Image, 1);
        let reset: Vec<Delta> = (0..6)
            .map(|m| Delta {
                metric: m,
                label: "",
                amount: -1e12,
            })
            .collect();
        catalog.apply(zero, &reset);
        for i in 0..20_000 {
            let key = keys[i % keys.len()];
            let entity = catalog.get(key).cloned().unwrap();
            let deltas = random_deltas(&mut rng, &entity);
            assert!((1..=2).contains(&deltas.len()));
            if deltas.len() == 2 {
                assert_ne!(deltas[0].metric, deltas[1].metric);
            }
            for d in &deltas {
                assert!(
                    d.amount.fract() == 0.0 && (-1.0..=5.0).contains(&d.amount) && d.amount != 0.0
                );
                let value = entity.values[d.metric];
                assert!(value + d.amount >= 0.0, "{key} {} went negative", d.label);
                let m = key.entity_type.metrics()[d.metric];
                if m.alias.is_some() && key.entity_type == EntityType::Image {
                    reactions += 1;
                    aliased += usize::from(Some(d.label) == m.alias);
                } else {
                    assert_eq!(d.label, m.name);
                }
                negatives += usize::from(d.amount < 0.0);
                assert_ne!(m.kind, MetricKind::Vote, "{key}: the emitter never votes");
            }
            catalog.apply(key, &deltas);
        }
        assert!(negatives > 0);
        let share = aliased as f64 / reactions as f64;
        assert!((0.4..0.6).contains(&share), "alias share {share}");
    }
}
