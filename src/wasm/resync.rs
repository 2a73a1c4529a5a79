//! Stale entities and resync requests.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{type_code, AnyId, CoreStore};

#[wasm_bindgen]
impl CoreStore {
    /// `[entityType, entityId, reason, …]` for entities newly stale.
    #[wasm_bindgen(js_name = drainResync)]
    pub fn drain_resync(&mut self) -> Vec<String> {
        self.inner
            .drain_resync()
            .into_iter()
            .flat_map(|r| [r.entity_type, r.entity_id, r.reason.to_string()])
            .collect()
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
    pub fn is_stale(&self, ty: u32, id: JsValue) -> JsResult<bool> {
        let id = AnyId::from_js(&id)?;
        Ok(self.inner.is_stale(type_code(ty)?, id.get()?))
    }
}
