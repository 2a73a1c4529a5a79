//! Naming cells: a `CellId` inside the core, a `CellHandle` outside it.
//! Slots of evicted cells are reused, so a handle carries the slot's
//! generation; a handle to an evicted key reads as "no such key", never as
//! another key.

/// Index of a live cell (internal: valid while its entity is interned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId(pub u32);

/// A cell as named outside the core: index and generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellHandle {
    pub index: u32,
    pub gen: u32,
}

/// Generations stay below 2^20 so a handle is an exact f64 (index + gen·2^32).
pub const GEN_MASK: u32 = (1 << 20) - 1;
const INDEX_SPAN: f64 = 4_294_967_296.0;

impl CellHandle {
    pub fn to_f64(self) -> f64 {
        f64::from(self.gen) * INDEX_SPAN + f64::from(self.index)
    }

    /// Decodes a handle from JS; `None` for anything that isn't one.
    pub fn from_f64(v: f64) -> Option<CellHandle> {
        if !(v.is_finite()
            && v >= 0.0
            && v.fract() == 0.0
            && v < f64::from(GEN_MASK + 1) * INDEX_SPAN)
        {
            return None;
        }
        let gen = (v / INDEX_SPAN).floor();
        let index = v - gen * INDEX_SPAN;
        Some(CellHandle {
            index: index as u32,
            gen: gen as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_round_trip_through_f64() {
        for (index, gen) in [(0, 0), (7, 3), (u32::MAX - 1, GEN_MASK)] {
            let h = CellHandle { index, gen };
            assert_eq!(CellHandle::from_f64(h.to_f64()), Some(h));
        }
        assert_eq!(CellHandle::from_f64(-1.0), None);
        assert_eq!(CellHandle::from_f64(0.5), None);
        assert_eq!(CellHandle::from_f64(f64::NAN), None);
    }
}
