//! Projects: entities with string ids (`project-3`) whose state travels as
//! absolute, timestamped snapshots rather than deltas.

use std::sync::Arc;

use crate::generate::words::{ADJECTIVES, HANDLE_HEADS, HANDLE_TAILS, SUBJECTS};
use crate::prng::Prng;
use crate::project_stats::{Operation, Stats};

/// PRNG stream for projects, distinct from the catalog's and the emitter's.
const PROJECT_STREAM: u64 = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// `project-{number}`.
    pub number: u32,
    pub title: String,
    pub author: String,
    pub stats: Stats,
    /// Milliseconds of the last change; strictly increases on every change.
    pub timestamp: u64,
    /// Operations applied so far.
    pub version: u64,
    /// The latest snapshot message as sent, re-sent by heartbeats.
    pub latest: Option<Arc<str>>,
}

/// One operation's result, computed before anything is committed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub stats: Stats,
    pub operation: Operation,
    pub timestamp: u64,
}

impl Project {
    /// The next state after a random operation at `now_ms`; the timestamp is
    /// `max(now, last + 1)` so it increases even if the clock does not.
    pub fn next(&self, rng: &mut Prng, now_ms: u64) -> Change {
        let mut stats = self.stats;
        let operation = stats.operate(rng);
        Change {
            stats,
            operation,
            timestamp: now_ms.max(self.timestamp.saturating_add(1)),
        }
    }

    pub fn commit(&mut self, change: &Change, message: Arc<str>) {
        let version = self.version + 1;
        self.commit_at(change, message, version);
    }

    /// Replication: a change at the version the log gave it.
    pub fn commit_at(&mut self, change: &Change, message: Arc<str>, version: u64) {
        self.stats = change.stats;
        self.timestamp = change.timestamp;
        self.version = version;
        self.latest = Some(message);
    }
}

#[derive(Debug, Clone, Default)]
pub struct Projects {
    /// `project-n` at index `n - 1`.
    list: Vec<Project>,
}

impl Projects {
    pub fn generate(seed: u64, count: u32, now_ms: u64) -> Self {
        let mut rng = Prng::derive(seed, PROJECT_STREAM);
        let pick = |rng: &mut Prng, words: &[&'static str]| rng.pick(words).copied().unwrap_or("");
        let list = (1..=count)
            .map(|number| Project {
                number,
                title: format!(
                    "Project {number} · {} {} segmentation",
                    pick(&mut rng, ADJECTIVES),
                    pick(&mut rng, SUBJECTS)
                ),
                author: format!(
                    "{}{}",
                    pick(&mut rng, HANDLE_HEADS),
                    pick(&mut rng, HANDLE_TAILS)
                ),
                stats: Stats::generate(&mut rng),
                timestamp: now_ms,
                version: 0,
                latest: None,
            })
            .collect();
        Self { list }
    }

    fn index(number: u32) -> Option<usize> {
        usize::try_from(number.checked_sub(1)?).ok()
    }

    pub fn get(&self, number: u32) -> Option<&Project> {
        self.list.get(Self::index(number)?)
    }

    pub fn get_mut(&mut self, number: u32) -> Option<&mut Project> {
        self.list.get_mut(Self::index(number)?)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Project> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_and_stepped() {
        let mut projects = Projects::generate(1, 12, 1_000);
        assert_eq!(projects.len(), 12);
        assert!(projects.get(0).is_none() && projects.get(13).is_none());
        let p = projects.get(3).unwrap();
        assert_eq!(p.number, 3);
        assert!(p.title.starts_with("Project 3 · "));
        assert_eq!(
            (p.timestamp, p.version, p.latest.is_none()),
            (1_000, 0, true)
        );

        let mut rng = Prng::new(1);
        // A clock that stands still (or goes back) still moves timestamps on.
        for (i, now) in [500, 1_000, 1_000, 5_000].into_iter().enumerate() {
            let p = projects.get_mut(3).unwrap();
            let before = p.timestamp;
            let change = p.next(&mut rng, now);
            assert_eq!(change.timestamp, now.max(before + 1));
            p.commit(&change, "m".into());
            assert_eq!(p.version, i as u64 + 1);
            assert_eq!(p.stats, change.stats);
        }
        assert_eq!(projects.get(3).unwrap().timestamp, 5_000);
        let again = Projects::generate(1, 12, 1_000);
        assert_eq!(again.get(1).unwrap().stats, projects.get(1).unwrap().stats);
    }
}
