//! Absolute snapshots, `lastUpdated` and the activity ring.

use wasm_bindgen::prelude::*;

use super::bases::outcome_codes;
use super::errors::{input_error, JsResult};
use super::{code_pairs, type_code, watermark, AnyId, CoreStore};
use crate::core::{InputError, Reason, SnapshotMeta};

#[wasm_bindgen]
impl CoreStore {
    /// Applies a snapshot; meta kind 0 version, 2 timestamp. Returns
    /// `[flags, changedCode…]` (flags: effect | applied << 2).
    #[wasm_bindgen(js_name = applySnapshot)]
    pub fn apply_snapshot(
        &mut self,
        ty: u32,
        id: JsValue,
        flat: &[f64],
        kind: u32,
        meta: f64,
        now: f64,
    ) -> JsResult<Vec<u32>> {
        let ty = type_code(ty)?;
        let id = AnyId::from_js(&id)?;
        let values = code_pairs("values", flat)?;
        let meta = match kind {
            0 => SnapshotMeta::Version(watermark("meta.version", meta)?),
            2 => SnapshotMeta::Timestamp(meta),
            _ => {
                return Err(input_error(&InputError::new(
                    "meta",
                    Reason::Malformed("must be { version } or { timestamp }".into()),
                )))
            }
        };
        let outcome = self
            .inner
            .apply_snapshot(ty, id.get()?, &values, meta, now)
            .map_err(|e| input_error(&e))?;
        let mut codes = outcome_codes(&outcome);
        if let Some(flags) = codes.first_mut() {
            *flags |= self.resync_flag();
        }
        Ok(codes)
    }

    /// When a remote change last reached the entity (ms), if ever.
    #[wasm_bindgen(js_name = lastUpdated)]
    pub fn last_updated(&self, ty: u32, id: JsValue) -> JsResult<Option<f64>> {
        let id = AnyId::from_js(&id)?;
        Ok(self.inner.last_updated(type_code(ty)?, id.get()?))
    }

    /// `[{ kind, entityType, entityId, changedFields, at }, …]`, newest first.
    pub fn activity(&self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for (kind, ty, id, changed, at) in self.inner.activity() {
            let event = js_sys::Object::new();
            let fields = js_sys::Array::new();
            for name in changed {
                fields.push(&name.into());
            }
            // Setting properties on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&event, &"kind".into(), &kind.into());
            let _ = js_sys::Reflect::set(&event, &"entityType".into(), &ty.into());
            let _ = js_sys::Reflect::set(&event, &"entityId".into(), &id.into());
            let _ = js_sys::Reflect::set(&event, &"changedFields".into(), &fields);
            let _ = js_sys::Reflect::set(&event, &"at".into(), &at.into());
            out.push(&event);
        }
        out
    }
}
