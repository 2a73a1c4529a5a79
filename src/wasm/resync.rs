//! Stale entities and resync requests.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{id_value, thrown, type_code, CoreStore};
use crate::abi::stale_code;

#[wasm_bindgen]
impl CoreStore {
    /// `[typeCode, entityId, reasonCode, …]` for entities newly stale.
    #[wasm_bindgen(js_name = drainResync)]
    pub fn drain_resync(&mut self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for r in self.inner.drain_resync() {
            out.push(&JsValue::from(r.ty.0));
            out.push(&id_value(&r.id));
            out.push(&JsValue::from(stale_code(r.reason)));
        }
        out
    }

    #[wasm_bindgen(js_name = hasResync)]
    pub fn has_resync(&self) -> bool {
        self.inner.has_resync()
    }

    /// After a reconnect: entities whose topics are held may have missed deltas.
    #[wasm_bindgen(js_name = markHeldStale)]
    pub fn mark_held_stale(&mut self) -> u32 {
        u32::try_from(self.inner.mark_held_stale()).unwrap_or(u32::MAX)
    }

    #[wasm_bindgen(js_name = isStale)]
    pub fn is_stale(&self, ty: u32, id: f64) -> JsResult<bool> {
        let ty = thrown(type_code(ty))?;
        Ok(self.inner.is_stale(ty, thrown(self.ids.resolve(id))?))
    }
}
