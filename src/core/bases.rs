//! Bases with watermarks: `value = base + confirmed deltas not yet in the
//! base`. A base says which deltas it already includes — by `version` (the
//! last `seq` in it: exact), by an as-of token from `markRefetch` (deltas
//! received before the token), or by both (a refetch that started at the
//! token and came back at a version: it includes the seqs up to the version
//! *and* every write the server had acknowledged before the fetch began) —
//! so a refetch never double counts. A base older than the one held is
//! ignored.

use super::entity_id::EntityIdRef;
use super::error::{InputError, Reason};
use super::keys::EntitySlot;
use super::ledger::Stamp;
use super::store::{Effect, MetricStore};
use super::sum::Sum;
use super::trace::{Fate, Source};
use super::vocab::{MetricCode, TypeCode};
use super::watermark::StaleReason;

/// Which deltas a base already includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseMeta {
    /// Every `seq` up to and including this one.
    Version(u64),
    /// Every delta received before `markRefetch` returned this token.
    AsOf(u64),
    /// Both: the seqs up to `version` and the deltas before `as_of`.
    Both { version: u64, as_of: u64 },
}

impl BaseMeta {
    pub fn version(self) -> Option<u64> {
        match self {
            BaseMeta::Version(v) | BaseMeta::Both { version: v, .. } => Some(v),
            BaseMeta::AsOf(_) => None,
        }
    }

    pub fn as_of(self) -> Option<u64> {
        match self {
            BaseMeta::AsOf(t) | BaseMeta::Both { as_of: t, .. } => Some(t),
            BaseMeta::Version(_) => None,
        }
    }

    /// Whether this base includes a delta with `stamp`.
    fn covers(self, stamp: Stamp) -> bool {
        match stamp {
            Stamp::Seq(s) => self.version().is_some_and(|v| s <= v),
            Stamp::Tick(x) => self.as_of().is_some_and(|t| x < t),
        }
    }

    /// Whether deltas already folded into the sums (beyond any ledger) are
    /// newer than this base: then it can't be applied exactly.
    fn behind(self, folded_max_seq: Option<u64>, folded_max_tick: Option<u64>) -> bool {
        self.version()
            .is_some_and(|v| folded_max_seq.is_some_and(|m| m > v))
            || self
                .as_of()
                .is_some_and(|t| folded_max_tick.is_some_and(|m| m >= t))
    }
}

/// What `setBase` did.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseOutcome {
    /// False when the store already held a newer base.
    pub applied: bool,
    /// Metrics whose value (base + delta) changed.
    pub changed: Vec<MetricCode>,
    pub effect: Effect,
}

impl BaseOutcome {
    fn ignored() -> Self {
        BaseOutcome {
            applied: false,
            changed: Vec::new(),
            effect: Effect::None,
        }
    }
}

