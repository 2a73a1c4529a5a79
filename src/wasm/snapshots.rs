//! Absolute snapshots, `lastUpdated` and the activity ring.

use wasm_bindgen::prelude::*;

use super::bases::outcome_codes;
use super::errors::JsResult;
use super::{code_pairs, id_value, thrown, type_code, watermark, CoreStore};
use crate::abi::meta;
use crate::core::{InputError, Reason, SnapshotMeta};

#[wasm_bindgen]
impl CoreStore {
    /// Applies a snapshot (`meta::VERSION` or `meta::TIMESTAMP`). Returns
    /// `[status, changedCode…]` as `setBase` does.
    #[wasm_bindgen(js_name = applySnapshot)]
    pub fn apply_snapshot(
        &mut self,
        ty: u32,
        id: f64,
        flat: &[f64],
        kind: u32,
        value: f64,
        now: f64,
    ) -> JsResult<Vec<u32>> {
        let ty = thrown(type_code(ty))?;
        let values = thrown(code_pairs("values", flat))?;
        let meta = match kind {
            meta::VERSION => SnapshotMeta::Version(thrown(watermark("meta.version", value))?),
            meta::TIMESTAMP => SnapshotMeta::Timestamp(value),
            _ => return thrown(Err(InputError::new("meta", Reason::UnknownCode(kind)))),
        };
        let id = thrown(self.ids.resolve(id))?;
        let outcome = thrown(self.inner.apply_snapshot(ty, id, &values, meta, now))?;
        Ok(outcome_codes(&outcome, self.resync_flag()))
    }

    /// When a remote change last reached the entity (ms), if ever.
    #[wasm_bindgen(js_name = lastUpdated)]
    pub fn last_updated(&self, ty: u32, id: f64) -> JsResult<Option<f64>> {
        let ty = thrown(type_code(ty))?;
        Ok(self.inner.last_updated(ty, thrown(self.ids.resolve(id))?))
    }

    /// Newest first, flat: `[kindCode, typeCode, entityId, at, n, metricCode × n, …]`.
    pub fn activity(&self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for e in self.inner.activity() {
            out.push(&JsValue::from(e.kind as u32));
            out.push(&JsValue::from(e.ty.0));
            out.push(&id_value(&e.id));
            out.push(&JsValue::from_f64(e.at));
            out.push(&JsValue::from(e.changed.len() as u32));
            for m in &e.changed {
                out.push(&JsValue::from(m.0));
            }
        }
        out
    }
}
