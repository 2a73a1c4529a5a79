//! The thin wasm binding: one `CoreStore` class over `core::MetricStore`.
//!
//! Hot paths take numbers (type code, entity id, metric code, delta) and
//! return numbers; strings cross only for string ids, names and the
//! debugging `deltas` view. Every entry point validates its input and
//! returns a JS `Error` naming the field; none can panic.
//!
//! The methods are split by concept across `writes`, `reads`, `signals`,
//! `topics` and `vocab`; `errors` turns core errors into JS errors.

mod bases;
mod errors;
mod mutations;
mod reads;
mod resync;
mod signals;
mod snapshots;
mod storage;
mod timers;
mod topics;
mod vocab;
mod writes;

use wasm_bindgen::prelude::*;

use crate::core::{
    EntityIdRef, InputError, MetricCode, MetricStore, Reason, StoreConfig, TypeCode,
};
pub use errors::FAILED;
use errors::{input_error, JsResult};

#[wasm_bindgen]
pub struct CoreStore {
    inner: MetricStore,
    config: StoreConfig,
    /// The error of the last status-returning call that failed (`takeError`).
    failure: Option<JsValue>,
}

#[wasm_bindgen]
impl CoreStore {
    /// `dedupeWindow`: event ids remembered; `activitySize`: events kept;
    /// `maxKeys`: the key cap (LRU eviction beyond it).
    #[wasm_bindgen(constructor)]
    pub fn new(
        dedupe_window: Option<u32>,
        activity_size: Option<u32>,
        max_keys: Option<u32>,
    ) -> CoreStore {
        let defaults = StoreConfig::default();
        let size = |v: Option<u32>, d: usize| v.map_or(d, |n| n as usize);
        let config = StoreConfig {
            dedupe_window: size(dedupe_window, defaults.dedupe_window),
            activity_size: size(activity_size, defaults.activity_size),
            max_keys: max_keys.map(|n| n as usize),
        };
        CoreStore {
            inner: MetricStore::with_config(config),
            config,
            failure: None,
        }
    }
}

impl Default for CoreStore {
    fn default() -> Self {
        Self::new(None, None, None)
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
fn type_code(code: u32) -> JsResult<TypeCode> {
    u16::try_from(code).map(TypeCode).map_err(|_| {
        input_error(&crate::core::InputError::new(
            "entityType",
            crate::core::Reason::UnknownCode(code),
        ))
    })
}

fn metric_code(field: &str, code: u32) -> JsResult<MetricCode> {
    u16::try_from(code).map(MetricCode).map_err(|_| {
        input_error(&crate::core::InputError::new(
            field,
            crate::core::Reason::UnknownCode(code),
        ))
    })
}

#[inline]
fn num_id(id: f64) -> JsResult<EntityIdRef<'static>> {
    EntityIdRef::from_number(id).map_err(|e| input_error(&e))
}

fn str_id(id: &str) -> JsResult<EntityIdRef<'_>> {
    EntityIdRef::from_text(id).map_err(|e| input_error(&e))
}

/// An id that may be a number or a string (off the hot paths).
enum AnyId {
    Num(f64),
    Text(String),
}

impl AnyId {
    fn from_js(id: &JsValue) -> JsResult<AnyId> {
        if let Some(n) = id.as_f64() {
            return Ok(AnyId::Num(n));
        }
        match id.as_string() {
            Some(s) => Ok(AnyId::Text(s)),
            None => Err(input_error(&InputError::new(
                "entityId",
                Reason::Malformed("must be a number or a string".into()),
            ))),
        }
    }

    fn get(&self) -> JsResult<EntityIdRef<'_>> {
        match self {
            AnyId::Num(n) => num_id(*n),
            AnyId::Text(s) => str_id(s),
        }
    }
}

/// `[code, value, code, value, …]` → pairs; codes must be integral u16.
fn code_pairs(field: &str, flat: &[f64]) -> JsResult<Vec<(MetricCode, f64)>> {
    let bad = |what: String| input_error(&InputError::new(field, Reason::Malformed(what)));
    if flat.len() % 2 != 0 {
        return Err(bad("expected code/value pairs".into()));
    }
    flat.chunks_exact(2)
        .map(|pair| match pair {
            [code, value] if code.fract() == 0.0 && (0.0..65536.0).contains(code) => {
                Ok((MetricCode(*code as u16), *value))
            }
            [code, _] => Err(input_error(&InputError::new(
                field,
                Reason::NotSafeInteger(*code),
            ))),
            _ => Err(bad("expected code/value pairs".into())),
        })
        .collect()
}

/// A watermark number (version, seq): a non-negative safe integer.
fn watermark(field: &str, v: f64) -> JsResult<u64> {
    match EntityIdRef::from_number(v) {
        Ok(EntityIdRef::Int(n)) => Ok(n),
        Ok(EntityIdRef::Str(_)) | Err(_) => Err(input_error(&InputError::new(
            field,
            Reason::NotSafeInteger(v),
        ))),
    }
}
