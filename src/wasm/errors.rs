//! Core input errors → JS `Error`s carrying `field` and `reason`.

use wasm_bindgen::prelude::*;

use super::CoreStore;
use crate::core::InputError;

pub type JsResult<T> = Result<T, JsValue>;

/// An `Error` whose message names the field and the reason, with both also
/// as properties so the JS layer can rethrow it as a `LiveMetricsError`.
pub fn input_error(e: &InputError) -> JsValue {
    let error = js_sys::Error::new(&e.message(&js_text));
    error.set_name("LiveMetricsError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"field".into(), &e.field.as_str().into());
    let _ = js_sys::Reflect::set(&error, &"reason".into(), &e.reason.render(&js_text).into());
    error.into()
}

/// JavaScript's own `String(v)`: the module carries no float formatting.
fn js_text(v: f64) -> String {
    js_sys::Number::from(v)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// What a status-returning call (`applyOne`, …) returns when it failed;
/// effects are 0–2, so it can't be mistaken for one.
pub const FAILED: u32 = u32::MAX;

#[wasm_bindgen]
impl CoreStore {
    /// The error of the last call that returned `FAILED` (once; then undefined).
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> JsValue {
        self.failure.take().unwrap_or(JsValue::UNDEFINED)
    }
}

impl CoreStore {
    /// A call's number for JS: the value, or `FAILED` with the error kept.
    pub(super) fn status(&mut self, result: JsResult<u32>) -> u32 {
        match result {
            Ok(v) => v,
            Err(e) => {
                self.failure = Some(e);
                FAILED
            }
        }
    }
}
