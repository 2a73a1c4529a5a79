//! Reads: one key's delta, keyed cells for listeners, the drained change
//! list, the `deltas` view and the counters.

use wasm_bindgen::prelude::*;

use super::{metric_code, type_code, CoreStore};
use crate::abi::stats_vector;
use crate::core::{CellHandle, InputError};

/// A handle from JS; an invalid one names no key (reads as evicted).
fn handle(v: f64) -> CellHandle {
    CellHandle::from_f64(v).unwrap_or(CellHandle {
        index: u32::MAX,
        gen: 0,
    })
}

#[wasm_bindgen]
impl CoreStore {
    /// The accumulated delta of a key (0 when absent); NaN on bad input.
    pub fn delta(&mut self, ty: u32, id: f64, metric: u32) -> f64 {
        let result = self.try_delta(ty, id, metric);
        self.number(result)
    }

    /// The key's cell handle (index + generation·2^32), created if needed,
    /// for keyed listeners; NaN on bad input. A handle goes stale if its
    /// key is evicted.
    pub fn cell(&mut self, ty: u32, id: f64, metric: u32) -> f64 {
        let result = self.try_cell(ty, id, metric);
        self.number(result)
    }

    #[wasm_bindgen(js_name = cellDelta)]
    pub fn cell_delta(&self, cell: f64) -> f64 {
        self.inner.cell_delta(handle(cell))
    }

    /// `base + delta` of a cell, or `undefined` without a base.
    #[wasm_bindgen(js_name = cellValue)]
    pub fn cell_value(&self, cell: f64) -> Option<f64> {
        self.inner.cell_value(handle(cell))
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

    /// Moves on every visible change (exact up to 2^53 changes).
    pub fn revision(&self) -> f64 {
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

    /// The counters, in the order of `abi::STATS_FIELDS`.
    pub fn stats(&self) -> Vec<f64> {
        stats_vector(&self.inner).to_vec()
    }
}

impl CoreStore {
    pub fn try_delta(&mut self, ty: u32, id: f64, metric: u32) -> Result<f64, InputError> {
        let ty = type_code(ty)?;
        let m = metric_code("metricType", metric)?;
        Ok(self.inner.delta(ty, self.ids.resolve(id)?, m))
    }

    pub fn try_cell(&mut self, ty: u32, id: f64, metric: u32) -> Result<f64, InputError> {
        let ty = type_code(ty)?;
        let m = metric_code("metricType", metric)?;
        let id = self.ids.resolve(id)?;
        self.inner.cell(ty, id, m).map(CellHandle::to_f64)
    }
}
