//! Derived user metrics: owners, uploads, follows, ranks, weights.

use wasm_bindgen::prelude::*;

use super::errors::JsResult;
use super::{code_pairs, thrown, type_code, watermark, CoreStore};
use crate::core::{Effect, EventId, InputError, Reason};

/// A user id from JS: a non-negative safe integer.
fn user(field: &str, v: f64) -> Result<u64, InputError> {
    watermark(field, v)
}

#[wasm_bindgen]
impl CoreStore {
    /// Who owns `ids[i]` (of type `ty`): `users[i]`. All or nothing.
    #[wasm_bindgen(js_name = setOwners)]
    pub fn set_owners(&mut self, ty: u32, ids: &[f64], users: &[f64]) -> u32 {
        let result = self.try_set_owners(ty, ids, users);
        self.status(result, 0)
    }

    /// A new upload: `user` owns the entity, counted once toward its uploads.
    #[wasm_bindgen(js_name = recordUpload)]
    pub fn record_upload(&mut self, ty: u32, id: f64, owner: f64, now: f64) -> u32 {
        let result = (|| {
            let ty = type_code(ty)?;
            let owner = user("userId", owner)?;
            let id = self.ids.resolve(id)?;
            self.inner.record_upload(ty, id, owner, Some(now))
        })();
        self.status(result, 0)
    }

    /// A follow (`delta` 1) or unfollow (−1); an event id (number or text) dedupes replays.
    #[wasm_bindgen(js_name = applyFollow)]
    pub fn apply_follow(
        &mut self,
        follower: f64,
        followee: f64,
        delta: f64,
        event_number: f64,
        event_text: Option<String>,
        now: f64,
    ) -> u32 {
        let result = (|| {
            let event_id = match event_text {
                Some(t) => Some(EventId::Text(t)),
                None if event_number.is_nan() => None,
                None => Some(EventId::Number(event_number)),
            };
            self.inner.apply_follow(
                user("followerId", follower)?,
                user("userId", followee)?,
                delta,
                event_id,
                Some(now),
            )
        })();
        self.status(result, 0)
    }

    /// The user's rank by engagement among the users the store holds (1: highest).
    #[wasm_bindgen(js_name = userRank)]
    pub fn user_rank(&mut self, id: f64) -> JsResult<u32> {
        let id = thrown(user("userId", id))?;
        Ok(self.inner.user_rank(id))
    }

    /// Engagement weights: `[code, weight, …]`, and `other` for every other metric.
    #[wasm_bindgen(js_name = setEngagementWeights)]
    pub fn set_engagement_weights(&mut self, flat: &[f64], other: f64) -> JsResult<()> {
        let weights = thrown(code_pairs("weights", flat))?;
        thrown(self.inner.set_engagement_weights(&weights, other))
    }
}

impl CoreStore {
    fn try_set_owners(
        &mut self,
        ty: u32,
        ids: &[f64],
        users: &[f64],
    ) -> Result<Effect, InputError> {
        let ty = type_code(ty)?;
        if ids.len() != users.len() {
            return Err(InputError::new(
                "owners",
                Reason::Malformed("needs one user per entity".into()),
            ));
        }
        // Validate everything before changing anything.
        let mut pairs = Vec::with_capacity(ids.len());
        for (&id, &u) in ids.iter().zip(users) {
            self.ids.resolve(id)?;
            pairs.push((id, user("userId", u)?));
        }
        let mut effect = Effect::None;
        for (id, u) in pairs {
            let id = self.ids.resolve(id)?;
            effect = effect.max(self.inner.set_owner(ty, id, u)?);
        }
        Ok(effect)
    }
}
