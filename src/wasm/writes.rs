//! Writes: apply deltas, clear keys. Each returns the core `Effect` as a
//! number (0 nothing, 1 changed, 2 a watched key changed) so the JS layer
//! drains and notifies only when needed.
//!
//! The `apply*` entry points return a plain `u32` rather than a `Result`: a
//! `Result` crosses as a fresh three-slot JS array per call, and V8 inlines
//! a JS→wasm call only when it has a single result. A failure returns
//! `FAILED` and leaves its JS `Error` for `takeError`. The `try_*` forms
//! are the same calls with a `Result`, for Rust callers and tests.

use wasm_bindgen::prelude::*;

use super::errors::{input_error, JsResult};
use super::{code_pairs, metric_code, num_id, str_id, type_code, CoreStore};
use crate::core::{EntityIdRef, MetricCode};

#[wasm_bindgen]
impl CoreStore {
    /// One metric delta on an entity with a number id (the hot path).
    #[wasm_bindgen(js_name = applyOne)]
    pub fn apply_one(&mut self, ty: u32, id: f64, metric: u32, delta: f64) -> u32 {
        let result = self.try_apply_one(ty, id, metric, delta);
        self.status(result)
    }

    #[wasm_bindgen(js_name = applyOneStr)]
    pub fn apply_one_str(&mut self, ty: u32, id: &str, metric: u32, delta: f64) -> u32 {
        let result = self.try_apply_one_str(ty, id, metric, delta);
        self.status(result)
    }

    /// Several metrics at once, all or nothing; `flat` is `[code, delta, …]`.
    #[wasm_bindgen(js_name = applyMany)]
    pub fn apply_many(&mut self, ty: u32, id: f64, flat: &[f64]) -> u32 {
        let result = self.try_apply_many(ty, id, flat);
        self.status(result)
    }

    #[wasm_bindgen(js_name = applyManyStr)]
    pub fn apply_many_str(&mut self, ty: u32, id: &str, flat: &[f64]) -> u32 {
        let result = self.try_apply_many_str(ty, id, flat);
        self.status(result)
    }

    /// Clears one metric, or the whole entity when `metric` is negative.
    #[wasm_bindgen(js_name = clear)]
    pub fn clear(&mut self, ty: u32, id: f64, metric: i32) -> JsResult<u32> {
        let id = num_id(id)?;
        self.clear_key(ty, id, metric)
    }

    #[wasm_bindgen(js_name = clearStr)]
    pub fn clear_str(&mut self, ty: u32, id: &str, metric: i32) -> JsResult<u32> {
        let id = str_id(id)?;
        self.clear_key(ty, id, metric)
    }

    /// Many single-metric deltas with numeric ids, from typed arrays (codes).
    #[wasm_bindgen(js_name = applyBatch)]
    pub fn apply_batch(
        &mut self,
        types: &[u16],
        ids: &[f64],
        metrics: &[u16],
        deltas: &[f64],
    ) -> JsResult<u32> {
        self.inner
            .apply_batch(types, ids, metrics, deltas)
            .map(|e| e as u32)
            .map_err(|e| input_error(&e))
    }

    #[wasm_bindgen(js_name = clearAll)]
    pub fn clear_all(&mut self) -> u32 {
        self.inner.clear_all() as u32
    }
}

/// The `apply*` calls with their errors as `Result`s.
impl CoreStore {
    pub fn try_apply_one(&mut self, ty: u32, id: f64, metric: u32, delta: f64) -> JsResult<u32> {
        let m = metric_code("updates", metric)?;
        let ty = type_code(ty)?;
        self.inner
            .apply_one(ty, num_id(id)?, m, delta)
            .map(|e| e as u32)
            .map_err(|e| input_error(&e))
    }

    pub fn try_apply_one_str(
        &mut self,
        ty: u32,
        id: &str,
        metric: u32,
        delta: f64,
    ) -> JsResult<u32> {
        let m = metric_code("updates", metric)?;
        let ty = type_code(ty)?;
        self.inner
            .apply_one(ty, str_id(id)?, m, delta)
            .map(|e| e as u32)
            .map_err(|e| input_error(&e))
    }

    pub fn try_apply_many(&mut self, ty: u32, id: f64, flat: &[f64]) -> JsResult<u32> {
        let updates = code_pairs("updates", flat)?;
        self.apply_to(ty, num_id(id)?, &updates)
    }

    pub fn try_apply_many_str(&mut self, ty: u32, id: &str, flat: &[f64]) -> JsResult<u32> {
        let updates = code_pairs("updates", flat)?;
        self.apply_to(ty, str_id(id)?, &updates)
    }

    fn apply_to(
        &mut self,
        ty: u32,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
    ) -> JsResult<u32> {
        let ty = type_code(ty)?;
        self.inner
            .apply(ty, id, updates)
            .map(|effect| effect as u32)
            .map_err(|e| input_error(&e))
    }

    fn clear_key(&mut self, ty: u32, id: EntityIdRef<'_>, metric: i32) -> JsResult<u32> {
        let ty = type_code(ty)?;
        let effect = match u32::try_from(metric) {
            Ok(m) => self
                .inner
                .clear_metric(ty, id, metric_code("metricType", m)?),
            Err(_) => self.inner.clear_entity(ty, id),
        };
        Ok(effect as u32)
    }
}
