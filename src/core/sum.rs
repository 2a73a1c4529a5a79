//! Compensated (Neumaier) summation, so accumulated fractional deltas stay
//! exact where plain `+=` drifts: ten deltas of 0.1 read back as 1, not
//! 0.9999999999999999. Integer deltas (the common case) are exact either way.

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sum {
    hi: f64,
    lo: f64,
}

impl Sum {
    pub const ZERO: Sum = Sum { hi: 0.0, lo: 0.0 };

    pub fn value(self) -> f64 {
        self.hi + self.lo
    }

    /// From stored parts known to be finite (the cell table's columns).
    pub(super) const fn raw(hi: f64, lo: f64) -> Sum {
        Sum { hi, lo }
    }

    /// The running sum and its compensation, for persistence.
    pub fn parts(self) -> (f64, f64) {
        (self.hi, self.lo)
    }

    pub fn from_parts(hi: f64, lo: f64) -> Option<Sum> {
        let s = Sum { hi, lo };
        (hi.is_finite() && lo.is_finite() && s.value().is_finite()).then_some(s)
    }

    /// The sum with `x` added, or `None` if it would not be finite.
    pub fn plus(self, x: f64) -> Option<Sum> {
        let t = self.hi + x;
        if !t.is_finite() {
            return None;
        }
        let err = if self.hi.abs() >= x.abs() {
            (self.hi - t) + x
        } else {
            (x - t) + self.hi
        };
        let next = Sum {
            hi: t,
            lo: self.lo + err,
        };
        next.value().is_finite().then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum_all(xs: &[f64]) -> f64 {
        xs.iter()
            .try_fold(Sum::ZERO, |s, x| s.plus(*x))
            .unwrap()
            .value()
    }

    #[test]
    fn fractional_deltas_do_not_drift() {
        assert_eq!(sum_all(&[0.1; 10]), 1.0);
        assert_eq!(sum_all(&[0.1, 0.2, -0.1, -0.2]), 0.0);
    }

    #[test]
    fn integers_are_exact() {
        assert_eq!(sum_all(&[1.0, -1.0, 1.0, 1.0, -1.0]), 1.0);
    }

    #[test]
    fn overflow_is_refused() {
        assert!(Sum::ZERO.plus(f64::MAX).unwrap().plus(f64::MAX).is_none());
    }
}
