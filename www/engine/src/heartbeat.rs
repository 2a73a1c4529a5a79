//! The heartbeat task: every `period_ms`, each connection hears the current
//! version of every entity it follows (and each project's latest snapshot),
//! so a client can notice a missed *last* delta.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::{Instant, MissedTickBehavior};

use crate::hub::Hub;

/// Runs forever; callers skip it when heartbeats are disabled (period 0).
pub async fn run(hub: Arc<Hub>, period_ms: u64) {
    let period = Duration::from_millis(period_ms.max(1));
    // The first beat comes one period after startup, not immediately.
    let mut interval = tokio::time::interval_at(Instant::now() + period, period);
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        hub.heartbeat();
    }
}
