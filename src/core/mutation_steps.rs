//! The steps of a mutation's life, driven by the binding layer as attempts
//! start, fail and succeed, and by echoes arriving in signals. The
//! optimistic delta disappears exactly when the server's effect becomes
//! visible — whichever comes first: the echo carrying the same mutation id,
//! a base whose watermark covers the version the response acknowledged, or
//! absolute values in the response.

use super::backoff::{Failure, Next};
use super::bases::BaseMeta;
use super::error::{InputError, Reason};
use super::ledger::{LedgerEntry, Stamp};
use super::optimistic::MutationState;
use super::store::{Effect, MetricStore};
use super::vocab::MetricCode;
use super::watermark::SeqVerdict;

/// What a successful response told us.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ack {
    /// The entity's version after the mutation (its seq).
    pub version: Option<u64>,
    /// Absolute values after the mutation.
    pub values: Option<Vec<(MetricCode, f64)>>,
}

/// What the driver does after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    RetryAt(f64),
    /// Rolled back (only this record).
    Failed,
    /// Already confirmed (its echo arrived): nothing to do.
    Settled,
}

fn unknown(id: &str) -> InputError {
    InputError::new("id", Reason::NoMutation(id.to_string()))
}

impl MetricStore {
    /// An attempt begins; returns its timeout (ms), or `None` if the record
    /// no longer needs one (confirmed by an echo, or finished).
    pub fn attempt_started(&mut self, id: &str) -> Result<Option<f64>, InputError> {
        let m = self.mutations.get_mut(id).ok_or_else(|| unknown(id))?;
        if !m.state.is_open() {
            return Ok(None);
        }
        m.state = MutationState::Inflight;
        m.attempts = m.attempts.saturating_add(1);
        m.next_at = None;
        let timeout = m.policy.timeout_ms;
        self.touch_record(id);
        self.changes.bump();
        Ok(Some(timeout))
    }

    /// An attempt failed at `now`; `random` ∈ [0, 1) drives the jitter.
    pub fn attempt_failed(
        &mut self,
        id: &str,
        failure: Failure,
        message: &str,
        now: f64,
        random: f64,
    ) -> Result<(Step, Effect), InputError> {
        let m = self.mutations.get_mut(id).ok_or_else(|| unknown(id))?;
        if !m.state.is_open() {
            return Ok((Step::Settled, Effect::None));
        }
        m.last_error = Some(message.chars().take(200).collect());
        match m.policy.next(m.attempts, failure, now, random) {
            Next::RetryAt(at) => {
                m.state = MutationState::Retrying;
                m.next_at = Some(at);
                self.touch_record(id);
                self.changes.bump();
                Ok((Step::RetryAt(at), Effect::WatchedChanged))
            }
            Next::GiveUp => {
                m.state = MutationState::Failed;
                // It may have landed anyway (a lost response): reconcile
                // with the server's truth instead of trusting the rollback.
                let maybe_landed = failure.retryable();
                let (ty, entity) = (m.ty, m.entity.clone());
                let mut effect = Effect::Changed;
                self.touch_record(id);
                self.withdraw(id, &mut effect);
                if let Some(slot) = self.entities.find(ty, entity.as_ref()) {
                    if maybe_landed {
                        self.mark_stale(slot, super::watermark::StaleReason::Rollback);
                    }
                }
                self.mutations.finish(id);
                self.changes.bump();
                Ok((Step::Failed, effect))
            }
        }
    }

    /// The server applied the mutation.
    pub fn attempt_succeeded(&mut self, id: &str, ack: &Ack) -> Result<Effect, InputError> {
        let m = self.mutations.get(id).ok_or_else(|| unknown(id))?;
        if let Some(values) = &ack.values {
            self.check_values("values", values)?;
        }
        let (state, contributing) = (m.state, m.contributing);
        let (ty, entity, deltas) = (m.ty, m.entity.clone(), m.deltas.clone());
        if state == MutationState::Confirmed || state == MutationState::Failed && !contributing {
            // Confirmed by its echo already, or given up (and its effect will
            // arrive with the server's next signals or base).
            self.set_state(id, MutationState::Confirmed);
            return Ok(Effect::None);
        }
        let mut effect = Effect::Changed;
        self.withdraw(id, &mut effect);
        let slot = self.intern(ty, entity.as_ref())?;
        if let Some(values) = &ack.values {
            let meta = match ack.version {
                Some(v) => BaseMeta::Version(v),
                None => {
                    self.tick = self.tick.saturating_add(1);
                    BaseMeta::AsOf(self.tick)
                }
            };
            effect = effect.max(self.rebase(slot, values, meta).effect);
        } else {
            let stamp = match ack.version {
                Some(v) => match self.entities.get_mut(slot).map(|e| e.wm_mut().admit(v)) {
                    Some(SeqVerdict::Covered | SeqVerdict::Duplicate) | None => None,
                    Some(verdict) => {
                        if verdict == SeqVerdict::Gap {
                            self.queue_resync(slot);
                        }
                        Some(Stamp::Seq(v))
                    }
                },
                None => {
                    self.tick = self.tick.saturating_add(1);
                    if let Some(m) = self.mutations.get_mut(id) {
                        m.confirmed_tick = Some(self.tick);
                    }
                    // A versioned base could not tell whether it has this
                    // write (until an echo re-stamps it): reconcile.
                    if self
                        .entities
                        .get(slot)
                        .is_some_and(|e| e.wm().version.is_some())
                    {
                        self.mark_stale(slot, super::watermark::StaleReason::Unversioned);
                    }
                    Some(Stamp::Tick(self.tick))
                }
            };
            if let Some(stamp) = stamp {
                effect = effect.max(self.confirm_deltas(slot, &deltas, stamp));
            }
        }
        self.set_state(id, MutationState::Confirmed);
        self.mutations.finish(id);
        self.changes.bump();
        Ok(effect)
    }

