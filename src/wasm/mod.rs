//! The thin wasm binding: one `CoreStore` class over `core::MetricStore`.
//!
//! Hot paths take numbers (type code, entity id, metric code, delta) and
//! return numbers; strings cross only for string ids, names and the
//! debugging `deltas` view. Every entry point validates its input and
//! returns a JS `Error` naming the field; none can panic.
//!
//! The methods are split by concept across `writes`, `reads`, `signals`,
//! `topics` and `vocab`; `errors` turns core errors into JS errors.

mod errors;
mod reads;
mod signals;
mod topics;
mod vocab;
mod writes;

use wasm_bindgen::prelude::*;

use crate::core::{EntityIdRef, MetricCode, MetricStore, TypeCode};
use errors::{input_error, JsResult};

#[wasm_bindgen]
pub struct CoreStore {
    inner: MetricStore,
}

#[wasm_bindgen]
impl CoreStore {
    #[wasm_bindgen(constructor)]
    pub fn new() -> CoreStore {
        CoreStore {
            inner: MetricStore::new(),
        }
    }
}

impl Default for CoreStore {
    fn default() -> Self {
        Self::new()
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

fn num_id(id: f64) -> JsResult<EntityIdRef<'static>> {
    EntityIdRef::from_number(id).map_err(|e| input_error(&e))
}

fn str_id(id: &str) -> JsResult<EntityIdRef<'_>> {
    EntityIdRef::from_text(id).map_err(|e| input_error(&e))
}
