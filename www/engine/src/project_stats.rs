//! A project's image-analysis counters and the operations that move them.
//! Invariant: `images == segmented + pending + failed`, nothing negative.

use crate::prng::Prng;

/// Wire names of the four counters, in display order.
pub const STAT_NAMES: [&str; 4] = [
    "imageCount",
    "segmentedCount",
    "pendingCount",
    "failedCount",
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub images: u64,
    pub segmented: u64,
    pub pending: u64,
    pub failed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `+k` images, all pending.
    Upload,
    /// Pending images finish: each becomes segmented or failed.
    Segmentation,
    /// One image is removed from a non-empty bucket.
    Delete,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Upload => "upload",
            Operation::Segmentation => "segmentation",
            Operation::Delete => "delete",
        }
    }
}

/// Largest batch one operation moves.
const MAX_BATCH: u64 = 5;
/// Chance a segmented image fails.
const FAILURE: f64 = 0.15;

impl Stats {
    /// A plausible starting point for a project.
    pub fn generate(rng: &mut Prng) -> Self {
        let images = rng.between(20, 500);
        let pending = rng.between(0, images / 4);
        let failed = rng.between(0, (images - pending) / 10);
        Self {
            images,
            segmented: images - pending - failed,
            pending,
            failed,
        }
    }

    /// The counters in `STAT_NAMES` order.
    pub fn values(&self) -> [u64; 4] {
        [self.images, self.segmented, self.pending, self.failed]
    }

    /// Applies one random operation and says which it was. An operation that
    /// cannot apply (nothing pending, nothing to delete) becomes an upload.
    pub fn operate(&mut self, rng: &mut Prng) -> Operation {
        let roll = rng.unit();
        if roll < 0.45 && self.pending > 0 {
            for _ in 0..rng.between(1, self.pending.min(MAX_BATCH)) {
                self.pending -= 1;
                if rng.chance(FAILURE) {
                    self.failed += 1;
                } else {
                    self.segmented += 1;
                }
            }
            return Operation::Segmentation;
        }
        if roll >= 0.85 && self.images > 0 {
            let buckets = [self.segmented, self.pending, self.failed];
            let full: Vec<usize> = (0..3).filter(|&i| buckets[i] > 0).collect();
            let bucket = match rng.pick(&full) {
                Some(0) => &mut self.segmented,
                Some(1) => &mut self.pending,
                _ => &mut self.failed,
            };
            // `images > 0` means some bucket is non-empty; saturate regardless.
            *bucket = bucket.saturating_sub(1);
            self.images = self.segmented + self.pending + self.failed;
            return Operation::Delete;
        }
        let k = rng.between(1, MAX_BATCH);
        self.images += k;
        self.pending += k;
        Operation::Upload
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_keep_the_invariant() {
        let mut rng = Prng::new(5);
        let mut seen = [0usize; 3];
        for _ in 0..50 {
            let mut s = Stats::generate(&mut rng);
            assert_eq!(s.images, s.segmented + s.pending + s.failed);
            for _ in 0..400 {
                let before = s;
                let op = s.operate(&mut rng);
                assert_eq!(s.images, s.segmented + s.pending + s.failed, "{op:?}");
                match op {
                    Operation::Upload => {
                        seen[0] += 1;
                        let k = s.images - before.images;
                        assert!((1..=MAX_BATCH).contains(&k));
                        assert_eq!(s.pending - before.pending, k);
                    }
                    Operation::Segmentation => {
                        seen[1] += 1;
                        assert!(s.pending < before.pending);
                        assert_eq!(s.images, before.images);
                    }
                    Operation::Delete => {
                        seen[2] += 1;
                        assert_eq!(s.images + 1, before.images);
                    }
                }
            }
        }
        assert!(seen.iter().all(|n| *n > 100), "{seen:?}");
        let mut empty = Stats::default();
        assert_eq!(empty.operate(&mut rng), Operation::Upload);
    }
}
