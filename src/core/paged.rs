//! Paged storage for the big tables. A `Vec` that doubles copies itself and,
//! in wasm, leaves the old block's pages in a memory that never shrinks;
//! fixed pages grow without copying, so memory follows the keys held.
//! A [`LazyColumn`] allocates a page only when one of its values differs
//! from the default: a column few keys use (bases, compensation terms)
//! costs nothing for the keys that don't.

const PAGE_BITS: u32 = 12;
/// Values per page.
pub const PAGE: usize = 1 << PAGE_BITS;
const MASK: usize = PAGE - 1;

fn split(i: usize) -> (usize, usize) {
    (i >> PAGE_BITS, i & MASK)
}

#[derive(Debug, Clone)]
pub struct Paged<T> {
    pages: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            pages: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Paged<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `v`; returns its index.
    pub fn push(&mut self, v: T) -> usize {
        let index = self.len;
        match self.pages.last_mut() {
            Some(page) if page.len() < PAGE => page.push(v),
            _ => {
                let mut page = Vec::with_capacity(PAGE);
                page.push(v);
                self.pages.push(page);
            }
        }
        self.len = self.len.saturating_add(1);
        index
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        let (p, o) = split(i);
        self.pages.get(p)?.get(o)
    }

    #[inline]
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        let (p, o) = split(i);
        self.pages.get_mut(p)?.get_mut(o)
    }

    /// Every value, in index order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.pages.iter().flatten()
    }

    /// Bytes the pages hold.
    pub fn bytes(&self) -> usize {
        self.pages
            .len()
            .saturating_mul(PAGE)
            .saturating_mul(std::mem::size_of::<T>())
    }
}

/// An `f64` per index, stored only in pages where some value isn't `default`.
#[derive(Debug, Clone)]
pub struct LazyColumn {
    pages: Vec<Option<Box<[f64]>>>,
    default: f64,
}

impl LazyColumn {
    /// `default` may be NaN (then "unset" is any NaN).
    pub const fn new(default: f64) -> Self {
        LazyColumn {
            pages: Vec::new(),
            default,
        }
    }

    fn is_default(&self, v: f64) -> bool {
        v == self.default || (v.is_nan() && self.default.is_nan())
    }

    #[inline]
    pub fn get(&self, i: usize) -> f64 {
        let (p, o) = split(i);
        match self.pages.get(p) {
            Some(Some(page)) => page.get(o).copied().unwrap_or(self.default),
            _ => self.default,
        }
    }

    pub fn set(&mut self, i: usize, v: f64) {
        let (p, o) = split(i);
        if self.pages.get(p).is_none_or(Option::is_none) {
            if self.is_default(v) {
                return;
            }
            if self.pages.len() <= p {
                self.pages.resize(p.saturating_add(1), None);
            }
            if let Some(slot) = self.pages.get_mut(p) {
                *slot = Some(vec![self.default; PAGE].into_boxed_slice());
            }
        }
        if let Some(Some(page)) = self.pages.get_mut(p) {
            if let Some(x) = page.get_mut(o) {
                *x = v;
            }
        }
    }

    pub fn bytes(&self) -> usize {
        let used = self.pages.iter().filter(|p| p.is_some()).count();
        used.saturating_mul(PAGE).saturating_mul(8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_fill_in_order_without_moving() {
        let mut p = Paged::default();
        for i in 0..(PAGE * 2 + 5) {
            assert_eq!(p.push(i), i);
        }
        let first: *const usize = p.get(3).unwrap();
        for i in 0..PAGE {
            p.push(i);
        }
        assert_eq!(first, p.get(3).unwrap() as *const usize, "no value moved");
        assert_eq!(p.get(PAGE + 1), Some(&(PAGE + 1)));
        assert_eq!(p.iter().count(), p.len());
        assert_eq!(p.get(p.len()), None);
    }

    #[test]
    fn lazy_columns_allocate_only_where_set() {
        let mut c = LazyColumn::new(f64::NAN);
        assert!(c.get(10).is_nan());
        c.set(10, f64::NAN);
        assert_eq!(c.bytes(), 0);
        c.set(PAGE * 3 + 1, 2.5);
        assert_eq!(c.get(PAGE * 3 + 1), 2.5);
        assert!(c.get(PAGE * 3).is_nan());
        assert_eq!(c.bytes(), PAGE * 8);
    }
}
