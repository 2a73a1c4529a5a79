//! Timers for the mutation driver, in the binding layer: an `AbortSignal`
//! that fires after an attempt's timeout (web-sys `AbortController` +
//! gloo-timers), and a promise that resolves after a backoff delay. The
//! callbacks run from the event loop, never inside a wasm call.

use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;

/// Milliseconds as gloo wants them: clamped to [0, 2^31 − 1].
fn millis(ms: f64) -> u32 {
    if ms.is_finite() && ms > 0.0 {
        ms.min(2_147_483_647.0) as u32
    } else {
        0
    }
}

/// An `AbortSignal` that aborts after `ms` (the attempt's timeout).
#[wasm_bindgen(js_name = timeoutSignal)]
pub fn timeout_signal(ms: f64) -> Result<web_sys::AbortSignal, JsValue> {
    let controller = web_sys::AbortController::new()?;
    let signal = controller.signal();
    // Fires once; aborting a finished request's controller is harmless.
    Timeout::new(millis(ms), move || controller.abort()).forget();
    Ok(signal)
}

/// A promise that resolves after `ms` (a backoff wait).
#[wasm_bindgen]
pub fn wait(ms: f64) -> js_sys::Promise {
    let delay = millis(ms);
    js_sys::Promise::new(&mut |resolve, _reject| {
        Timeout::new(delay, move || {
            // Resolving a fresh promise with undefined cannot fail.
            let _ = resolve.call0(&JsValue::UNDEFINED);
        })
        .forget();
    })
}
