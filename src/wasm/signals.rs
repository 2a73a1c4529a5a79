//! Remote payloads as JSON text (from `JSON.stringify`, or a socket frame
//! as received), parsed by the core's small reader. Lenient by contract:
//! this never throws.

use wasm_bindgen::prelude::*;

use super::CoreStore;
use crate::abi::status;
use crate::core::frame::parse_frames;
use crate::core::{parse_signals, Effect};

/// JavaScript's own number parser, for number text the core's exact fast
/// path can't take (the module then needs no float parser of its own).
fn js_number(text: &str) -> Option<f64> {
    let v = js_sys::parse_float(text);
    (!v.is_nan()).then_some(v)
}

impl CoreStore {
    /// `VOCAB` when the call learned metric names (there were `before`).
    fn vocab_flag(&self, before: usize) -> u32 {
        if self.inner.vocab().metric_count() == before {
            0
        } else {
            status::VOCAB
        }
    }
}

#[wasm_bindgen]
impl CoreStore {
    /// Applies one `metric:update` payload (JSON text); returns the status
    /// with `ACCEPTED` when it named a valid entity.
    #[wasm_bindgen(js_name = applySignal)]
    pub fn apply_signal(&mut self, json: &str, now: Option<f64>) -> u32 {
        let names = self.inner.vocab().metric_count();
        let mut effect = Effect::None;
        let mut accepted = 0;
        for payload in parse_signals(json, &js_number) {
            let outcome = self.inner.apply_signal(&payload, now);
            effect = effect.max(outcome.effect);
            if outcome.accepted {
                accepted = status::ACCEPTED;
            }
        }
        effect as u32 | accepted | self.resync_flag() | self.vocab_flag(names)
    }

    /// Applies a JSON array of payloads (one transport frame) in one call.
    #[wasm_bindgen(js_name = applySignals)]
    pub fn apply_signals(&mut self, json: &str, now: Option<f64>) -> u32 {
        let names = self.inner.vocab().metric_count();
        let payloads = parse_signals(json, &js_number);
        let effect = self.inner.apply_signals(&payloads, now);
        effect as u32 | self.resync_flag() | self.vocab_flag(names)
    }

    /// Applies transport frames as received (one or more, separated by
    /// whitespace): `metric:update` payloads are read here, in one parse.
    /// With `keepOthers`, the other messages' JSON waits in `takeMessages()`
    /// (status bit `MESSAGES`).
    #[wasm_bindgen(js_name = applyFrames)]
    pub fn apply_frames(&mut self, text: &str, now: Option<f64>, keep_others: bool) -> u32 {
        let names = self.inner.vocab().metric_count();
        let frame = parse_frames(text, &js_number, keep_others);
        let effect = self.inner.apply_signals(&frame.signals, now);
        self.messages = frame.others.into_iter().map(String::from).collect();
        let more = if self.messages.is_empty() {
            0
        } else {
            status::MESSAGES
        };
        effect as u32 | self.resync_flag() | more | self.vocab_flag(names)
    }

    /// The other messages of the last `applyFrames` (once).
    #[wasm_bindgen(js_name = takeMessages)]
    pub fn take_messages(&mut self) -> Vec<String> {
        std::mem::take(&mut self.messages)
    }
}
