//! Property test: the store against a plain reference model.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use std::collections::BTreeMap;

use livemetrics::core::{EntityIdRef, MetricCode, MetricStore, TypeCode};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Apply(u16, u8, Vec<(u16, i32)>),
    Clear(u16, u8, u16),
    ClearEntity(u16, u8),
    Watch(u16, u8, u16),
}

fn op() -> impl Strategy<Value = Op> {
    let ty = 0u16..3;
    let id = 0u8..6;
    let metric = 0u16..4;
    prop_oneof![
        6 => (ty.clone(), id.clone(), prop::collection::vec((metric.clone(), -3i32..4), 0..4))
            .prop_map(|(t, i, u)| Op::Apply(t, i, u)),
        1 => (ty.clone(), id.clone(), metric.clone()).prop_map(|(t, i, m)| Op::Clear(t, i, m)),
        1 => (ty.clone(), id.clone()).prop_map(|(t, i)| Op::ClearEntity(t, i)),
        1 => (ty, id, metric).prop_map(|(t, i, m)| Op::Watch(t, i, m)),
    ]
}

fn entity(i: u8) -> EntityIdRef<'static> {
    // Mix integer and string ids.
    const NAMES: [&str; 3] = ["a", "project-7", "x:y"];
    if i < 3 {
        EntityIdRef::Int(u64::from(i))
    } else {
        EntityIdRef::Str(NAMES[usize::from(i - 3)])
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn store_matches_reference_model(ops in prop::collection::vec(op(), 1..60)) {
        let mut s = MetricStore::new();
        let mut model: BTreeMap<(u16, u8, u16), i64> = BTreeMap::new();
        let mut watched: BTreeMap<u32, (u16, u8, u16)> = BTreeMap::new();
        let mut last_seen: BTreeMap<u32, f64> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Apply(t, i, updates) => {
                    let codes: Vec<(MetricCode, f64)> =
                        updates.iter().map(|(m, d)| (MetricCode(*m), f64::from(*d))).collect();
                    s.apply(TypeCode(t), entity(i), &codes).unwrap();
                    for (m, d) in updates {
                        if d != 0 {
                            *model.entry((t, i, m)).or_default() += i64::from(d);
                        }
                    }
                }
                Op::Clear(t, i, m) => {
                    s.clear_metric(TypeCode(t), entity(i), MetricCode(m));
                    model.remove(&(t, i, m));
                }
                Op::ClearEntity(t, i) => {
                    s.clear_entity(TypeCode(t), entity(i));
                    model.retain(|k, _| !(k.0 == t && k.1 == i));
                }
                Op::Watch(t, i, m) => {
                    let cell = s.cell(TypeCode(t), entity(i), MetricCode(m)).unwrap();
                    if s.watch(cell) {
                        watched.insert(cell.index, (t, i, m));
                        last_seen.insert(cell.index, s.cell_delta(cell));
                    }
                }
            }
            // Every key reads as the model says.
            for t in 0..3u16 {
                for i in 0..6u8 {
                    for m in 0..4u16 {
                        let want = model.get(&(t, i, m)).copied().unwrap_or(0) as f64;
                        prop_assert_eq!(s.delta(TypeCode(t), entity(i), MetricCode(m)), want);
                    }
                }
            }
            // The `deltas` view holds exactly the model's keys.
            prop_assert_eq!(s.key_count(), model.len());
            // A watched cell is reported iff its value changed since last seen.
            let mut changed = Vec::new();
            s.drain_changes(&mut changed);
            for (cell, key) in &watched {
                let now = model.get(key).copied().unwrap_or(0) as f64;
                let before = last_seen[cell];
                prop_assert_eq!(changed.iter().any(|h| h.index == *cell), now != before, "cell {}", cell);
                last_seen.insert(*cell, now);
            }
        }
    }
}
