//! Change tracking, drained by the binding layer after each call.
//!
//! Two things are tracked: a revision that moves on every visible change
//! (for whole-store listeners and snapshot identity), and the set of changed
//! cells that have keyed listeners. Cells nobody watches are not recorded,
//! so a burst of deltas to unwatched keys costs no bookkeeping at all.

use super::table::CellId;

#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    revision: u64,
    changed: Vec<CellId>,
    /// One bit per cell: already in `changed`.
    marked: Vec<u64>,
}

impl ChangeSet {
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Something visible changed.
    pub fn bump(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }

    /// A watched cell's value changed; recorded once until drained.
    pub fn note_watched(&mut self, cell: CellId) {
        let word = (cell.0 / 64) as usize;
        let bit = 1u64 << (cell.0 % 64);
        if self.marked.len() <= word {
            self.marked.resize(word.saturating_add(1), 0);
        }
        if let Some(w) = self.marked.get_mut(word) {
            if *w & bit == 0 {
                *w |= bit;
                self.changed.push(cell);
            }
        }
    }

    pub fn has_watched_changes(&self) -> bool {
        !self.changed.is_empty()
    }

    /// Moves the changed watched cells into `out` (in first-change order).
    pub fn drain_into(&mut self, out: &mut Vec<u32>) {
        for cell in self.changed.drain(..) {
            if let Some(w) = self.marked.get_mut((cell.0 / 64) as usize) {
                *w &= !(1u64 << (cell.0 % 64));
            }
            out.push(cell.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cell_is_reported_once_per_drain() {
        let mut c = ChangeSet::default();
        c.note_watched(CellId(3));
        c.note_watched(CellId(200));
        c.note_watched(CellId(3));
        let mut out = Vec::new();
        c.drain_into(&mut out);
        assert_eq!(out, vec![3, 200]);
        assert!(!c.has_watched_changes());
        c.note_watched(CellId(3));
        out.clear();
        c.drain_into(&mut out);
        assert_eq!(out, vec![3]);
    }
}