    /// Adds a confirmed mutation's deltas, stamped so a base can cover them.
    fn confirm_deltas(
        &mut self,
        slot: super::keys::EntitySlot,
        deltas: &[(MetricCode, f64)],
        stamp: Stamp,
    ) -> Effect {
        let mut effect = Effect::Changed;
        for &(metric, d) in deltas {
            let Some(cell) = self.cell_in(slot, metric) else {
                continue;
            };
            self.journal_old(cell);
            let current = self.cells.get(cell).map(|c| c.delta).unwrap_or_default();
            if self
                .cells
                .set_delta(cell, current.plus(d).unwrap_or(current))
            {
                self.note_changed(cell, &mut effect);
            }
            if let Some(e) = self.entities.get_mut(slot) {
                e.ledger_mut().push(LedgerEntry {
                    stamp,
                    metric,
                    delta: d,
                });
            }
        }
        effect
    }

    fn set_state(&mut self, id: &str, state: MutationState) {
        if let Some(m) = self.mutations.get_mut(id) {
            m.state = state;
            m.next_at = None;
        }
        self.touch_record(id);
    }

    /// A record's state changed: its keys' listeners re-read (a card shows
    /// "updating…" from the record state, not only from the value).
    pub(super) fn touch_record(&mut self, id: &str) {
        let Some(m) = self.mutations.get(id) else {
            return;
        };
        let (ty, entity, metrics): (_, _, Vec<MetricCode>) = (
            m.ty,
            m.entity.clone(),
            m.deltas.iter().map(|(x, _)| *x).collect(),
        );
        let Some(slot) = self.entities.find(ty, entity.as_ref()) else {
            return;
        };
        let cells: Vec<_> = metrics
            .iter()
            .filter_map(|x| self.cell_of(slot, *x))
            .collect();
        let mut effect = Effect::None;
        for cell in cells {
            self.note_changed(cell, &mut effect);
        }
    }

    /// A signal carried `mutationId`: returns true if its own deltas must be
    /// dropped (the effect is already counted).
    pub(super) fn echo(&mut self, id: &str, seq: Option<u64>, effect: &mut Effect) -> bool {
        let Some(m) = self.mutations.get(id) else {
            // Not ours (another tab's action): count it like any signal.
            return false;
        };
        let (state, contributing, tick) = (m.state, m.contributing, m.confirmed_tick);
        let (ty, entity) = (m.ty, m.entity.clone());
        if contributing {
            // The echo is the server's effect: it replaces the optimistic delta.
            self.withdraw(id, effect);
            self.set_state(id, MutationState::Confirmed);
            self.mutations.finish(id);
            return false;
        }
        if state == MutationState::Failed {
            // Given up on, yet the server applied it: the echo is the truth.
            return false;
        }
        // Confirmed already: the deltas are counted. Re-stamp a tick-stamped
        // confirmation with the server's seq, so bases cover it exactly.
        if let (Some(t), Some(s)) = (tick, seq) {
            if let Some(slot) = self.entities.find(ty, entity.as_ref()) {
                if let Some(e) = self.entities.get_mut(slot) {
                    e.ledger_mut().restamp(Stamp::Tick(t), Stamp::Seq(s));
                    if e.wm_mut().admit(s) == SeqVerdict::Gap {
                        self.queue_resync(slot);
                    }
                }
            }
            if let Some(m) = self.mutations.get_mut(id) {
                m.confirmed_tick = None;
            }
        }
        true
    }
}