impl MetricStore {
    /// A token for a base fetch starting now (see `BaseMeta::AsOf`).
    pub fn mark_refetch(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Result<u64, InputError> {
        self.check_type(ty)?;
        let slot = self.intern(ty, id)?;
        self.tick = self.tick.saturating_add(1);
        if let Some(entity) = self.entities.get_mut(slot) {
            entity.wm_mut().outstanding.push(self.tick);
            self.tokens_outstanding = self.tokens_outstanding.saturating_add(1);
        }
        Ok(self.tick)
    }

    /// Sets the entity's base values; deltas the base includes are dropped.
    pub fn set_base(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        values: &[(MetricCode, f64)],
        meta: BaseMeta,
    ) -> Result<BaseOutcome, InputError> {
        self.check_type(ty)?;
        self.check_values("values", values)?;
        if let Some(t) = meta.as_of() {
            if t == 0 || t > self.tick {
                return Err(InputError::new("meta.asOf", Reason::NotAToken(t)));
            }
        }
        let slot = self.intern(ty, id)?;
        let outcome = self.rebase(slot, values, meta);
        let fate = if outcome.applied {
            Fate::Counted
        } else {
            Fate::Ignored
        };
        self.trace_deltas(
            ty,
            id,
            values,
            Source::Base,
            fate,
            meta.version(),
            None,
            None,
            None,
        );
        self.enforce_key_cap(Some(slot));
        Ok(outcome)
    }

    /// Applies a validated base to an interned entity.
    pub(super) fn rebase(
        &mut self,
        slot: EntitySlot,
        values: &[(MetricCode, f64)],
        meta: BaseMeta,
    ) -> BaseOutcome {
        // An equal version is news only to a stale entity: it confirms that
        // nothing changed (a reconnect, a rollback) and clears the mark.
        // Ordered by version when the base has one, else by token.
        let newer = self.entities.get(slot).is_some_and(|e| {
            let wm = e.wm();
            match (meta.version(), meta.as_of()) {
                (Some(v), _) => wm
                    .version
                    .is_none_or(|held| v > held || (v == held && wm.stale.is_some())),
                (None, Some(t)) => wm.token.is_none_or(|held| t > held),
                (None, None) => false,
            }
        });
        if !newer {
            self.stats.stale_bases_ignored = self.stats.stale_bases_ignored.saturating_add(1);
            return BaseOutcome::ignored();
        }
        for &(m, _) in values {
            self.cell_in(slot, m);
        }
        let cells = self.cells_of(slot);
        let Some(entity) = self.entities.get_mut(slot) else {
            return BaseOutcome::ignored();
        };
        // Each key's folded part (its sum minus its ledger entries), before
        // the ledger changes: a base replaces it as a whole.
        let folded: Vec<Sum> = cells
            .iter()
            .map(|(m, c)| {
                let logged = entity.ledger().sum(*m).value();
                self.cells
                    .get(*c)
                    .map_or(Sum::ZERO, |x| x.delta.plus(-logged).unwrap_or(x.delta))
            })
            .collect();
        let ledger = entity.ledger();
        let behind = meta.behind(ledger.folded_max_seq, ledger.folded_max_tick);
        // A base's watermark is kept: the entity gets its meta here.
        let em = entity.meta_mut();
        em.ledger.retain(|e| !meta.covers(e.stamp));
        if let Some(v) = meta.version() {
            em.wm.cover(v);
        }
        if let Some(t) = meta.as_of() {
            let before = em.wm.outstanding.len();
            em.wm.outstanding.retain(|o| *o > t);
            let answered = before.saturating_sub(em.wm.outstanding.len());
            self.tokens_outstanding = self.tokens_outstanding.saturating_sub(answered);
            em.wm.token = Some(t);
            em.wm.refreshed();
        }
        if !behind {
            em.ledger.clear_folded();
        }
        // Unversioned deltas need tracking only while a refetch is outstanding.
        let newly_folded = if em.wm.outstanding.is_empty() {
            em.ledger.take(|e| matches!(e.stamp, Stamp::Tick(_)))
        } else {
            Vec::new()
        };
        let mut effect = Effect::None;
        let mut changed = Vec::new();
        for ((metric, cell), old_folded) in cells.into_iter().zip(folded) {
            let before = self.cells.get(cell).map(|c| (c.base, c.shown()));
            let kept = if behind { old_folded } else { Sum::ZERO };
            let kept = newly_folded
                .iter()
                .filter(|e| e.metric == metric)
                .fold(kept, |s, e| s.plus(e.delta).unwrap_or(s));
            let logged = self
                .entities
                .get(slot)
                .map_or(Sum::ZERO, |e| e.ledger().sum(metric));
            let delta = logged.plus(kept.value()).unwrap_or(logged);
            self.journal_old(cell);
            self.cells.replace_delta(cell, delta);
            if let Some(&(_, v)) = values.iter().rev().find(|(m, _)| *m == metric) {
                self.cells.set_base(cell, Some(v));
            }
            let after = self.cells.get(cell).map(|c| (c.base, c.shown()));
            if before != after {
                self.note_changed(cell, &mut effect);
                if values.iter().any(|(m, _)| *m == metric) {
                    changed.push(metric);
                }
            }
        }
        if behind {
            self.mark_stale(slot, StaleReason::BaseBehind);
        }
        self.changes.bump();
        BaseOutcome {
            applied: true,
            changed,
            effect: effect.max(Effect::Changed),
        }
    }

    /// What a card shows for `base` fetched with `meta`, before the base is
    /// handed to the store: `base` plus the deltas it does not include. If the
    /// store already holds a base at least as new (or `meta` is `None` and the
    /// store holds any base), the store's value wins.
    pub fn projected(
        &self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
        base: f64,
        meta: Option<BaseMeta>,
    ) -> f64 {
        let Some((slot, entity)) = self
            .entities
            .find(ty, id)
            .and_then(|s| Some((s, self.entities.get(s)?)))
        else {
            return base;
        };
        let cell = self.cell_of(slot, metric).and_then(|c| self.cells.get(c));
        let delta = cell.map_or(0.0, |c| c.shown());
        let optimistic = cell.map_or(0.0, |c| c.optimistic.value());
        let held = cell.and_then(|c| c.base);
        let Some(meta) = meta else {
            // No watermark on the app's base: a base the store holds (set
            // with one, or from a snapshot) is the better number.
            return held.unwrap_or(base) + delta;
        };
        let held_newer = match (meta.version(), meta.as_of()) {
            (Some(v), _) => entity.wm().version.is_some_and(|h| h >= v),
            (None, Some(t)) => entity.wm().token.is_some_and(|h| h >= t),
            (None, None) => false,
        };
        if held_newer {
            return held.unwrap_or(base) + delta;
        }
        let ledger = entity.ledger();
        let folded_covered = !meta.behind(ledger.folded_max_seq, ledger.folded_max_tick);
        let folded = if folded_covered {
            0.0
        } else {
            cell.map_or(0.0, |c| c.delta.value()) - entity.ledger().sum(metric).value()
        };
        base + entity
            .ledger()
            .sum_after(metric, |s| meta.covers(s))
            .value()
            + folded
            + optimistic
    }
}
