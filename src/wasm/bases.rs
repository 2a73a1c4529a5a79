//! Bases with watermarks, refetch tokens and projected values.

use wasm_bindgen::prelude::*;

use super::errors::{input_error, JsResult};
use super::{code_pairs, metric_code, type_code, watermark, AnyId, CoreStore};
use crate::core::{BaseMeta, BaseOutcome, InputError, Reason};

/// Meta kinds as the JS layer passes them.
const VERSION: u32 = 0;
const AS_OF: u32 = 1;
const NONE: u32 = 3;

fn base_meta(kind: u32, value: f64) -> JsResult<Option<BaseMeta>> {
    match kind {
        VERSION => Ok(Some(BaseMeta::Version(watermark("meta.version", value)?))),
        AS_OF => Ok(Some(BaseMeta::AsOf(watermark("meta.asOf", value)?))),
        NONE => Ok(None),
        _ => Err(input_error(&InputError::new(
            "meta",
            Reason::Malformed("must be { version } or { asOf }".into()),
        ))),
    }
}

/// `[flags, changedCode…]`: flags = effect (bits 0–1) | applied (bit 2).
pub(super) fn outcome_codes(outcome: &BaseOutcome) -> Vec<u32> {
    let flags = outcome.effect as u32 | if outcome.applied { 4 } else { 0 };
    std::iter::once(flags)
        .chain(outcome.changed.iter().map(|m| u32::from(m.0)))
        .collect()
}

#[wasm_bindgen]
impl CoreStore {
    /// A token for a base fetch starting now.
    #[wasm_bindgen(js_name = markRefetch)]
    pub fn mark_refetch(&mut self, ty: u32, id: JsValue) -> JsResult<f64> {
        let ty = type_code(ty)?;
        let id = AnyId::from_js(&id)?;
        self.inner
            .mark_refetch(ty, id.get()?)
            .map(|t| t as f64)
            .map_err(|e| input_error(&e))
    }

    /// Sets a base; `flat` is `[code, value, …]`, meta kind 0 version / 1 asOf.
    #[wasm_bindgen(js_name = setBase)]
    pub fn set_base(
        &mut self,
        ty: u32,
        id: JsValue,
        flat: &[f64],
        kind: u32,
        meta: f64,
    ) -> JsResult<Vec<u32>> {
        let ty = type_code(ty)?;
        let id = AnyId::from_js(&id)?;
        let values = code_pairs("values", flat)?;
        let Some(meta) = base_meta(kind, meta)? else {
            return Err(input_error(&InputError::new(
                "meta",
                Reason::Malformed("must be { version } or { asOf }".into()),
            )));
        };
        let outcome = self
            .inner
            .set_base(ty, id.get()?, &values, meta)
            .map_err(|e| input_error(&e))?;
        let mut codes = outcome_codes(&outcome);
        if let Some(flags) = codes.first_mut() {
            *flags |= self.resync_flag();
        }
        Ok(codes)
    }

    /// `base + delta`, when the store holds a base for the key.
    pub fn value(&self, ty: u32, id: JsValue, metric: u32) -> JsResult<Option<f64>> {
        let id = AnyId::from_js(&id)?;
        Ok(self.inner.value(
            type_code(ty)?,
            id.get()?,
            metric_code("metricType", metric)?,
        ))
    }

    /// What a card shows for a base fetched with meta (kind 3: no meta).
    pub fn projected(
        &self,
        ty: u32,
        id: JsValue,
        metric: u32,
        base: f64,
        kind: u32,
        meta: f64,
    ) -> JsResult<f64> {
        let id = AnyId::from_js(&id)?;
        let meta = base_meta(kind, meta)?;
        Ok(self.inner.projected(
            type_code(ty)?,
            id.get()?,
            metric_code("metricType", metric)?,
            base,
            meta,
        ))
    }
}
