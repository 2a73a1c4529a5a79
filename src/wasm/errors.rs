//! Core input errors → JS `Error`s carrying `field` and `reason`.

use wasm_bindgen::prelude::*;

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
