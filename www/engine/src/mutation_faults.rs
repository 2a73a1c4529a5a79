//! Faults injected into mutation requests, so a client's retries and
//! optimistic state can be tested against an unreliable server:
//!
//! - `latencyMs`: every response waits this long, plus up to 50% more;
//! - `fail5xx` / `fail4xx` / `throttle`: answer 503 / 422 / 429 (with
//!   `Retry-After: 1`) without applying anything;
//! - `loseResponse`: apply the change (and echo it), then hold the response
//!   for `lostResponseMs`, so the client times out and retries.
//!
//! Decisions come from the engine's seeded PRNG, under the hub lock.

use std::time::Duration;

use serde::Serialize;

use crate::body::ControlChange;
use crate::prng::Prng;

/// Largest injectable latency, and how long a lost response may be held.
pub const MAX_LATENCY_MS: u64 = 10_000;
pub const MAX_LOST_RESPONSE_MS: u64 = 600_000;
/// Share of `latencyMs` that may be added at random.
const JITTER: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MutationFaults {
    pub latency_ms: u64,
    #[serde(rename = "fail5xx")]
    pub fail_5xx: f64,
    #[serde(rename = "fail4xx")]
    pub fail_4xx: f64,
    pub throttle: f64,
    pub lose_response: f64,
    pub lost_response_ms: u64,
}

impl Default for MutationFaults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            fail_5xx: 0.0,
            fail_4xx: 0.0,
            throttle: 0.0,
            lose_response: 0.0,
            lost_response_ms: 20_000,
        }
    }
}

/// What happened to mutation requests so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MutationCounts {
    /// Mutations applied (one event, one version step each).
    pub mutations: u64,
    /// Requests answered from the idempotency store.
    pub idempotent_replays: u64,
    #[serde(rename = "failed5xx")]
    pub failed_5xx: u64,
    #[serde(rename = "failed4xx")]
    pub failed_4xx: u64,
    pub throttled: u64,
    pub lost_responses: u64,
}

/// An injected refusal: nothing is applied and nothing is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 503
    Unavailable,
    /// 422
    Unprocessable,
    /// 429 with `Retry-After: 1`
    Throttled,
}

impl MutationFaults {
    /// Takes the values a control request set.
    pub fn update(&mut self, change: &ControlChange) {
        if let Some(ms) = change.latency_ms {
            self.latency_ms = ms;
        }
        if let Some(ms) = change.lost_response_ms {
            self.lost_response_ms = ms;
        }
        for (value, slot) in [
            (change.fail_5xx, &mut self.fail_5xx),
            (change.fail_4xx, &mut self.fail_4xx),
            (change.throttle, &mut self.throttle),
            (change.lose_response, &mut self.lose_response),
        ] {
            if let Some(p) = value {
                *slot = p;
            }
        }
    }

    /// One roll per request: 503, 422 and 429 are exclusive outcomes with
    /// their probabilities (later ones shrink if they add up past 1).
    pub fn refusal(&self, rng: &mut Prng, counts: &mut MutationCounts) -> Option<Refusal> {
        let roll = rng.unit();
        let mut bound = 0.0;
        for (p, refusal) in [
            (self.fail_5xx, Refusal::Unavailable),
            (self.fail_4xx, Refusal::Unprocessable),
            (self.throttle, Refusal::Throttled),
        ] {
            bound += p;
            if roll < bound {
                let count = match refusal {
                    Refusal::Unavailable => &mut counts.failed_5xx,
                    Refusal::Unprocessable => &mut counts.failed_4xx,
                    Refusal::Throttled => &mut counts.throttled,
                };
                *count += 1;
                return Some(refusal);
            }
        }
        None
    }

    /// After an applied change: how long to hold its response if it is to be
    /// "lost" (`None` to answer normally).
    pub fn lost_hold(&self, rng: &mut Prng, counts: &mut MutationCounts) -> Option<Duration> {
        rng.chance(self.lose_response).then(|| {
            counts.lost_responses += 1;
            Duration::from_millis(self.lost_response_ms)
        })
    }

    /// This request's latency: `latencyMs` plus up to 50% at random.
    pub fn latency(&self, rng: &mut Prng) -> Duration {
        if self.latency_ms == 0 {
            return Duration::ZERO;
        }
        let ms = self.latency_ms as f64 * (1.0 + JITTER * rng.unit());
        Duration::from_secs_f64(ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_follow_their_probabilities() {
        let faults = MutationFaults {
            fail_5xx: 0.5,
            fail_4xx: 0.1,
            throttle: 0.2,
            ..MutationFaults::default()
        };
        let (mut rng, mut counts) = (Prng::new(5), MutationCounts::default());
        let n = 20_000;
        let passed = (0..n)
            .filter(|_| faults.refusal(&mut rng, &mut counts).is_none())
            .count();
        let share = |c: u64| c as f64 / n as f64;
        assert!((0.47..0.53).contains(&share(counts.failed_5xx)));
        assert!((0.08..0.12).contains(&share(counts.failed_4xx)));
        assert!((0.18..0.22).contains(&share(counts.throttled)));
        assert!((0.17..0.23).contains(&(passed as f64 / n as f64)));

        let none = MutationFaults::default();
        assert!((0..1000).all(|_| none.refusal(&mut rng, &mut counts).is_none()));
        assert!((0..1000).all(|_| none.lost_hold(&mut rng, &mut counts).is_none()));
        assert_eq!(none.latency(&mut rng), Duration::ZERO);
    }

    #[test]
    fn latency_has_bounded_jitter() {
        let faults = MutationFaults {
            latency_ms: 100,
            lose_response: 1.0,
            lost_response_ms: 2000,
            ..MutationFaults::default()
        };
        let (mut rng, mut counts) = (Prng::new(1), MutationCounts::default());
        for _ in 0..1000 {
            let d = faults.latency(&mut rng);
            assert!(d >= Duration::from_millis(100) && d <= Duration::from_millis(150));
        }
        let hold = faults.lost_hold(&mut rng, &mut counts);
        assert_eq!(hold, Some(Duration::from_millis(2000)));
        assert_eq!(counts.lost_responses, 1);
    }
}
