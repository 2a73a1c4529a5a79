//! Names ↔ codes: the JS layer mirrors these tables once and after each
//! registration, so hot calls never send names.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{thrown, CoreStore};
use crate::core::Registration;

#[wasm_bindgen]
impl CoreStore {
    /// Entity type names, indexed by code.
    #[wasm_bindgen(js_name = entityTypeNames)]
    pub fn entity_type_names(&self) -> Vec<String> {
        self.inner
            .vocab()
            .entity_type_names()
            .map(String::from)
            .collect()
    }

    /// Metric names, indexed by code.
    #[wasm_bindgen(js_name = metricNames)]
    pub fn metric_names(&self) -> Vec<String> {
        self.inner
            .vocab()
            .metric_names()
            .map(String::from)
            .collect()
    }

    /// `[alias, metricName, alias, metricName, …]`.
    #[wasm_bindgen(js_name = aliasPairs)]
    pub fn alias_pairs(&self) -> Vec<String> {
        let vocab = self.inner.vocab();
        vocab
            .aliases()
            .flat_map(|(alias, code)| {
                let metric = vocab.metric_name(code).unwrap_or_default();
                [alias.to_string(), metric.to_string()]
            })
            .collect()
    }

    /// Registers entity types, metric types and `[alias, metric, …]` pairs,
    /// all or nothing.
    #[wasm_bindgen(js_name = registerNames)]
    pub fn register_names(
        &mut self,
        entity_types: Vec<String>,
        metric_types: Vec<String>,
        alias_pairs: Vec<String>,
    ) -> JsResult<()> {
        let aliases: Vec<(String, String)> = alias_pairs
            .chunks_exact(2)
            .filter_map(|pair| match pair {
                [alias, metric] => Some((alias.clone(), metric.clone())),
                _ => None,
            })
            .collect();
        thrown(self.inner.vocab_mut().register_all(&Registration {
            entity_types: &entity_types,
            metric_types: &metric_types,
            aliases: &aliases,
        }))
    }
}

#[wasm_bindgen]
impl CoreStore {
    /// A metric name first seen in an app write: its code once learned, or
    /// -1 when it can't be (not a valid name, reserved, or too many learned).
    #[wasm_bindgen(js_name = learnMetric)]
    pub fn learn_metric(&mut self, name: &str) -> i32 {
        self.inner
            .vocab_mut()
            .learn_metric(name)
            .map_or(-1, |c| i32::from(c.0))
    }
}
