//! Topic refcounts for the transport. Topics cross as `(type code, id)`;
//! the JS layer names them with the store's topic format.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{id_value, thrown, type_code, CoreStore};
use crate::abi::topic_change;

#[wasm_bindgen]
impl CoreStore {
    /// Returns the new refcount (1 means the topic is newly wanted).
    #[wasm_bindgen(js_name = acquireTopic)]
    pub fn acquire_topic(&mut self, ty: u32, id: f64) -> JsResult<u32> {
        let ty = thrown(type_code(ty))?;
        let id = thrown(self.ids.resolve(id))?;
        thrown(self.inner.acquire_topic(ty, id))
    }

    #[wasm_bindgen(js_name = releaseTopic)]
    pub fn release_topic(&mut self, ty: u32, id: f64) -> JsResult<u32> {
        let ty = thrown(type_code(ty))?;
        let id = thrown(self.ids.resolve(id))?;
        Ok(self.inner.release_topic(ty, id))
    }

    /// Net changes since the last drain: `[kind, typeCode, entityId, …]`
    /// with kinds from `abi::topic_change`.
    #[wasm_bindgen(js_name = drainTopicChanges)]
    pub fn drain_topic_changes(&mut self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for c in self.inner.drain_topic_changes() {
            let kind = if c.subscribe {
                topic_change::SUBSCRIBE
            } else {
                topic_change::UNSUBSCRIBE
            };
            out.push(&JsValue::from(kind));
            out.push(&JsValue::from(c.ty.0));
            out.push(&id_value(&c.id));
        }
        out
    }

    #[wasm_bindgen(js_name = hasTopicChanges)]
    pub fn has_topic_changes(&self) -> bool {
        self.inner.has_topic_changes()
    }

    /// Every topic currently subscribed: `[typeCode, entityId, …]`.
    #[wasm_bindgen(js_name = activeTopics)]
    pub fn active_topics(&self) -> js_sys::Array {
        let out = js_sys::Array::new();
        for (ty, id) in self.inner.active_topics() {
            out.push(&JsValue::from(ty.0));
            out.push(&id_value(&id));
        }
        out
    }
}
