//! Optimistic mutations: the app's own writes, shown at once as *relative*
//! deltas (never absolute values computed from stale state, so rapid clicks
//! never lose increments), each in its own record that resolves
//! independently: `pending → inflight → (retrying)* → confirmed | failed`.
//! A key's value is `base + confirmed deltas + Σ deltas of its live records`.
//!
//! The mutation id is also the idempotency key the app sends, and the id
//! the server echoes in the resulting signal. The state machine's steps are
//! in `mutation_steps`.

use std::collections::VecDeque;

use hashbrown::HashMap;

use super::backoff::RetryPolicy;
use super::entity_id::{EntityId, EntityIdRef};
use super::error::{InputError, Reason};
use super::store::{Effect, MetricStore};
use super::sum::Sum;
use super::vocab::{MetricCode, TypeCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutationState {
    Pending,
    Inflight,
    Retrying,
    Confirmed,
    Failed,
}

impl MutationState {
    pub const fn as_str(self) -> &'static str {
        match self {
            MutationState::Pending => "pending",
            MutationState::Inflight => "inflight",
            MutationState::Retrying => "retrying",
            MutationState::Confirmed => "confirmed",
            MutationState::Failed => "failed",
        }
    }

    /// Waiting for the server: counted optimistically, shown as updating.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            MutationState::Pending | MutationState::Inflight | MutationState::Retrying
        )
    }
}

#[derive(Debug, Clone)]
pub struct Mutation {
    pub id: Box<str>,
    pub ty: TypeCode,
    pub entity: EntityId,
    pub deltas: Vec<(MetricCode, f64)>,
    pub state: MutationState,
    pub attempts: u32,
    pub next_at: Option<f64>,
    pub last_error: Option<String>,
    pub policy: RetryPolicy,
    pub created_at: f64,
    /// Its deltas are in the cells' optimistic sums.
    pub contributing: bool,
    /// Confirmed without a version: the tick its confirmed deltas carry, so a
    /// later echo can re-stamp them with the server's seq.
    pub confirmed_tick: Option<u64>,
    /// How the app re-runs it after a reload: a registered name and its
    /// variables (JSON), both opaque here.
    pub resume: Option<(String, String)>,
}

/// Finished records kept (for late echoes and inspection).
pub const KEEP_FINISHED: usize = 1024;
pub const MAX_ID_LEN: usize = 128;

#[derive(Debug, Clone, Default)]
pub struct Mutations {
    pub(super) records: HashMap<Box<str>, Mutation>,
    pub(super) finished: VecDeque<Box<str>>,
    /// Every id in creation order (ids of forgotten records are skipped and
    /// compacted away), so listing needs no sort.
    order: Vec<Box<str>>,
}

