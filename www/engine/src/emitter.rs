//! The emitter: a tokio task that drives the hub's tick on a fixed interval.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::MissedTickBehavior;

use crate::hub::Hub;
use crate::prng::Prng;

/// PRNG stream for the emitter, distinct from the catalog's.
const EMITTER_STREAM: u64 = 2;

pub async fn run(hub: Arc<Hub>, tick_ms: u64, seed: u64) {
    let tick_ms = tick_ms.max(1);
    let mut interval = tokio::time::interval(Duration::from_millis(tick_ms));
    // After a stall, carry on at the normal pace instead of bursting.
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut rng = Prng::derive(seed, EMITTER_STREAM);
    let mut carry = 0.0;
    loop {
        interval.tick().await;
        hub.tick(tick_ms, &mut carry, &mut rng);
    }
}
