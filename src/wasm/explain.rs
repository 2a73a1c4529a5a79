//! Why a count is what it is (`explain`), and tracing the entities an
//! inspector watches. Off the hot paths; the shape is decoded by
//! `pkg/src/abi/protocol.ts`.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{metric_code, thrown, type_code, CoreStore};
use crate::abi::{fate_code, source_code, stale_code};
use crate::core::ledger::Stamp;

fn opt(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::UNDEFINED, JsValue::from_f64)
}

fn opt_str(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::UNDEFINED, JsValue::from_str)
}

#[wasm_bindgen]
impl CoreStore {
    /// Starts (or stops) recording every delta that reaches the entity.
    pub fn trace(&mut self, ty: u32, id: f64, on: bool) -> JsResult<()> {
        let ty = thrown(type_code(ty))?;
        let id = thrown(self.ids.resolve(id))?;
        self.inner.trace(ty, id, on);
        Ok(())
    }

    /// One key explained, flat: `[value, base, version, asOf, snapshotAt,
    /// staleCode (-1: none), delta, folded, optimistic, nCounted, (isSeq,
    /// stamp, delta) × n, nPending, (id, stateCode, attempts, delta) × n,
    /// nTrail, (sourceCode, fateCode, delta, seq, eventId, mutationId, at) × n]`
    /// (absent values undefined).
    pub fn explain(&self, ty: u32, id: f64, metric: u32) -> JsResult<js_sys::Array> {
        let ty = thrown(type_code(ty))?;
        let m = thrown(metric_code("metricType", metric))?;
        let e = self.inner.explain(ty, thrown(self.ids.resolve(id))?, m);
        let out = js_sys::Array::new();
        let u64s = |v: Option<u64>| opt(v.map(|n| n as f64));
        for v in [
            opt(e.value),
            opt(e.base),
            u64s(e.version),
            u64s(e.as_of),
            opt(e.snapshot_at),
        ] {
            out.push(&v);
        }
        out.push(&JsValue::from_f64(
            e.stale.map_or(-1.0, |r| f64::from(stale_code(r))),
        ));
        for v in [e.delta, e.folded, e.optimistic] {
            out.push(&JsValue::from_f64(v));
        }
        out.push(&JsValue::from(e.counted.len() as u32));
        for (stamp, d) in &e.counted {
            let (is_seq, n) = match stamp {
                Stamp::Seq(s) => (true, *s),
                Stamp::Tick(t) => (false, *t),
            };
            out.push(&JsValue::from_bool(is_seq));
            out.push(&JsValue::from_f64(n as f64));
            out.push(&JsValue::from_f64(*d));
        }
        out.push(&JsValue::from(e.pending.len() as u32));
        for p in &e.pending {
            let d: f64 = p
                .deltas
                .iter()
                .filter(|(x, _)| *x == m)
                .map(|(_, d)| d)
                .sum();
            out.push(&JsValue::from_str(&p.id));
            out.push(&JsValue::from(p.state as u32));
            out.push(&JsValue::from(p.attempts));
            out.push(&JsValue::from_f64(d));
        }
        out.push(&JsValue::from(e.trail.len() as u32));
        for t in &e.trail {
            out.push(&JsValue::from(source_code(t.source)));
            out.push(&JsValue::from(fate_code(t.fate)));
            out.push(&JsValue::from_f64(t.delta));
            out.push(&u64s(t.seq));
            out.push(&opt_str(t.event_id.as_deref()));
            out.push(&opt_str(t.mutation_id.as_deref()));
            out.push(&opt(t.at));
        }
        Ok(out)
    }
}
