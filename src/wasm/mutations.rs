//! Optimistic mutations: records and their steps, driven by the JS layer.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{code_pairs, id_value, thrown, type_code, watermark, CoreStore};
use crate::abi::{failure, step};
use crate::core::backoff::{Failure, RetryPolicy};
use crate::core::mutation_steps::{Ack, Step};
use crate::core::optimistic::NewMutation;
use crate::core::{InputError, MetricCode, Reason};

/// `[baseMs, factor, maxRetries, timeoutMs, capMs, jitter]`.
fn policy(p: &[f64]) -> Result<RetryPolicy, InputError> {
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
        _ => Err(InputError::new(
            "retry",
            Reason::Malformed("expected 6 numbers".into()),
        )),
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
        entity: f64,
        flat: &[f64],
        retry: &[f64],
        now: f64,
        resume: Option<Vec<String>>,
    ) -> JsResult<u32> {
        let ty = thrown(type_code(ty))?;
        let updates = thrown(code_pairs("updates", flat))?;
        let policy = thrown(policy(retry))?;
        let resume = resume.and_then(|r| match r.as_slice() {
            [name, vars] => Some((name.clone(), vars.clone())),
            _ => None,
        });
        let entity = thrown(self.ids.resolve(entity))?;
        let m = NewMutation {
            id,
            ty,
            entity,
            updates: &updates,
            policy,
            now,
            resume,
        };
        thrown(self.inner.begin_mutation(m).map(|e| e as u32))
    }

    /// An attempt starts: its timeout (ms), or `undefined` if already settled.
    #[wasm_bindgen(js_name = attemptStarted)]
    pub fn attempt_started(&mut self, id: &str) -> JsResult<Option<f64>> {
        thrown(self.inner.attempt_started(id))
    }

    /// An attempt failed (`kind` from `abi::failure`; `code` the HTTP
    /// status, `retryAfterMs` or NaN). Returns `[status, step, retryAt]`
    /// with the step from `abi::step`.
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
            failure::NETWORK => Failure::Network,
            failure::TIMEOUT => Failure::Timeout,
            _ => Failure::Status {
                code: u16::try_from(code).unwrap_or(0),
                retry_after_ms: retry_after_ms.is_finite().then_some(retry_after_ms),
            },
        };
        let (next, effect) = thrown(self.inner.attempt_failed(id, failure, message, now, random))?;
        let (code, at) = match next {
            Step::RetryAt(at) => (step::RETRY, at),
            Step::Failed => (step::FAILED, f64::NAN),
            Step::Settled => (step::SETTLED, f64::NAN),
        };
        Ok(vec![
            f64::from(effect as u32 | self.resync_flag()),
            f64::from(code),
            at,
        ])
    }

    /// The server applied it: `version` (NaN if none) and absolute values
    /// `[code, value, …]` (empty if none). Returns the status.
    #[wasm_bindgen(js_name = attemptSucceeded)]
    pub fn attempt_succeeded(&mut self, id: &str, version: f64, flat: &[f64]) -> JsResult<u32> {
        let version = if version.is_finite() {
            Some(thrown(watermark("version", version))?)
        } else {
            None
        };
        let values = thrown(code_pairs("metrics", flat))?;
        let ack = Ack {
            version,
            values: (!values.is_empty()).then_some(values),
        };
        let effect = thrown(self.inner.attempt_succeeded(id, &ack))?;
        Ok(effect as u32 | self.resync_flag())
    }

    /// Records of one entity (`entity` NaN: of every entity of the type;
    /// `ty` undefined: all), oldest first, flat: `[id, typeCode, entityId,
    /// stateCode, attempts, nextAttemptAt | undefined, lastError |
    /// undefined, resumeName | undefined, resumeVariables | undefined, n,
    /// metricCode, delta × n, …]`.
    pub fn mutations(&self, ty: Option<u32>, entity: f64) -> JsResult<js_sys::Array> {
        let ty = thrown(ty.map(type_code).transpose())?;
        let id = if entity.is_nan() {
            None
        } else {
            Some(thrown(self.ids.resolve(entity))?)
        };
        let out = js_sys::Array::new();
        let opt_str = |s: Option<&str>| s.map_or(JsValue::UNDEFINED, JsValue::from_str);
        for m in self.inner.mutations_of(ty, id) {
            out.push(&JsValue::from_str(&m.id));
            out.push(&JsValue::from(m.ty.0));
            out.push(&id_value(&m.entity));
            out.push(&JsValue::from(m.state as u32));
            out.push(&JsValue::from(m.attempts));
            out.push(&m.next_at.map_or(JsValue::UNDEFINED, JsValue::from_f64));
            out.push(&opt_str(m.last_error.as_deref()));
            out.push(&opt_str(m.resume.as_ref().map(|(name, _)| name.as_str())));
            out.push(&opt_str(m.resume.as_ref().map(|(_, vars)| vars.as_str())));
            out.push(&JsValue::from(m.deltas.len() as u32));
            for (metric, d) in &m.deltas {
                out.push(&JsValue::from(metric.0));
                out.push(&JsValue::from_f64(*d));
            }
        }
        Ok(out)
    }

    /// An open record (waiting for the server) touches the entity (metric ≥ 0: that metric).
    #[wasm_bindgen(js_name = isUpdating)]
    pub fn is_updating(&self, ty: u32, entity: f64, metric: i32) -> JsResult<bool> {
        let ty = thrown(type_code(ty))?;
        let metric = u16::try_from(metric).ok().map(MetricCode);
        Ok(self
            .inner
            .is_updating(ty, thrown(self.ids.resolve(entity))?, metric))
    }
}
