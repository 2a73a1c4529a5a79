//! Bases with watermarks, refetch tokens and projected values.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{code_pairs, metric_code, thrown, type_code, watermark, CoreStore};
use crate::abi::{meta, status};
use crate::core::{BaseMeta, BaseOutcome, InputError, Reason};

/// A base's watermark from its `abi::meta` kind; `None` for `meta::NONE`.
/// A version with a finite `as_of` is a refetch bracketed by that token.
fn base_meta(kind: u32, value: f64, as_of: f64) -> Result<Option<BaseMeta>, InputError> {
    match kind {
        meta::VERSION if !as_of.is_nan() => Ok(Some(BaseMeta::Both {
            version: watermark("meta.version", value)?,
            as_of: watermark("meta.asOf", as_of)?,
        })),
        meta::VERSION => Ok(Some(BaseMeta::Version(watermark("meta.version", value)?))),
        meta::AS_OF => Ok(Some(BaseMeta::AsOf(watermark("meta.asOf", value)?))),
        meta::NONE => Ok(None),
        _ => Err(InputError::new("meta", Reason::UnknownCode(kind))),
    }
}

/// `[status, changedCode…]`: status = effect | ACCEPTED when applied | RESYNC.
pub(super) fn outcome_codes(outcome: &BaseOutcome, resync: u32) -> Vec<u32> {
    let applied = if outcome.applied { status::ACCEPTED } else { 0 };
    std::iter::once(outcome.effect as u32 | applied | resync)
        .chain(outcome.changed.iter().map(|m| u32::from(m.0)))
        .collect()
}

impl CoreStore {
    /// `RESYNC` when entities became stale (drain `drainResync`).
    pub(super) fn resync_flag(&self) -> u32 {
        if self.inner.has_resync() {
            status::RESYNC
        } else {
            0
        }
    }
}

#[wasm_bindgen]
impl CoreStore {
    /// A token for a base fetch starting now.
    #[wasm_bindgen(js_name = markRefetch)]
    pub fn mark_refetch(&mut self, ty: u32, id: f64) -> JsResult<f64> {
        let ty = thrown(type_code(ty))?;
        let id = thrown(self.ids.resolve(id))?;
        thrown(self.inner.mark_refetch(ty, id).map(|t| t as f64))
    }

    /// Sets a base; `flat` is `[code, value, …]`, `kind` a watermark kind
    /// (with `asOf`, not NaN, for a version bracketed by a refetch token).
    #[wasm_bindgen(js_name = setBase)]
    pub fn set_base(
        &mut self,
        ty: u32,
        id: f64,
        flat: &[f64],
        kind: u32,
        value: f64,
        as_of: f64,
    ) -> JsResult<Vec<u32>> {
        let ty = thrown(type_code(ty))?;
        let values = thrown(code_pairs("values", flat))?;
        let meta = match thrown(base_meta(kind, value, as_of))? {
            Some(meta) => meta,
            None => {
                return Err(super::error_value(&InputError::new(
                    "meta",
                    Reason::UnknownCode(kind),
                )))
            }
        };
        let id = thrown(self.ids.resolve(id))?;
        let outcome = thrown(self.inner.set_base(ty, id, &values, meta))?;
        Ok(outcome_codes(&outcome, self.resync_flag()))
    }

    /// `base + delta`, when the store holds a base for the key.
    pub fn value(&self, ty: u32, id: f64, metric: u32) -> JsResult<Option<f64>> {
        let ty = thrown(type_code(ty))?;
        let m = thrown(metric_code("metricType", metric))?;
        Ok(self.inner.value(ty, thrown(self.ids.resolve(id))?, m))
    }

    /// What a card shows for a base fetched with a watermark (`meta::NONE`: none).
    pub fn projected(
        &self,
        ty: u32,
        id: f64,
        metric: u32,
        base: f64,
        kind: u32,
        value: f64,
    ) -> JsResult<f64> {
        let ty = thrown(type_code(ty))?;
        let m = thrown(metric_code("metricType", metric))?;
        let meta = thrown(base_meta(kind, value, f64::NAN))?;
        Ok(self
            .inner
            .projected(ty, thrown(self.ids.resolve(id))?, m, base, meta))
    }
}
