//! The store's side of derived user metrics (see `owners`): setting owners,
//! uploads and follows, deriving an owner's figures from each counted
//! delta, and ranks among the users the page holds.

use super::apply::Delivery;
use super::dedupe::EventId;
use super::entity_id::EntityIdRef;
use super::error::{InputError, Reason};
use super::store::{Effect, MetricStore};
use super::vocab::{MetricCode, TypeCode};

impl MetricStore {
    /// The user type's code (registering the derived metric names on first use).
    fn user_type(&mut self) -> Result<TypeCode, InputError> {
        self.owners
            .user_type(&mut self.vocab)
            .ok_or_else(|| InputError::new("entityType", Reason::UnknownEntityType("User".into())))
    }

    /// Tells the store who owns an entity: its counted deltas earn that
    /// user's derived metrics from now on, and what it earned an earlier
    /// owner moves to the new one.
    pub fn set_owner(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        user: u64,
    ) -> Result<Effect, InputError> {
        self.check_type(ty)?;
        let user_ty = self.user_type()?;
        if ty == user_ty {
            return Err(InputError::new(
                "entityType",
                Reason::Malformed("a User can't be owned".into()),
            ));
        }
        check_user(user)?;
        let (previous, earned) = self.owners.set_owner(ty, id, user);
        let mut effect = Effect::None;
        if previous == Some(user) || earned.is_empty() {
            return Ok(effect);
        }
        if let Some(p) = previous {
            let back: Vec<(MetricCode, f64)> = earned.iter().map(|&(m, a)| (m, -a)).collect();
            effect = effect.max(self.derive_to(p, &back, None));
        }
        Ok(effect.max(self.derive_to(user, &earned, None)))
    }

    /// A new upload by `user`: it owns the entity, which counts once toward
    /// its `uploadCount` and its type's count (`modelCount`, …).
    pub fn record_upload(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        user: u64,
        now: Option<f64>,
    ) -> Result<Effect, InputError> {
        let mut effect = self.set_owner(ty, id, user)?;
        let amounts = self.owners.upload(&mut self.vocab, ty, id);
        if !amounts.is_empty() {
            self.owners.earn(ty, id, &amounts);
            effect = effect.max(self.derive_to(user, &amounts, now));
        }
        Ok(effect)
    }

    /// A follow (`delta` 1) or unfollow (−1): the followee's `followerCount`
    /// and the follower's `followingCount`; a replayed `eventId` counts once.
    pub fn apply_follow(
        &mut self,
        follower: u64,
        followee: u64,
        delta: f64,
        event_id: Option<EventId>,
        now: Option<f64>,
    ) -> Result<Effect, InputError> {
        check_user(follower)?;
        check_user(followee)?;
        let ty = self.user_type()?;
        let followers = self.metric("metricType", "followerCount")?;
        let following = self.metric("metricType", "followingCount")?;
        if !delta.is_finite() {
            return Err(InputError::new("delta", Reason::NotFinite(delta)));
        }
        let first = Delivery {
            seq: None,
            event_id,
            now,
        };
        let outcome = self.apply_delivery(
            ty,
            EntityIdRef::Int(followee),
            &[(followers, delta)],
            &first,
        )?;
        if !matches!(outcome, super::apply::DeltaOutcome::Applied(_)) {
            return Ok(Effect::None);
        }
        let second = Delivery {
            seq: None,
            event_id: None,
            now,
        };
        let other = self.apply_delivery(
            ty,
            EntityIdRef::Int(follower),
            &[(following, delta)],
            &second,
        )?;
        Ok(outcome.effect().max(other.effect()))
    }

    /// Whether any entity has an owner (app writes check this once).
    pub fn has_owners(&self) -> bool {
        self.owners.any()
    }

    /// A delta was counted on `(ty, id)`: its owner's derived metrics follow.
    pub(crate) fn derive(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
        now: Option<f64>,
    ) -> Effect {
        if !self.owners.any() {
            return Effect::None;
        }
        let Some(user) = self.owners.owner_of(ty, id) else {
            return Effect::None;
        };
        let mut amounts = Vec::new();
        for &(m, d) in updates {
            self.owners.earnings(&mut self.vocab, m, d, &mut amounts);
        }
        self.owners.earn(ty, id, &amounts);
        self.derive_to(user, &amounts, now)
    }

    /// Adds derived amounts to a user's keys, stamped in receive order.
    fn derive_to(&mut self, user: u64, amounts: &[(MetricCode, f64)], now: Option<f64>) -> Effect {
        let Ok(ty) = self.user_type() else {
            return Effect::None;
        };
        let delivery = Delivery {
            seq: None,
            event_id: None,
            now,
        };
        self.apply_delivery(ty, EntityIdRef::Int(user), amounts, &delivery)
            .map_or(Effect::None, |o| o.effect())
    }

    /// The user's rank by `engagementScore` among the users the page holds
    /// (owners of content it knows, and the user itself): 1 is the highest.
    pub fn user_rank(&mut self, user: u64) -> u32 {
        let (Ok(ty), Some(engagement)) =
            (self.user_type(), self.vocab.metric_code("engagementScore"))
        else {
            return 1;
        };
        let score = |s: &Self, u: u64| {
            let id = EntityIdRef::Int(u);
            s.value(ty, id, engagement)
                .unwrap_or_else(|| s.delta(ty, id, engagement))
        };
        let mine = score(self, user);
        let above = self
            .owners
            .users()
            .filter(|&u| u != user && score(self, u) > mine)
            .count();
        u32::try_from(above).unwrap_or(u32::MAX).saturating_add(1)
    }

    /// Replaces the engagement weights: `(metric, weight)`, `other` for the rest.
    pub fn set_engagement_weights(
        &mut self,
        weights: &[(MetricCode, f64)],
        other: f64,
    ) -> Result<(), InputError> {
        self.check_values("weights", weights)?;
        if !other.is_finite() {
            return Err(InputError::new("weights.other", Reason::NotFinite(other)));
        }
        self.user_type()?;
        self.owners.set_weights(weights, other);
        Ok(())
    }
}

/// User ids are non-negative safe integers.
fn check_user(user: u64) -> Result<(), InputError> {
    if user > super::entity_id::MAX_SAFE_INTEGER {
        return Err(InputError::new(
            "userId",
            Reason::UnsafeInteger(user as f64),
        ));
    }
    Ok(())
}
