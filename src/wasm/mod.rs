//! The thin wasm binding: one `CoreStore` class over `core::MetricStore`.
//!
//! Everything crosses as numbers in the shapes `src/abi.rs` defines: type
//! and metric codes, wire ids (a number ≥ 0, or a negative handle of an
//! interned text id — see `core::text_ids`), `u32` statuses, and errors as
//! `[code, field, a, b, text]` arrays that the TypeScript layer words from
//! the one message table. Strings cross only for text ids (once each),
//! names, mutation ids and JSON payloads. Nothing here can panic.
//!
//! The methods are split by concept: `writes`, `reads`, `bases`,
//! `snapshots`, `signals`, `topics`, `resync`, `mutations`, `vocab`,
//! `storage`; `errors` encodes failures.

mod bases;
mod errors;
mod explain;
mod mutations;
mod owners;
mod reads;
mod resync;
mod signals;
mod snapshots;
mod storage;
mod topics;
mod vocab;
mod writes;

use wasm_bindgen::prelude::*;

use crate::core::text_ids::TextIds;
use crate::core::{
    EntityId, EntityIdRef, InputError, MetricCode, MetricStore, Reason, StoreConfig, TypeCode,
};
pub use errors::error_value;
use errors::JsResult;

#[wasm_bindgen]
pub struct CoreStore {
    inner: MetricStore,
    config: StoreConfig,
    ids: TextIds,
    /// The error of the last status-returning call that failed (`takeError`).
    failure: Option<InputError>,
    /// Non-metric messages of the last frame, for the app (`takeMessages`).
    messages: Vec<String>,
}

#[wasm_bindgen]
impl CoreStore {
    /// `dedupeWindow`: event ids remembered; `activitySize`: events kept;
    /// `maxKeys`: the key cap (LRU eviction beyond it); `strict`: learn no
    /// metric names from remote payloads.
    #[wasm_bindgen(constructor)]
    pub fn new(
        dedupe_window: Option<u32>,
        activity_size: Option<u32>,
        max_keys: Option<u32>,
        strict: Option<bool>,
    ) -> CoreStore {
        let defaults = StoreConfig::default();
        let size = |v: Option<u32>, d: usize| v.map_or(d, |n| n as usize);
        let config = StoreConfig {
            dedupe_window: size(dedupe_window, defaults.dedupe_window),
            activity_size: size(activity_size, defaults.activity_size),
            max_keys: max_keys.map(|n| n as usize),
            learn_metrics: strict != Some(true),
        };
        CoreStore {
            inner: MetricStore::with_config(config),
            config,
            ids: TextIds::default(),
            failure: None,
            messages: Vec::new(),
        }
    }

    /// The wire id of a text id: a number for a canonical integer
    /// (`'42'`), else a negative handle valid until `textEpoch()` moves.
    /// NaN when the text is not a valid id (the error waits in `takeError`).
    #[wasm_bindgen(js_name = internText)]
    pub fn intern_text(&mut self, text: &str) -> f64 {
        match self.ids.intern(text) {
            Ok(id) => id,
            Err(e) => {
                self.failure = Some(e);
                f64::NAN
            }
        }
    }

    /// Moves when every text handle handed out so far stopped resolving.
    #[wasm_bindgen(js_name = textEpoch)]
    pub fn text_epoch(&self) -> u32 {
        self.ids.epoch()
    }

    /// Why a number is not an entity id (for numbers the JS layer does not
    /// send: negative or NaN ones, which could be taken for handles).
    #[wasm_bindgen(js_name = numberIdError)]
    pub fn number_id_error(&self, id: f64) -> JsValue {
        match EntityIdRef::from_number(id) {
            Ok(_) => JsValue::UNDEFINED,
            Err(e) => error_value(&e),
        }
    }
}

impl Default for CoreStore {
    fn default() -> Self {
        Self::new(None, None, None, None)
    }
}

/// Bytes of wasm linear memory in use (it grows, never shrinks).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as f64) * 65_536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Codes arrive as JS numbers; anything outside u16 is an unknown code.
fn type_code(code: u32) -> Result<TypeCode, InputError> {
    u16::try_from(code)
        .map(TypeCode)
        .map_err(|_| InputError::new("entityType", Reason::UnknownCode(code)))
}

fn metric_code(field: &str, code: u32) -> Result<MetricCode, InputError> {
    u16::try_from(code)
        .map(MetricCode)
        .map_err(|_| InputError::new(field, Reason::UnknownCode(code)))
}

/// `[code, value, code, value, …]` → pairs; codes must be integral u16.
fn code_pairs(field: &str, flat: &[f64]) -> Result<Vec<(MetricCode, f64)>, InputError> {
    if flat.len() % 2 != 0 {
        return Err(InputError::new(
            field,
            Reason::Malformed("expected code/value pairs".into()),
        ));
    }
    flat.chunks_exact(2)
        .map(|pair| match pair {
            [code, value] if code.fract() == 0.0 && (0.0..65536.0).contains(code) => {
                Ok((MetricCode(*code as u16), *value))
            }
            [code, _] => Err(InputError::new(field, Reason::NotSafeInteger(*code))),
            _ => Err(InputError::new(
                field,
                Reason::Malformed("expected code/value pairs".into()),
            )),
        })
        .collect()
}

/// A watermark number (version, seq): a non-negative safe integer.
fn watermark(field: &str, v: f64) -> Result<u64, InputError> {
    match EntityIdRef::from_number(v) {
        Ok(EntityIdRef::Int(n)) => Ok(n),
        Ok(EntityIdRef::Str(_)) | Err(_) => Err(InputError::new(field, Reason::NotSafeInteger(v))),
    }
}

/// An entity id as JS sees it: a number, or the text.
fn id_value(id: &EntityId) -> JsValue {
    match id {
        EntityId::Int(n) => JsValue::from_f64(*n as f64),
        EntityId::Str(s) => JsValue::from_str(s),
    }
}

/// A `Result` of the core as wasm-bindgen throws it.
fn thrown<T>(r: Result<T, InputError>) -> JsResult<T> {
    r.map_err(|e| error_value(&e))
}
