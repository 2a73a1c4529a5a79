//! Text entity ids as numbers, so every call across the boundary takes one
//! id shape: a number. Numeric ids are themselves (≥ 0); a text id
//! (`'project-123'`) is interned once into a negative handle, which the JS
//! layer caches per string — a hot call then sends a number, not a string
//! copied into wasm memory.
//!
//! The table is bounded: when full it starts over in a new epoch, and
//! every older handle stops resolving (the caller re-interns). A caller can
//! tell by [`TextIds::epoch`], which moves only on such a reset.

use hashbrown::HashMap;

use super::entity_id::EntityIdRef;
use super::error::{InputError, Reason};

/// Handles live at most this many at once (then the table starts over).
pub const MAX_TEXTS: usize = 1 << 16;
/// Handle = -(1 + index + STRIDE · epoch): index and epoch in one exact f64.
const STRIDE: f64 = (1u64 << 17) as f64;

#[derive(Debug, Clone, Default)]
pub struct TextIds {
    texts: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
    epoch: u32,
}

impl TextIds {
    /// The wire id of a text id: its number when it is a canonical integer
    /// (`'42'` is the entity `42`), else its handle. Validates the text.
    pub fn intern(&mut self, text: &str) -> Result<f64, InputError> {
        if let EntityIdRef::Int(n) = EntityIdRef::from_text(text)? {
            return Ok(n as f64);
        }
        if let Some(&i) = self.index.get(text) {
            return Ok(self.handle(i));
        }
        if self.texts.len() >= MAX_TEXTS {
            self.texts.clear();
            self.index.clear();
            self.epoch = self.epoch.wrapping_add(1);
        }
        let i = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.into());
        self.index.insert(text.into(), i);
        Ok(self.handle(i))
    }

    /// Moves whenever every earlier handle became invalid.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    fn handle(&self, index: u32) -> f64 {
        -(1.0 + f64::from(index) + STRIDE * f64::from(self.epoch))
    }

    /// The text of a handle of the current epoch.
    fn text(&self, handle: f64) -> Option<&str> {
        let k = -handle - 1.0;
        let valid = k >= 0.0 && k.fract() == 0.0 && k < 9.0e15;
        if !valid {
            return None;
        }
        let epoch = (k / STRIDE).floor();
        let index = k - epoch * STRIDE;
        if epoch != f64::from(self.epoch) {
            return None;
        }
        self.texts.get(index as usize).map(|t| &**t)
    }

    /// A wire id as an entity id: a number ≥ 0 is validated as a numeric
    /// id; a negative one must be a live handle.
    pub fn resolve(&self, id: f64) -> Result<EntityIdRef<'_>, InputError> {
        if id >= 0.0 || id.is_nan() {
            return EntityIdRef::from_number(id);
        }
        match self.text(id) {
            Some(text) => Ok(EntityIdRef::Str(text)),
            None => Err(InputError::new("entityId", Reason::Negative(id))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_ids_round_trip_and_integers_stay_numbers() {
        let mut t = TextIds::default();
        let a = t.intern("project-1").unwrap();
        assert!(a < 0.0);
        assert_eq!(t.intern("project-1").unwrap(), a);
        assert_eq!(t.resolve(a).unwrap(), EntityIdRef::Str("project-1"));
        assert_eq!(t.intern("42").unwrap(), 42.0);
        assert_eq!(t.resolve(42.0).unwrap(), EntityIdRef::Int(42));
        assert!(t.intern("").is_err());
        assert!(t.resolve(-1.5).is_err());
        assert!(t.resolve(-99.0).is_err(), "not a live handle");
        assert!(t.resolve(f64::NAN).is_err());
    }

    #[test]
    fn a_full_table_starts_a_new_epoch_and_old_handles_stop_resolving() {
        let mut t = TextIds::default();
        let first = t.intern("id-0").unwrap();
        for i in 1..MAX_TEXTS {
            t.intern(&format!("id-{i}")).unwrap();
        }
        assert_eq!(t.epoch(), 0);
        let fresh = t.intern("one-more").unwrap();
        assert_eq!(t.epoch(), 1);
        assert!(t.resolve(first).is_err());
        assert_eq!(t.resolve(fresh).unwrap(), EntityIdRef::Str("one-more"));
        let again = t.intern("id-0").unwrap();
        assert_ne!(again, first);
        assert_eq!(t.resolve(again).unwrap(), EntityIdRef::Str("id-0"));
    }
}
