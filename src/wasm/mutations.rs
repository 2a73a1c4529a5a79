//! Optimistic mutations: records and their steps, driven by the JS layer.

use wasm_bindgen::prelude::*;

use super::errors::{input_error, JsResult};
use super::{code_pairs, type_code, watermark, AnyId, CoreStore};
use crate::core::backoff::{Failure, RetryPolicy};
use crate::core::mutation_steps::{Ack, Step};
use crate::core::optimistic::NewMutation;
use crate::core::{InputError, MetricCode, Reason};

/// `[baseMs, factor, maxRetries, timeoutMs, capMs, jitter]`.
fn policy(p: &[f64]) -> JsResult<RetryPolicy> {
    match p {
        [base_ms, factor, max_retries, timeout_ms, cap_ms, jitter] => {
            let retries = watermark("retry.retries", *max_retries)?;
            Ok(RetryPolicy {
                base_ms: *base_ms,
                factor: *factor,
                max_retries: u32::try_from(retries).unwrap_or(u32::MAX),
                timeout_ms: *timeout_ms,
                cap_ms: *cap_ms,
                jitter: *jitter != 0.0,
            })
        }
        _ => Err(input_error(&InputError::new(
            "retry",
            Reason::Malformed("expected 6 numbers".into()),
        ))),
    }
}

#[wasm_bindgen]
impl CoreStore {
    /// Starts a mutation (its deltas show at once). `resume` is
    /// `[name, variablesJson]` for mutations that survive a reload.
    #[wasm_bindgen(js_name = beginMutation)]
    #[allow(clippy::too_many_arguments)]
    pub fn begin_mutation(
        &mut self,
        id: &str,
        ty: u32,
        entity: JsValue,
        flat: &[f64],
        retry: &[f64],
        now: f64,
        resume: Option<Vec<String>>,
    ) -> JsResult<u32> {
        let ty = type_code(ty)?;
        let entity = AnyId::from_js(&entity)?;
        let updates = code_pairs("updates", flat)?;
        let resume = resume.and_then(|r| match r.as_slice() {
            [name, vars] => Some((name.clone(), vars.clone())),
            _ => None,
        });
        let m = NewMutation {
            id,
            ty,
            entity: entity.get()?,
            updates: &updates,
            policy: policy(retry)?,
            now,
            resume,
        };
        self.inner
            .begin_mutation(m)
            .map(|e| e as u32)
            .map_err(|e| input_error(&e))
    }

    /// An attempt starts: its timeout (ms), or `undefined` if already settled.
    #[wasm_bindgen(js_name = attemptStarted)]
    pub fn attempt_started(&mut self, id: &str) -> JsResult<Option<f64>> {
        self.inner.attempt_started(id).map_err(|e| input_error(&e))
    }

    /// An attempt failed. `kind`: 0 network, 1 timeout, 2 HTTP status
    /// (`code`, `retryAfterMs` or NaN). Returns `[effect, step, retryAt]`
    /// with step 0 retry, 1 failed (rolled back), 2 settled.
    #[wasm_bindgen(js_name = attemptFailed)]
    #[allow(clippy::too_many_arguments)]
    pub fn attempt_failed(
        &mut self,
        id: &str,
        kind: u32,
        code: u32,
        retry_after_ms: f64,
        message: &str,
        now: f64,
        random: f64,
    ) -> JsResult<Vec<f64>> {
        let failure = match kind {
            0 => Failure::Network,
            1 => Failure::Timeout,
            _ => Failure::Status {
                code: u16::try_from(code).unwrap_or(0),
                retry_after_ms: retry_after_ms.is_finite().then_some(retry_after_ms),
            },
        };
        let (step, effect) = self
            .inner
            .attempt_failed(id, failure, message, now, random)
            .map_err(|e| input_error(&e))?;
        let (code, at) = match step {
            Step::RetryAt(at) => (0.0, at),
            Step::Failed => (1.0, f64::NAN),
            Step::Settled => (2.0, f64::NAN),
        };
        Ok(vec![
            f64::from(effect as u32 | self.resync_flag()),
            code,
            at,
        ])
    }

    /// The server applied it: `version` (NaN if none) and absolute values
    /// `[code, value, …]` (empty if none). Returns the effect.
    #[wasm_bindgen(js_name = attemptSucceeded)]
    pub fn attempt_succeeded(&mut self, id: &str, version: f64, flat: &[f64]) -> JsResult<u32> {
        let version = if version.is_finite() {
            Some(watermark("version", version)?)
        } else {
            None
        };
        let values = code_pairs("metrics", flat)?;
        let ack = Ack {
            version,
            values: (!values.is_empty()).then_some(values),
        };
        let effect = self
            .inner
            .attempt_succeeded(id, &ack)
            .map_err(|e| input_error(&e))?;
        Ok(effect as u32 | self.resync_flag())
    }

    /// Records (of one entity, or all), oldest first:
    /// `{ id, entityType, entityId, updates, state, attempts, nextAttemptAt, lastError, resume }`.
    pub fn mutations(&self, ty: Option<u32>, entity: JsValue) -> JsResult<js_sys::Array> {
        let ty = ty.map(type_code).transpose()?;
        let entity = if entity.is_undefined() || entity.is_null() {
            None
        } else {
            Some(AnyId::from_js(&entity)?)
        };
        let id = entity.as_ref().map(AnyId::get).transpose()?;
        let out = js_sys::Array::new();
        let vocab = self.inner.vocab();
        for m in self.inner.mutations_of(ty, id) {
            let updates = js_sys::Object::new();
            for (metric, d) in &m.deltas {
                set(
                    &updates,
                    vocab.metric_name(*metric).unwrap_or_default(),
                    &(*d).into(),
                );
            }
            let r = js_sys::Object::new();
            set(&r, "id", &(*m.id).into());
            set(
                &r,
                "entityType",
                &vocab.entity_type_name(m.ty).unwrap_or_default().into(),
            );
            set(&r, "entityId", &entity_id_js(&m.entity));
            set(&r, "updates", &updates);
            set(&r, "state", &m.state.as_str().into());
            set(&r, "attempts", &m.attempts.into());
            set(
                &r,
                "nextAttemptAt",
                &m.next_at.map_or(JsValue::UNDEFINED, JsValue::from),
            );
            set(
                &r,
                "lastError",
                &m.last_error
                    .as_deref()
                    .map_or(JsValue::UNDEFINED, JsValue::from),
            );
            if let Some((name, vars)) = &m.resume {
                set(
                    &r,
                    "resume",
                    &js_sys::Array::of2(&name.into(), &vars.into()),
                );
            }
            out.push(&r);
        }
        Ok(out)
    }

    /// An open record (waiting for the server) touches the entity (metric ≥ 0: that metric).
    #[wasm_bindgen(js_name = isUpdating)]
    pub fn is_updating(&self, ty: u32, entity: JsValue, metric: i32) -> JsResult<bool> {
        let entity = AnyId::from_js(&entity)?;
        let metric = u16::try_from(metric).ok().map(MetricCode);
        Ok(self
            .inner
            .is_updating(type_code(ty)?, entity.get()?, metric))
    }
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) {
    // Plain fresh objects: setting a property cannot fail.
    let _ = js_sys::Reflect::set(target, &key.into(), value);
}

fn entity_id_js(id: &crate::core::EntityId) -> JsValue {
    match id {
        crate::core::EntityId::Int(n) => JsValue::from_f64(*n as f64),
        crate::core::EntityId::Str(s) => JsValue::from_str(s),
    }
}
