//! Reads: one key's delta, keyed cells for listeners, the drained change
//! list, the `deltas` view and the counters.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{metric_code, num_id, str_id, type_code, CoreStore};
use crate::core::{CellHandle, EntityIdRef};

/// A handle from JS; an invalid one names no key (reads as evicted).
fn handle(v: f64) -> CellHandle {
    CellHandle::from_f64(v).unwrap_or(CellHandle {
        index: u32::MAX,
        gen: 0,
    })
}

#[wasm_bindgen]
impl CoreStore {
    /// The accumulated delta of a key (0 when absent).
    pub fn delta(&self, ty: u32, id: f64, metric: u32) -> JsResult<f64> {
        Ok(self.inner.delta(
            type_code(ty)?,
            num_id(id)?,
            metric_code("metricType", metric)?,
        ))
    }

    #[wasm_bindgen(js_name = deltaStr)]
    pub fn delta_str(&self, ty: u32, id: &str, metric: u32) -> JsResult<f64> {
        Ok(self.inner.delta(
            type_code(ty)?,
            str_id(id)?,
            metric_code("metricType", metric)?,
        ))
    }

    /// The key's cell handle (index + generation·2^32), created if needed,
    /// for keyed listeners. A handle goes stale if its key is evicted.
    pub fn cell(&mut self, ty: u32, id: f64, metric: u32) -> JsResult<f64> {
        self.cell_of(ty, num_id(id)?, metric)
    }

    #[wasm_bindgen(js_name = cellStr)]
    pub fn cell_str(&mut self, ty: u32, id: &str, metric: u32) -> JsResult<f64> {
        self.cell_of(ty, str_id(id)?, metric)
    }

    fn cell_of(&mut self, ty: u32, id: EntityIdRef<'_>, metric: u32) -> JsResult<f64> {
        let m = metric_code("metricType", metric)?;
        self.inner
            .cell(type_code(ty)?, id, m)
            .map(CellHandle::to_f64)
            .map_err(|e| super::errors::input_error(&e))
    }

    #[wasm_bindgen(js_name = cellDelta)]
    pub fn cell_delta(&self, cell: f64) -> f64 {
        self.inner.cell_delta(handle(cell))
    }

    /// Report this cell's changes in `drainChanges` (refcounted) and pin its
    /// entity against eviction. False if the handle is stale.
    pub fn watch(&mut self, cell: f64) -> bool {
        self.inner.watch(handle(cell))
    }

    pub fn unwatch(&mut self, cell: f64) -> bool {
        self.inner.unwatch(handle(cell))
    }

    /// Watched cells whose value changed since the last drain (handles).
    #[wasm_bindgen(js_name = drainChanges)]
    pub fn drain_changes(&mut self) -> Vec<f64> {
        let mut out = Vec::new();
        self.inner.drain_changes(&mut out);
        out.into_iter().map(CellHandle::to_f64).collect()
    }

    /// Keep an undo journal of key changes (while whole-store listeners exist).
    #[wasm_bindgen(js_name = setJournaling)]
    pub fn set_journaling(&mut self, on: bool) {
        self.inner.set_journaling(on);
    }

    /// `[revision, cell, oldDelta, wasPresent (0/1), …]` since the last drain.
    #[wasm_bindgen(js_name = drainJournal)]
    pub fn drain_journal(&mut self) -> Vec<f64> {
        self.inner
            .drain_journal()
            .into_iter()
            .flat_map(|e| {
                [
                    e.revision as f64,
                    e.cell.to_f64(),
                    e.old,
                    if e.was_present { 1.0 } else { 0.0 },
                ]
            })
            .collect()
    }

    /// Entities evicted so far: hooks re-resolve their cells when it moves.
    pub fn evictions(&self) -> f64 {
        self.inner.stats().entities_evicted as f64
    }

    /// Moves on every visible change.
    pub fn revision(&self) -> f64 {
        // Exact up to 2^53 changes.
        self.inner.revision() as f64
    }

    /// Cell handles of the `deltas` view.
    #[wasm_bindgen(js_name = entryCells)]
    pub fn entry_cells(&self) -> Vec<f64> {
        self.inner.entries().map(|e| e.cell.to_f64()).collect()
    }

    /// Values of the `deltas` view, in the order of `entryCells`.
    #[wasm_bindgen(js_name = entryValues)]
    pub fn entry_values(&self) -> Vec<f64> {
        self.inner.entries().map(|e| e.delta).collect()
    }

    /// `Type:id:metric` of a cell (the JS layer caches it).
    #[wasm_bindgen(js_name = cellKey)]
    pub fn cell_key(&self, cell: f64) -> Option<String> {
        self.inner.cell_key(handle(cell))
    }

    /// `base + delta` of a cell, or `undefined` without a base.
    #[wasm_bindgen(js_name = cellValue)]
    pub fn cell_value(&self, cell: f64) -> Option<f64> {
        self.inner.cell_value(handle(cell))
    }

    /// `[signalsApplied, signalsRejected, fieldsDropped, deltasApplied,
    /// keys, entities, cells, duplicatesDropped, coveredDropped,
    /// gapsDetected, staleBasesIgnored, entitiesEvicted]`.
    pub fn stats(&self) -> Vec<f64> {
        let s = self.inner.stats();
        vec![
            s.signals_applied as f64,
            s.signals_rejected as f64,
            s.fields_dropped as f64,
            s.deltas_applied as f64,
            self.inner.key_count() as f64,
            self.inner.entity_count() as f64,
            self.inner.cell_count() as f64,
            s.duplicates_dropped as f64,
            s.covered_dropped as f64,
            s.gaps_detected as f64,
            s.stale_bases_ignored as f64,
            s.entities_evicted as f64,
        ]
    }
}
