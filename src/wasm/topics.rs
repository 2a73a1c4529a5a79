//! Topic refcounts for the transport.

use wasm_bindgen::prelude::*;

use super::errors::{input_error, JsResult};
use super::{num_id, str_id, type_code, CoreStore};

#[wasm_bindgen]
impl CoreStore {
    /// Returns the new refcount (1 means the topic is newly wanted).
    #[wasm_bindgen(js_name = acquireTopic)]
    pub fn acquire_topic(&mut self, ty: u32, id: f64) -> JsResult<u32> {
        let ty = type_code(ty)?;
        self.inner
            .acquire_topic(ty, num_id(id)?)
            .map_err(|e| input_error(&e))
    }

    #[wasm_bindgen(js_name = acquireTopicStr)]
    pub fn acquire_topic_str(&mut self, ty: u32, id: &str) -> JsResult<u32> {
        let ty = type_code(ty)?;
        self.inner
            .acquire_topic(ty, str_id(id)?)
            .map_err(|e| input_error(&e))
    }

    #[wasm_bindgen(js_name = releaseTopic)]
    pub fn release_topic(&mut self, ty: u32, id: f64) -> JsResult<u32> {
        Ok(self.inner.release_topic(type_code(ty)?, num_id(id)?))
    }

    #[wasm_bindgen(js_name = releaseTopicStr)]
    pub fn release_topic_str(&mut self, ty: u32, id: &str) -> JsResult<u32> {
        Ok(self.inner.release_topic(type_code(ty)?, str_id(id)?))
    }

    /// Net changes since the last drain: `"+topic"` to subscribe,
    /// `"-topic"` to unsubscribe.
    #[wasm_bindgen(js_name = drainTopicChanges)]
    pub fn drain_topic_changes(&mut self) -> Vec<String> {
        self.inner
            .drain_topic_changes()
            .into_iter()
            .map(|c| format!("{}{}", if c.subscribe { '+' } else { '-' }, c.topic))
            .collect()
    }

    #[wasm_bindgen(js_name = hasTopicChanges)]
    pub fn has_topic_changes(&self) -> bool {
        self.inner.has_topic_changes()
    }

    /// Every topic currently subscribed.
    #[wasm_bindgen(js_name = activeTopics)]
    pub fn active_topics(&self) -> Vec<String> {
        self.inner.active_topics()
    }
}
