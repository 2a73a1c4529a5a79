//! Writes: apply deltas, clear keys. Each returns a `u32` status (see
//! `abi::status`): the effect, or `FAILED` with the error left for
//! `takeError`. A plain `u32` rather than a `Result`, because a `Result`
//! crosses as a fresh array per call and V8 inlines a JS→wasm call only
//! when it has a single result.

use wasm_bindgen::prelude::*;

use super::{code_pairs, metric_code, type_code, CoreStore};
use crate::core::app_delta::AppMeta;
use crate::core::trace::{Fate, Source};
use crate::core::{Effect, EntityIdRef, EventId, InputError, MetricCode, Reason, TypeCode};

#[wasm_bindgen]
impl CoreStore {
    /// One metric delta (the hot path).
    #[wasm_bindgen(js_name = applyOne)]
    pub fn apply_one(&mut self, ty: u32, id: f64, metric: u32, delta: f64) -> u32 {
        let result = self.try_apply_one(ty, id, metric, delta);
        self.status(result, 0)
    }

    /// Several metrics at once, all or nothing; `flat` is `[code, delta, …]`.
    #[wasm_bindgen(js_name = applyMany)]
    pub fn apply_many(&mut self, ty: u32, id: f64, flat: &[f64]) -> u32 {
        let result = self.try_apply_many(ty, id, flat);
        self.status(result, 0)
    }

    /// Clears one metric, or the whole entity when `metric` is negative.
    pub fn clear(&mut self, ty: u32, id: f64, metric: i32) -> u32 {
        let result = self.try_clear(ty, id, metric);
        self.status(result, 0)
    }

    /// Many single-metric deltas with numeric ids, from typed arrays (codes).
    #[wasm_bindgen(js_name = applyBatch)]
    pub fn apply_batch(
        &mut self,
        types: &[u16],
        ids: &[f64],
        metrics: &[u16],
        deltas: &[f64],
    ) -> u32 {
        let result = self.inner.apply_batch(types, ids, metrics, deltas);
        let result = result.map(|e| e.max(self.derive_rows(types, ids, metrics, deltas)));
        self.status(result, 0)
    }

    #[wasm_bindgen(js_name = clearAll)]
    pub fn clear_all(&mut self) -> u32 {
        self.inner.clear_all() as u32
    }
}

/// The same writes with their errors as `Result`s (for Rust callers and tests).
impl CoreStore {
    pub fn try_apply_one(
        &mut self,
        ty: u32,
        id: f64,
        metric: u32,
        delta: f64,
    ) -> Result<Effect, InputError> {
        let m = metric_code("updates", metric)?;
        let ty = type_code(ty)?;
        let effect = self.inner.apply_one(ty, self.ids.resolve(id)?, m, delta)?;
        Ok(effect.max(self.after_app_write(ty, id, &[(m, delta)])))
    }

    /// The batch's rows earn their owners (only when the store has owners).
    fn derive_rows(
        &mut self,
        types: &[u16],
        ids: &[f64],
        metrics: &[u16],
        deltas: &[f64],
    ) -> Effect {
        if !self.inner.has_owners() {
            return Effect::None;
        }
        let mut effect = Effect::None;
        for (((&t, &id), &m), &d) in types.iter().zip(ids).zip(metrics).zip(deltas) {
            let row = [(MetricCode(m), d)];
            effect =
                effect.max(
                    self.inner
                        .derive(TypeCode(t), EntityIdRef::Int(id as u64), &row, None),
                );
        }
        effect
    }

    /// A plain app write was counted: a traced entity's trail gets it, an
    /// owned entity's owner gets what it earns.
    fn after_app_write(&mut self, ty: TypeCode, id: f64, updates: &[(MetricCode, f64)]) -> Effect {
        if !self.inner.tracing() && !self.inner.has_owners() {
            return Effect::None;
        }
        let Ok(id) = self.ids.resolve(id) else {
            return Effect::None;
        };
        self.inner.trace_deltas(
            ty,
            id,
            updates,
            Source::App,
            Fate::Counted,
            None,
            None,
            None,
            None,
        );
        self.inner.derive(ty, id, updates, None)
    }

    pub fn try_apply_many(&mut self, ty: u32, id: f64, flat: &[f64]) -> Result<Effect, InputError> {
        let updates = code_pairs("updates", flat)?;
        let ty = type_code(ty)?;
        let effect = self.inner.apply(ty, self.ids.resolve(id)?, &updates)?;
        Ok(effect.max(self.after_app_write(ty, id, &updates)))
    }

    pub fn try_clear(&mut self, ty: u32, id: f64, metric: i32) -> Result<Effect, InputError> {
        let ty = type_code(ty)?;
        let id = self.ids.resolve(id)?;
        match u32::try_from(metric) {
            Ok(m) => Ok(self
                .inner
                .clear_metric(ty, id, metric_code("metricType", m)?)),
            Err(_) => Ok(self.inner.clear_entity(ty, id)),
        }
    }
}

#[wasm_bindgen]
impl CoreStore {
    /// `applyMany` with a payload's meta, counted like a signal: `seq`
    /// and `eventNumber` NaN when absent (an event id is a number or a
    /// text), the caller's clock for `lastUpdated`.
    #[wasm_bindgen(js_name = applyWithMeta)]
    #[allow(clippy::too_many_arguments)]
    pub fn apply_with_meta(
        &mut self,
        ty: u32,
        id: f64,
        flat: &[f64],
        seq: f64,
        event_number: f64,
        event_text: Option<String>,
        mutation_id: Option<String>,
        now: f64,
    ) -> u32 {
        let result = self.try_apply_with_meta(
            ty,
            id,
            flat,
            seq,
            event_number,
            event_text,
            mutation_id,
            now,
        );
        let resync = self.resync_flag();
        self.status(result, resync)
    }
}

impl CoreStore {
    #[allow(clippy::too_many_arguments)]
    pub fn try_apply_with_meta(
        &mut self,
        ty: u32,
        id: f64,
        flat: &[f64],
        seq: f64,
        event_number: f64,
        event_text: Option<String>,
        mutation_id: Option<String>,
        now: f64,
    ) -> Result<Effect, InputError> {
        let updates = code_pairs("updates", flat)?;
        let ty = type_code(ty)?;
        let seq = if seq.is_nan() {
            None
        } else {
            Some(super::watermark("meta.seq", seq)?)
        };
        let event_id = match event_text {
            Some(text) => Some(EventId::Text(text)),
            None if event_number.is_nan() => None,
            None if event_number.is_finite() => Some(EventId::Number(event_number)),
            None => {
                return Err(InputError::new(
                    "meta.eventId",
                    Reason::NotFinite(event_number),
                ))
            }
        };
        let meta = AppMeta {
            seq,
            event_id,
            mutation_id: mutation_id.as_deref(),
            now: Some(now),
        };
        let id = self.ids.resolve(id)?;
        self.inner.apply_with_meta(ty, id, &updates, &meta)
    }
}
