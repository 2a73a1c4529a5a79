//! Core input errors → JS `Error`s carrying `field` and `reason`.

use wasm_bindgen::prelude::*;

use crate::core::InputError;

pub type JsResult<T> = Result<T, JsValue>;

/// An `Error` whose message names the field and the reason, with both also
/// as properties so the JS layer can rethrow it as a `LiveMetricsError`.
pub fn input_error(e: &InputError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    error.set_name("LiveMetricsError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"field".into(), &e.field.as_str().into());
    let _ = js_sys::Reflect::set(&error, &"reason".into(), &e.reason.to_string().into());
    error.into()
}
