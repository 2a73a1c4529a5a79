//! The app's own `applyDelta` with delivery meta — the site's socket
//! handler hands over a payload's `seq`, `eventId` or `mutationId`: strict
//! about its input (it is the app's call: a bad value is an error and
//! changes nothing), yet counted exactly like a signal (replays and deltas
//! a base includes are dropped, an echo replaces its optimistic delta).

use super::apply::Delivery;
use super::dedupe::EventId;
use super::entity_id::EntityIdRef;
use super::error::InputError;
use super::store::{Effect, MetricStore};
use super::vocab::{MetricCode, TypeCode};

/// How the app says a delta arrived.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppMeta<'a> {
    pub seq: Option<u64>,
    pub event_id: Option<EventId>,
    pub mutation_id: Option<&'a str>,
    /// The caller's clock (ms), for `lastUpdated` and the activity feed.
    pub now: Option<f64>,
}

impl MetricStore {
    /// `apply` with the meta a remote payload carries.
    pub fn apply_with_meta(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
        meta: &AppMeta<'_>,
    ) -> Result<Effect, InputError> {
        self.check_type(ty)?;
        self.check_values("updates", updates)?;
        let mut effect = Effect::None;
        let echoed = meta
            .mutation_id
            .is_some_and(|mid| self.echo(mid, meta.seq, &mut effect));
        let updates = if echoed { &[][..] } else { updates };
        let delivery = Delivery {
            seq: meta.seq,
            event_id: meta.event_id.clone(),
            now: meta.now,
        };
        let outcome = self.apply_delivery(ty, id, updates, &delivery)?;
        self.trace_deltas(
            ty,
            id,
            updates,
            super::trace::Source::App,
            super::trace::Fate::of(outcome),
            meta.seq,
            meta.event_id.as_ref(),
            meta.mutation_id,
            meta.now,
        );
        if let (Some(at), super::apply::DeltaOutcome::Applied(e)) = (meta.now, outcome) {
            if e != Effect::None {
                self.record_delta_activity(ty, id, updates, at);
            }
        }
        if let super::apply::DeltaOutcome::Applied(_) = outcome {
            effect = effect.max(self.derive(ty, id, updates, meta.now));
        }
        Ok(effect.max(outcome.effect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (MetricStore, TypeCode, MetricCode) {
        let s = MetricStore::new();
        let ty = s.entity_type("Image").unwrap();
        let like = s.metric("m", "likeCount").unwrap();
        (s, ty, like)
    }

    #[test]
    fn replays_by_seq_or_event_id_count_once() {
        let (mut s, ty, like) = store();
        let id = EntityIdRef::Int(1);
        let by_seq = AppMeta {
            seq: Some(1),
            ..AppMeta::default()
        };
        s.apply_with_meta(ty, id, &[(like, 1.0)], &by_seq).unwrap();
        s.apply_with_meta(ty, id, &[(like, 1.0)], &by_seq).unwrap();
        let by_event = AppMeta {
            event_id: Some(EventId::Text("e".into())),
            ..AppMeta::default()
        };
        s.apply_with_meta(ty, id, &[(like, 1.0)], &by_event)
            .unwrap();
        s.apply_with_meta(ty, id, &[(like, 1.0)], &by_event)
            .unwrap();
        assert_eq!(s.delta(ty, id, like), 2.0);
    }

    #[test]
    fn a_bad_value_is_an_error_and_changes_nothing() {
        let (mut s, ty, like) = store();
        let id = EntityIdRef::Int(1);
        let meta = AppMeta {
            seq: Some(1),
            ..AppMeta::default()
        };
        assert!(s
            .apply_with_meta(ty, id, &[(like, f64::NAN)], &meta)
            .is_err());
        // seq 1 was not consumed by the rejected call.
        s.apply_with_meta(ty, id, &[(like, 1.0)], &meta).unwrap();
        assert_eq!(s.delta(ty, id, like), 1.0);
    }
}
