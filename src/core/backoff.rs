//! The retry state machine for optimistic mutations: pure, with time and
//! randomness passed in, so it is tested with a fake clock.
//!
//! Defaults follow seed 001 (base 1 s, factor 2, at most 3 retries, 15 s
//! per attempt) with full jitter and a 30 s cap. Network errors, timeouts,
//! 5xx and 429 are retried (429 honours `Retry-After`); other 4xx are final.

/// How a mutation retries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub base_ms: f64,
    pub factor: f64,
    /// Retries after the first attempt.
    pub max_retries: u32,
    pub timeout_ms: f64,
    pub cap_ms: f64,
    /// Full jitter: wait a uniform random fraction of the backoff.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base_ms: 1000.0,
            factor: 2.0,
            max_retries: 3,
            timeout_ms: 15_000.0,
            cap_ms: 30_000.0,
            jitter: true,
        }
    }
}

/// Why an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    /// No response (offline, DNS, reset, CORS): the request may or may not have landed.
    Network,
    /// No response within the attempt's timeout (aborted).
    Timeout,
    /// An HTTP status, with `Retry-After` in ms when the server sent one.
    Status {
        code: u16,
        retry_after_ms: Option<f64>,
    },
}

impl Failure {
    pub fn retryable(self) -> bool {
        match self {
            Failure::Network | Failure::Timeout => true,
            Failure::Status { code, .. } => code == 429 || (500..600).contains(&code),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Next {
    /// Try again at this time (same clock as `now`).
    RetryAt(f64),
    /// Roll back: not retryable, or out of retries.
    GiveUp,
}

impl RetryPolicy {
    /// Validates a policy from the app: every number finite and sensible.
    pub fn check(self) -> Result<RetryPolicy, &'static str> {
        let ok = self.base_ms.is_finite()
            && self.base_ms >= 0.0
            && self.factor.is_finite()
            && self.factor >= 1.0
            && self.timeout_ms.is_finite()
            && self.timeout_ms > 0.0
            && self.cap_ms.is_finite()
            && self.cap_ms >= 0.0
            && self.max_retries <= 100;
        if ok {
            Ok(self)
        } else {
            Err("finite, non-negative delays, factor ≥ 1, timeout > 0 and at most 100 retries")
        }
    }

    /// After attempt number `attempt` (1 = the first) failed at `now`;
    /// `random` is uniform in [0, 1).
    pub fn next(self, attempt: u32, failure: Failure, now: f64, random: f64) -> Next {
        if !failure.retryable() || attempt > self.max_retries {
            return Next::GiveUp;
        }
        let exponent = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let backoff = (self.base_ms * self.factor.powi(exponent)).min(self.cap_ms);
        let backoff = if backoff.is_finite() {
            backoff
        } else {
            self.cap_ms
        };
        let wait = if self.jitter {
            backoff * random.clamp(0.0, 1.0)
        } else {
            backoff
        };
        let wait = match failure {
            // The server said when: never sooner, but never beyond the cap.
            Failure::Status {
                retry_after_ms: Some(after),
                ..
            } if after.is_finite() && after >= 0.0 => after.min(self.cap_ms).max(wait),
            _ => wait,
        };
        Next::RetryAt(now + wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NET: Failure = Failure::Network;

    fn status(code: u16) -> Failure {
        Failure::Status {
            code,
            retry_after_ms: None,
        }
    }

    #[test]
    fn the_seed_schedule_without_jitter_is_1_2_4_seconds_then_give_up() {
        let p = RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        };
        assert_eq!(p.next(1, NET, 0.0, 0.5), Next::RetryAt(1000.0));
        assert_eq!(p.next(2, NET, 10.0, 0.5), Next::RetryAt(2010.0));
        assert_eq!(p.next(3, Failure::Timeout, 0.0, 0.5), Next::RetryAt(4000.0));
        assert_eq!(p.next(4, NET, 0.0, 0.5), Next::GiveUp);
    }

    #[test]
    fn full_jitter_waits_a_random_fraction_and_the_cap_holds() {
        let p = RetryPolicy {
            max_retries: 20,
            ..RetryPolicy::default()
        };
        assert_eq!(p.next(1, NET, 0.0, 0.25), Next::RetryAt(250.0));
        assert_eq!(p.next(1, NET, 0.0, 0.0), Next::RetryAt(0.0));
        assert_eq!(p.next(15, NET, 0.0, 0.5), Next::RetryAt(15_000.0));
    }

    #[test]
    fn only_network_timeouts_5xx_and_429_are_retried() {
        let p = RetryPolicy::default();
        for code in [500, 502, 503, 429] {
            assert!(
                matches!(p.next(1, status(code), 0.0, 0.5), Next::RetryAt(_)),
                "{code}"
            );
        }
        for code in [400, 401, 403, 404, 409, 422] {
            assert_eq!(p.next(1, status(code), 0.0, 0.5), Next::GiveUp, "{code}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        let after = |ms| Failure::Status {
            code: 429,
            retry_after_ms: Some(ms),
        };
        assert_eq!(p.next(1, after(5000.0), 100.0, 0.1), Next::RetryAt(5100.0));
        assert_eq!(
            p.next(1, after(90_000.0), 0.0, 0.1),
            Next::RetryAt(30_000.0)
        );
    }

    #[test]
    fn bad_policies_are_refused() {
        for bad in [
            RetryPolicy {
                factor: 0.5,
                ..RetryPolicy::default()
            },
            RetryPolicy {
                timeout_ms: 0.0,
                ..RetryPolicy::default()
            },
            RetryPolicy {
                base_ms: f64::NAN,
                ..RetryPolicy::default()
            },
        ] {
            assert!(bad.check().is_err());
        }
    }
}
