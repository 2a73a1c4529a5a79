//! Remote payloads, decoded from JS objects with serde-wasm-bindgen.
//! Lenient by contract: this never throws.

use wasm_bindgen::prelude::*;

use super::CoreStore;
use crate::core::{Effect, SignalPayload};

#[wasm_bindgen]
impl CoreStore {
    /// Bit 3 of a write's result: entities became stale (drain `drainResync`).
    pub(super) fn resync_flag(&self) -> u32 {
        if self.inner.has_resync() {
            8
        } else {
            0
        }
    }

    /// Applies one `metric:update` payload; returns the effect (0/1/2) in
    /// bits 0–1, whether the payload was accepted in bit 2, and bit 3 when
    /// entities became stale.
    #[wasm_bindgen(js_name = applySignal)]
    pub fn apply_signal(&mut self, payload: JsValue, now: Option<f64>) -> u32 {
        // A value serde cannot even walk (a Symbol, a throwing getter) is
        // treated as a payload with no entity: rejected and counted.
        let parsed: SignalPayload = serde_wasm_bindgen::from_value(payload).unwrap_or_default();
        let outcome = self.inner.apply_signal(&parsed, now);
        (outcome.effect as u32) | if outcome.accepted { 4 } else { 0 } | self.resync_flag()
    }

    /// Applies an array of payloads (one transport frame) in one call.
    #[wasm_bindgen(js_name = applySignals)]
    pub fn apply_signals(&mut self, payloads: JsValue, now: Option<f64>) -> u32 {
        let array = js_sys::Array::from(&payloads);
        let mut effect = Effect::None;
        for item in array.iter() {
            let parsed: SignalPayload = serde_wasm_bindgen::from_value(item).unwrap_or_default();
            effect = effect.max(self.inner.apply_signal(&parsed, now).effect);
        }
        effect as u32 | self.resync_flag()
    }
}
