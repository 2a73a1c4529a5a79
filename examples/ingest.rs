//! Native profile target for the batch ingest path, shaped like the bench:
//! a fresh store per round fed 1,000,000 deltas (10,000 entities × 5
//! metrics) in 1,000-row calls.
//! `cargo build --release --example ingest && perf record -g target/release/examples/ingest`.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use livemetrics::core::MetricStore;

const METRICS: [&str; 5] = [
    "likeCount",
    "heartCount",
    "laughCount",
    "cryCount",
    "commentCount",
];

/// A new store and the codes of `Image` and the five metrics in it.
fn fresh_store() -> (MetricStore, u16, Vec<u16>) {
    let s = MetricStore::new();
    let ty = s.entity_type("Image").unwrap().0;
    let codes = METRICS
        .iter()
        .map(|m| s.metric("m", m).unwrap().0)
        .collect();
    (s, ty, codes)
}

fn main() {
    let n = 1_000_000usize;
    let (_, ty, codes) = fresh_store();
    let mut seed: u32 = 1;
    let (mut types, mut ids, mut metrics, mut deltas) = (vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        types.push(ty);
        ids.push(f64::from(seed % 10_000));
        metrics.push(codes[((seed >> 16) % 5) as usize]);
        deltas.push(if seed & 1 == 1 { 1.0 } else { -1.0 });
    }
    for _ in 0..20 {
        let (mut store, _, _) = fresh_store();
        let t = std::time::Instant::now();
        for c in (0..n).step_by(1000) {
            let r = c..c + 1000;
            store
                .apply_batch(
                    &types[r.clone()],
                    &ids[r.clone()],
                    &metrics[r.clone()],
                    &deltas[r],
                )
                .unwrap();
        }
        eprintln!("{:.1} ns/delta", t.elapsed().as_nanos() as f64 / n as f64);
    }
}