impl Mutations {
    pub fn get(&self, id: &str) -> Option<&Mutation> {
        self.records.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Mutation> {
        self.records.get_mut(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Mutation> {
        self.records.values()
    }

    /// Records oldest first.
    pub fn in_order(&self) -> impl Iterator<Item = &Mutation> {
        self.order.iter().filter_map(|id| self.records.get(id))
    }

    pub(super) fn insert(&mut self, m: Mutation) {
        self.order.push(m.id.clone());
        self.records.insert(m.id.clone(), m);
        if self.order.len() > self.records.len().saturating_mul(2).max(64) {
            let records = &self.records;
            self.order.retain(|id| records.contains_key(id));
        }
    }

    /// Remembers a finished record, forgetting the oldest beyond the cap.
    pub(super) fn finish(&mut self, id: &str) {
        self.finished.push_back(id.into());
        while self.finished.len() > KEEP_FINISHED {
            if let Some(old) = self.finished.pop_front() {
                self.records.remove(&old);
            }
        }
    }
}

/// What the app passes to start a mutation.
#[derive(Debug, Clone)]
pub struct NewMutation<'a> {
    pub id: &'a str,
    pub ty: TypeCode,
    pub entity: EntityIdRef<'a>,
    pub updates: &'a [(MetricCode, f64)],
    pub policy: RetryPolicy,
    pub now: f64,
    pub resume: Option<(String, String)>,
}

fn check_id(id: &str) -> Result<(), InputError> {
    const FIELD: &str = "id";
    let len = id.chars().count();
    if len == 0 {
        return Err(InputError::new(FIELD, Reason::Empty));
    }
    if len > MAX_ID_LEN {
        return Err(InputError::new(
            FIELD,
            Reason::TooLong {
                max: MAX_ID_LEN,
                len,
            },
        ));
    }
    if id.chars().any(char::is_control) {
        return Err(InputError::new(FIELD, Reason::ControlCharacter));
    }
    Ok(())
}

impl MetricStore {
    /// Starts a mutation: its deltas show at once, as optimistic deltas.
    pub fn begin_mutation(&mut self, m: NewMutation<'_>) -> Result<Effect, InputError> {
        self.check_type(m.ty)?;
        check_id(m.id)?;
        if self.mutations.get(m.id).is_some() {
            return Err(InputError::new(
                "id",
                Reason::MutationIdInUse(m.id.to_string()),
            ));
        }
        let policy = m
            .policy
            .check()
            .map_err(|why| InputError::new("retry", Reason::BadRetry(why)))?;
        let deltas = self.merge_relative(m.updates)?;
        if deltas.is_empty() {
            return Err(InputError::new("updates", Reason::NoChange));
        }
        let slot = self.intern(m.ty, m.entity)?;
        let mut effect = Effect::Changed;
        for &(metric, d) in &deltas {
            self.add_optimistic(slot, metric, d, &mut effect);
        }
        self.mutations.insert(Mutation {
            id: m.id.into(),
            ty: m.ty,
            entity: m.entity.to_owned_id(),
            deltas,
            state: MutationState::Pending,
            attempts: 0,
            next_at: None,
            last_error: None,
            policy,
            created_at: m.now,
            contributing: true,
            confirmed_tick: None,
            resume: m.resume,
        });
        self.changes.bump();
        self.enforce_key_cap(Some(slot));
        Ok(effect)
    }

    /// Validates relative updates: known metrics, finite, merged per metric, zeros dropped.
    fn merge_relative(
        &self,
        updates: &[(MetricCode, f64)],
    ) -> Result<Vec<(MetricCode, f64)>, InputError> {
        let mut out: Vec<(MetricCode, f64)> = Vec::new();
        for &(m, d) in updates {
            let name = self.metric_name("updates", m)?;
            let field = || format!("updates.{name}");
            if !d.is_finite() {
                return Err(InputError::new(field(), Reason::NotFinite(d)));
            }
            match out.iter_mut().find(|(mm, _)| *mm == m) {
                Some(entry) => entry.1 += d,
                None => out.push((m, d)),
            }
            if out.iter().any(|(_, v)| !v.is_finite()) {
                return Err(InputError::new(field(), Reason::Overflow));
            }
        }
        out.retain(|(_, d)| *d != 0.0);
        Ok(out)
    }

    pub(super) fn add_optimistic(
        &mut self,
        slot: super::keys::EntitySlot,
        metric: MetricCode,
        d: f64,
        effect: &mut Effect,
    ) {
        let Some(cell) = self.cell_in(slot, metric) else {
            return;
        };
        self.journal_old(cell);
        if let Some(c) = self.cells.get(cell) {
            let mut sum = c.optimistic.plus(d).unwrap_or(c.optimistic);
            // Back to (exactly) nothing pending: drop float residue.
            if sum.value().abs() < f64::EPSILON * 16.0 {
                sum = Sum::ZERO;
            }
            self.cells.set_optimistic(cell, sum);
        }
        self.note_changed(cell, effect);
    }

    /// Takes a record's deltas out of the optimistic sums.
    pub(super) fn withdraw(&mut self, id: &str, effect: &mut Effect) {
        let Some(m) = self.mutations.get_mut(id) else {
            return;
        };
        if !m.contributing {
            return;
        }
        m.contributing = false;
        let (ty, entity, deltas) = (m.ty, m.entity.clone(), m.deltas.clone());
        let Some(slot) = self.entities.find(ty, entity.as_ref()) else {
            return;
        };
        for (metric, d) in deltas {
            self.add_optimistic(slot, metric, -d, effect);
        }
    }

    /// Records of one entity (or all), oldest first.
    pub fn mutations_of(
        &self,
        ty: Option<TypeCode>,
        id: Option<EntityIdRef<'_>>,
    ) -> Vec<&Mutation> {
        self.mutations
            .in_order()
            .filter(|m| ty.is_none_or(|t| m.ty == t) && id.is_none_or(|i| m.entity.as_ref() == i))
            .collect()
    }

    /// Whether an open record (waiting for the server) touches the entity (and metric).
    pub fn is_updating(
        &self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: Option<MetricCode>,
    ) -> bool {
        self.mutations.iter().any(|m| {
            m.state.is_open()
                && m.ty == ty
                && m.entity.as_ref() == id
                && metric.is_none_or(|x| m.deltas.iter().any(|(mm, _)| *mm == x))
        })
    }
}
