//! Native profile target for the batch ingest path:
//! `cargo build --release --example ingest && valgrind --tool=callgrind target/release/examples/ingest`.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use livemetrics::core::MetricStore;

fn main() {
    let n = 1_000_000usize;
    let mut seed: u32 = 1;
    let (mut types, mut ids, mut metrics, mut deltas) = (vec![], vec![], vec![], vec![]);
    let mut s = MetricStore::new();
    let ty = s.entity_type("Image").unwrap().0;
    let codes: Vec<u16> = [
        "likeCount",
        "heartCount",
        "laughCount",
        "cryCount",
        "commentCount",
    ]
    .iter()
    .map(|m| s.metric("m", m).unwrap().0)
    .collect();
    for _ in 0..n {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        types.push(ty);
        ids.push(f64::from(seed % 10_000));
        metrics.push(codes[((seed >> 16) % 5) as usize]);
        deltas.push(if seed & 1 == 1 { 1.0 } else { -1.0 });
    }
    let t = std::time::Instant::now();
    s.apply_batch(&types, &ids, &metrics, &deltas).unwrap();
    eprintln!("{:.1} ns/delta", t.elapsed().as_nanos() as f64 / n as f64);
}
