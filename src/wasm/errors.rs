//! Core input errors as they cross: `[code, field, a, b, text]`, which the
//! TypeScript layer turns into a `LiveMetricsError` worded from the one
//! message table (`core::error::MESSAGES`). No text is formatted here.

use wasm_bindgen::prelude::*;

use super::CoreStore;
use crate::abi::status::FAILED;
use crate::core::{Effect, InputError};

pub type JsResult<T> = Result<T, JsValue>;

/// The error as a plain JS array (thrown, or returned by `takeError`).
pub fn error_value(e: &InputError) -> JsValue {
    let c = e.reason.coded();
    let out = js_sys::Array::new();
    out.push(&JsValue::from(c.code as u32));
    out.push(&JsValue::from_str(&e.field));
    out.push(&JsValue::from_f64(c.a));
    out.push(&JsValue::from_f64(c.b));
    out.push(&JsValue::from_str(c.text));
    out.into()
}

#[wasm_bindgen]
impl CoreStore {
    /// The error of the last call that returned `FAILED` or NaN (once; then undefined).
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> JsValue {
        self.failure
            .take()
            .map_or(JsValue::UNDEFINED, |e| error_value(&e))
    }
}

impl CoreStore {
    /// A write's status for JS: its effect (plus `extra` bits), or `FAILED`
    /// with the error kept for `takeError`.
    pub(super) fn status(&mut self, result: Result<Effect, InputError>, extra: u32) -> u32 {
        match result {
            Ok(effect) => effect as u32 | extra,
            Err(e) => {
                self.failure = Some(e);
                FAILED
            }
        }
    }

    /// A read's number for JS, or NaN with the error kept for `takeError`
    /// (no value a read returns is ever NaN).
    pub(super) fn number(&mut self, result: Result<f64, InputError>) -> f64 {
        result.unwrap_or_else(|e| {
            self.failure = Some(e);
            f64::NAN
        })
    }
}
