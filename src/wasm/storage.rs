//! Session persistence through Web Storage (web-sys). The storage object is
//! looked up on the global (`sessionStorage` / `localStorage`) rather than
//! through `window`, so it also works in workers' absence checks and in
//! DOM-emulating test environments; where it's missing or blocked
//! (privacy modes, sandboxed frames), persistence is simply unavailable.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::JsResult;
use super::{thrown, CoreStore};
use crate::abi::storage;
use crate::core::MetricStore;

fn storage(kind: u32) -> Option<web_sys::Storage> {
    let name = match kind {
        storage::SESSION => "sessionStorage",
        storage::LOCAL => "localStorage",
        _ => return None,
    };
    // Reading the property can throw (SecurityError): that's "unavailable".
    let value = js_sys::Reflect::get(&js_sys::global(), &name.into()).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(value.unchecked_into())
}

#[wasm_bindgen]
impl CoreStore {
    /// Writes the store to storage (`abi::storage`). False when there
    /// is no storage; an error (quota) is thrown as a JS Error.
    #[wasm_bindgen(js_name = persistTo)]
    pub fn persist_to(&self, kind: u32, key: &str) -> JsResult<bool> {
        let Some(store) = storage(kind) else {
            return Ok(false);
        };
        store.set_item(key, &self.inner.encode())?;
        Ok(true)
    }

    /// Replaces the store with the persisted one. False when nothing is
    /// stored; throws (leaving the store as it was) when the blob is
    /// corrupt or foreign.
    #[wasm_bindgen(js_name = restoreFrom)]
    pub fn restore_from(&mut self, kind: u32, key: &str) -> JsResult<bool> {
        let Some(store) = storage(kind) else {
            return Ok(false);
        };
        let Some(blob) = store.get_item(key)? else {
            return Ok(false);
        };
        let restored = thrown(MetricStore::restore(&blob, self.config))?;
        self.inner = restored;
        Ok(true)
    }

    /// The store as a blob (for custom storage).
    pub fn encode(&self) -> String {
        self.inner.encode()
    }

    /// Replaces the store with a blob from `encode`; throws if it is corrupt.
    pub fn decode(&mut self, blob: &str) -> JsResult<()> {
        self.inner = thrown(MetricStore::restore(blob, self.config))?;
        Ok(())
    }
}
