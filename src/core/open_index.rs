//! A compact hash index: values below 2^24 in an open-addressed table, 4
//! bytes a slot. The keys live elsewhere (the cell and entity tables), so the
//! caller passes the hash and an equality test; growth and deletion re-derive
//! a value's hash through a callback. Each slot keeps 8 bits of the hash
//! beside the value, so a probe only visits the key table (a cache miss) when
//! those bits match. Linear probing with backward-shift deletion (no
//! tombstones); the table grows by half at 4/5 load, and a hash maps to a
//! slot by multiply-shift, so any size works.

const EMPTY: u32 = u32::MAX;
const VALUE_BITS: u32 = 24;
const VALUE_MASK: u32 = (1 << VALUE_BITS) - 1;

/// The largest value the index holds (so a tagged slot never reads as empty).
pub const MAX_VALUE: u32 = VALUE_MASK - 1;

/// A slot: the hash's low 8 bits (the home uses the high ones) over the value.
fn tagged(hash: u32, value: u32) -> u32 {
    (hash << VALUE_BITS) | value
}

fn same_tag(slot: u32, hash: u32) -> bool {
    (slot ^ (hash << VALUE_BITS)) >> VALUE_BITS == 0
}
const MIN_SLOTS: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct OpenIndex {
    slots: Vec<u32>,
    len: usize,
}

/// A 64-bit finalizer (MurmurHash3's): every input bit reaches every output bit.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The 32 high bits of a mixed seed: what the index maps to a slot.
pub fn hash32(seed: u64) -> u32 {
    (mix64(seed) >> 32) as u32
}

impl OpenIndex {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes the table holds.
    pub fn bytes(&self) -> usize {
        self.slots.capacity().saturating_mul(4)
    }

    #[inline]
    fn home(&self, hash: u32) -> usize {
        // Multiply-shift: the product of a u32 and a length < 2^32 fits in u64.
        (u64::from(hash).wrapping_mul(self.slots.len() as u64) >> 32) as usize
    }

    #[inline]
    fn next(&self, i: usize) -> usize {
        let j = i.wrapping_add(1);
        if j >= self.slots.len() {
            0
        } else {
            j
        }
    }

    /// The value with this hash that `eq` accepts.
    #[inline]
    pub fn find(&self, hash: u32, mut eq: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.home(hash);
        loop {
            let slot = *self.slots.get(i)?;
            if slot == EMPTY {
                return None;
            }
            if same_tag(slot, hash) && eq(slot & VALUE_MASK) {
                return Some(slot & VALUE_MASK);
            }
            i = self.next(i);
        }
    }

    /// Adds a value not in the index yet; `hash_of` re-derives the hash of
    /// any stored value (used when the table grows). `false` if `value` is
    /// above `MAX_VALUE`.
    pub fn insert(&mut self, hash: u32, value: u32, mut hash_of: impl FnMut(u32) -> u32) -> bool {
        if value > MAX_VALUE {
            return false;
        }
        // Grow at 4/5 load: len + 1 > slots · 4/5.
        let cap = self.slots.len();
        if self.len.saturating_add(1).saturating_mul(5) > cap.saturating_mul(4) {
            let grown = cap.saturating_add(cap / 2).max(MIN_SLOTS);
            let old = std::mem::replace(&mut self.slots, vec![EMPTY; grown]);
            for slot in old.into_iter().filter(|v| *v != EMPTY) {
                let h = hash_of(slot & VALUE_MASK);
                self.place(h, slot);
            }
        }
        self.place(hash, tagged(hash, value));
        self.len = self.len.saturating_add(1);
        true
    }

    fn place(&mut self, hash: u32, tagged_value: u32) {
        let mut i = self.home(hash);
        // There is always a free slot (load ≤ 4/5): the loop ends.
        for _ in 0..self.slots.len() {
            match self.slots.get_mut(i) {
                Some(slot) if *slot == EMPTY => {
                    *slot = tagged_value;
                    return;
                }
                Some(_) => i = self.next(i),
                None => return,
            }
        }
    }

    /// Removes `value` (stored under `hash`); later values of its probe run
    /// shift back so lookups never stop early. Returns whether it was there.
    pub fn remove(&mut self, hash: u32, value: u32, mut hash_of: impl FnMut(u32) -> u32) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let n = self.slots.len();
        let target = tagged(hash, value);
        let mut hole = self.home(hash);
        loop {
            match self.slots.get(hole).copied() {
                Some(v) if v == target => break,
                Some(v) if v != EMPTY => hole = self.next(hole),
                _ => return false,
            }
        }
        let mut j = hole;
        loop {
            j = self.next(j);
            let Some(v) = self.slots.get(j).copied() else {
                break;
            };
            if v == EMPTY {
                break;
            }
            // `v` may move into the hole unless its home lies cyclically in (hole, j].
            let home = self.home(hash_of(v & VALUE_MASK));
            let dist_home = cyclic_distance(home, j, n);
            let dist_hole = cyclic_distance(hole, j, n);
            if dist_home >= dist_hole {
                if let Some(slot) = self.slots.get_mut(hole) {
                    *slot = v;
                }
                hole = j;
            }
        }
        if let Some(slot) = self.slots.get_mut(hole) {
            *slot = EMPTY;
        }
        self.len = self.len.saturating_sub(1);
        true
    }
}

/// Steps from `from` forward to `to` in a ring of `n` slots.
fn cyclic_distance(from: usize, to: usize, n: usize) -> usize {
    if to >= from {
        to.wrapping_sub(from)
    } else {
        to.wrapping_add(n).wrapping_sub(from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    // Values are keys here: hash them directly (a weak hash, to force long runs).
    fn weak(v: u32) -> u32 {
        (v % 7).wrapping_mul(0x2000_0000)
    }

    #[test]
    fn finds_inserts_and_removes_against_a_map() {
        let mut ix = OpenIndex::default();
        let mut model: HashSet<u32> = HashSet::new();
        let mut x: u64 = 7;
        for step in 0..20_000u32 {
            x = mix64(x.wrapping_add(u64::from(step)));
            let v = (x % 500) as u32;
            if x % 3 == 0 {
                assert_eq!(ix.remove(weak(v), v, weak), model.remove(&v));
            } else if model.insert(v) {
                assert!(ix.insert(weak(v), v, weak));
            }
            assert_eq!(ix.len(), model.len());
            let probe = (x >> 20) as u32 % 500;
            assert_eq!(
                ix.find(weak(probe), |c| c == probe),
                model.contains(&probe).then_some(probe)
            );
        }
        for v in 0..500 {
            assert_eq!(ix.find(weak(v), |c| c == v).is_some(), model.contains(&v));
        }
    }

    #[test]
    fn stays_compact() {
        let mut ix = OpenIndex::default();
        for v in 0..100_000u32 {
            ix.insert(hash32(u64::from(v)), v, |c| hash32(u64::from(c)));
        }
        assert!(ix.bytes() <= 100_000 * 4 * 2, "{} bytes", ix.bytes());
        assert_eq!(ix.find(hash32(77), |c| c == 77), Some(77));
        assert!(!ix.insert(0, MAX_VALUE + 1, |c| c));
        let top = hash32(u64::from(MAX_VALUE));
        assert!(ix.insert(top, MAX_VALUE, |c| hash32(u64::from(c))));
        assert_eq!(ix.find(top, |c| c == MAX_VALUE), Some(MAX_VALUE));
    }
}
