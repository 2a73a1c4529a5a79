//! The metric store: interned keys, accumulated deltas, change tracking and
//! topic refcounts behind one all-or-nothing API.
//!
//! Every write validates all of its input before touching anything, so a
//! rejected call leaves the store exactly as it was.

use super::changes::ChangeSet;
use super::entity_id::EntityIdRef;
use super::error::{InputError, Reason};
use super::journal::{Journal, JournalEntry};
use super::keys::{EntitySlot, EntityTable};
use super::stats::Stats;
use super::sum::Sum;
use super::table::{CellId, CellTable};
use super::topics::{TopicChange, Topics, TOPIC_PREFIX};
use super::vocab::{MetricCode, TypeCode, Vocab};

/// What a write did, so the binding layer knows whether to notify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// Nothing visible changed.
    None = 0,
    /// The state changed, but no watched key's value did.
    Changed = 1,
    /// A watched key's value changed: drain the changes and notify.
    WatchedChanged = 2,
}

/// One key of the `deltas` view.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaEntry<'a> {
    pub cell: CellId,
    pub entity_type: &'a str,
    pub entity_id: EntityIdRef<'a>,
    pub metric: &'a str,
    pub delta: f64,
}

#[derive(Debug, Clone, Default)]
pub struct MetricStore {
    vocab: Vocab,
    entities: EntityTable,
    cells: CellTable,
    changes: ChangeSet,
    topics: Topics,
    journal: Journal,
    pub(super) stats: Stats,
    /// Per-metric sums of the write in progress (reused: no allocation per call).
    scratch: Vec<(MetricCode, Sum)>,
}

impl MetricStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    pub fn vocab_mut(&mut self) -> &mut Vocab {
        &mut self.vocab
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    pub fn revision(&self) -> u64 {
        self.changes.revision()
    }

    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    pub fn key_count(&self) -> usize {
        self.cells.present_count()
    }

    /// Strict name lookup for app calls.
    pub fn entity_type(&self, name: &str) -> Result<TypeCode, InputError> {
        self.vocab
            .entity_type_code(name)
            .ok_or_else(|| InputError::new("entityType", Reason::UnknownEntityType(name.into())))
    }

    /// Strict metric (or alias) lookup for app calls.
    pub fn metric(&self, field: &str, name: &str) -> Result<MetricCode, InputError> {
        self.vocab
            .metric_code(name)
            .ok_or_else(|| InputError::new(field, Reason::UnknownMetric(name.into())))
    }

    fn check_type(&self, ty: TypeCode) -> Result<(), InputError> {
        match self.vocab.entity_type_name(ty) {
            Some(_) => Ok(()),
            None => Err(InputError::new(
                "entityType",
                Reason::UnknownCode(u32::from(ty.0)),
            )),
        }
    }

    fn metric_name(&self, field: &str, m: MetricCode) -> Result<&str, InputError> {
        self.vocab
            .metric_name(m)
            .ok_or_else(|| InputError::new(field, Reason::UnknownCode(u32::from(m.0))))
    }

    fn current(&self, slot: Option<EntitySlot>, m: MetricCode) -> Sum {
        slot.and_then(|s| self.entities.get(s))
            .and_then(|e| e.cell(m))
            .and_then(|c| self.cells.get(c))
            .map_or(Sum::ZERO, |c| c.delta)
    }

    /// Adds a multi-metric update to one entity, all or nothing. Zero deltas
    /// are skipped; repeated metrics (colliding aliases) sum.
    pub fn apply(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        updates: &[(MetricCode, f64)],
    ) -> Result<Effect, InputError> {
        self.check_type(ty)?;
        let slot = self.entities.find(ty, id);
        let mut merged = std::mem::take(&mut self.scratch);
        merged.clear();
        let validated = self.merge_updates(slot, updates, &mut merged);
        let result = validated.and_then(|()| self.commit(ty, id, slot, &merged));
        self.scratch = merged;
        result
    }

    fn merge_updates(
        &self,
        slot: Option<EntitySlot>,
        updates: &[(MetricCode, f64)],
        merged: &mut Vec<(MetricCode, Sum)>,
    ) -> Result<(), InputError> {
        for &(m, d) in updates {
            let name = self.metric_name("updates", m)?;
            if !d.is_finite() {
                return Err(InputError::new(
                    format!("updates.{name}"),
                    Reason::NotFinite(d),
                ));
            }
            if d == 0.0 {
                continue;
            }
            let position = merged.iter().position(|(mm, _)| *mm == m);
            let entry = match position.and_then(|i| merged.get_mut(i)) {
                Some(entry) => entry,
                None => {
                    merged.push((m, self.current(slot, m)));
                    match merged.last_mut() {
                        Some(entry) => entry,
                        None => continue,
                    }
                }
            };
            entry.1 = entry
                .1
                .plus(d)
                .ok_or_else(|| InputError::new(format!("updates.{name}"), Reason::Overflow))?;
        }
        Ok(())
    }

    fn commit(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        slot: Option<EntitySlot>,
        merged: &[(MetricCode, Sum)],
    ) -> Result<Effect, InputError> {
        if merged.is_empty() {
            return Ok(Effect::None);
        }
        if self.cells.len().saturating_add(merged.len()) >= u32::MAX as usize {
            return Err(InputError::new(
                "entityId",
                Reason::CapacityExceeded("too many keys"),
            ));
        }
        let slot = match slot {
            Some(s) => s,
            None => self.entities.intern(ty, id).ok_or_else(|| {
                InputError::new("entityId", Reason::CapacityExceeded("too many entities"))
            })?,
        };
        let mut effect = Effect::Changed;
        for &(m, sum) in merged {
            let Some(cell) = self.cell_in(slot, m) else {
                continue;
            };
            self.journal_old(cell);
            if self.cells.set_delta(cell, sum) && self.cells.is_watched(cell) {
                self.changes.note_watched(cell);
                effect = Effect::WatchedChanged;
            }
        }
        self.stats.deltas_applied = self
            .stats
            .deltas_applied
            .saturating_add(merged.len() as u64);
        self.changes.bump();
        Ok(effect)
    }

    /// Records what `cell` holds before the change about to be made.
    fn journal_old(&mut self, cell: CellId) {
        if !self.journal.is_enabled() {
            return;
        }
        if let Some(c) = self.cells.get(cell) {
            self.journal.record(JournalEntry {
                revision: self.changes.revision().wrapping_add(1),
                cell,
                old: c.delta.value(),
                was_present: c.present,
            });
        }
    }

    /// Keep an undo journal of key changes (for whole-store listeners).
    pub fn set_journaling(&mut self, on: bool) {
        self.journal.set_enabled(on);
    }

    /// The journal's entries since the last drain, oldest first.
    pub fn drain_journal(&mut self) -> Vec<JournalEntry> {
        self.journal.drain().collect()
    }

    /// Finds or creates the cell of `metric` on an interned entity.
    fn cell_in(&mut self, slot: EntitySlot, metric: MetricCode) -> Option<CellId> {
        let entity = self.entities.get(slot)?;
        if let Some(cell) = entity.cell(metric) {
            return Some(cell);
        }
        let cell = self.cells.push(slot, metric)?;
        self.entities.get_mut(slot)?.cells.push((metric, cell));
        Some(cell)
    }

    /// The accumulated delta of one key; 0 when absent.
    pub fn delta(&self, ty: TypeCode, id: EntityIdRef<'_>, metric: MetricCode) -> f64 {
        self.current(self.entities.find(ty, id), metric).value()
    }

    /// The key's cell, created if needed (for keyed listeners).
    pub fn cell(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Result<CellId, InputError> {
        self.check_type(ty)?;
        self.metric_name("metricType", metric)?;
        let slot = self.entities.intern(ty, id).ok_or_else(|| {
            InputError::new("entityId", Reason::CapacityExceeded("too many entities"))
        })?;
        self.cell_in(slot, metric)
            .ok_or_else(|| InputError::new("metricType", Reason::CapacityExceeded("too many keys")))
    }

    pub fn cell_delta(&self, cell: CellId) -> f64 {
        self.cells.delta(cell)
    }

    /// Keyed listeners pin a cell: its changes are reported by `drain_changes`.
    pub fn watch(&mut self, cell: CellId) -> bool {
        self.cells.watch(cell).is_some()
    }

    pub fn unwatch(&mut self, cell: CellId) -> bool {
        self.cells.unwatch(cell).is_some()
    }

    /// `Type:id:metric`, the key of the seed store's `deltas` record.
    pub fn cell_key(&self, cell: CellId) -> Option<String> {
        let c = self.cells.get(cell)?;
        let entity = self.entities.get(c.entity)?;
        let ty = self.vocab.entity_type_name(entity.ty)?;
        let metric = self.vocab.metric_name(c.metric)?;
        Some(format!("{ty}:{}:{metric}", entity.id))
    }

    /// Keys of the `deltas` view with their values, in creation order.
    pub fn entries(&self) -> impl Iterator<Item = DeltaEntry<'_>> {
        self.cells.present_cells().filter_map(|(cell, c)| {
            let entity = self.entities.get(c.entity)?;
            Some(DeltaEntry {
                cell,
                entity_type: self.vocab.entity_type_name(entity.ty)?,
                entity_id: entity.id.as_ref(),
                metric: self.vocab.metric_name(c.metric)?,
                delta: c.delta.value(),
            })
        })
    }

    fn clear_cells(&mut self, cells: &[CellId]) -> Effect {
        let mut effect = Effect::None;
        for &cell in cells {
            if self
                .cells
                .get(cell)
                .is_some_and(|c| c.present || c.delta != Sum::ZERO)
            {
                self.journal_old(cell);
            }
            let (changed, was_present) = self.cells.clear(cell);
            if changed || was_present {
                effect = effect.max(Effect::Changed);
            }
            if changed && self.cells.is_watched(cell) {
                self.changes.note_watched(cell);
                effect = Effect::WatchedChanged;
            }
        }
        if effect != Effect::None {
            self.changes.bump();
        }
        effect
    }

    /// Clears one key.
    pub fn clear_metric(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Effect {
        let cell = self
            .entities
            .find(ty, id)
            .and_then(|s| self.entities.get(s))
            .and_then(|e| e.cell(metric));
        match cell {
            Some(cell) => self.clear_cells(&[cell]),
            None => Effect::None,
        }
    }

    /// Clears every metric of one entity.
    pub fn clear_entity(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Effect {
        let cells: Vec<CellId> = self
            .entities
            .find(ty, id)
            .and_then(|s| self.entities.get(s))
            .map(|e| e.cells.iter().map(|(_, c)| *c).collect())
            .unwrap_or_default();
        self.clear_cells(&cells)
    }

    /// Clears every key.
    pub fn clear_all(&mut self) -> Effect {
        let cells: Vec<CellId> = self.cells.present_cells().map(|(c, _)| c).collect();
        self.clear_cells(&cells)
    }

    /// Moves the changed watched cells into `out`.
    pub fn drain_changes(&mut self, out: &mut Vec<u32>) {
        self.changes.drain_into(out);
    }

    pub fn has_watched_changes(&self) -> bool {
        self.changes.has_watched_changes()
    }

    /// Takes a reference on the entity's topic; returns the new refcount.
    pub fn acquire_topic(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> Result<u32, InputError> {
        self.check_type(ty)?;
        let slot = self.entities.intern(ty, id).ok_or_else(|| {
            InputError::new("entityId", Reason::CapacityExceeded("too many entities"))
        })?;
        Ok(self.topics.acquire(&mut self.entities, slot))
    }

    /// Drops a reference; returns the new refcount (0 if it was not held).
    pub fn release_topic(&mut self, ty: TypeCode, id: EntityIdRef<'_>) -> u32 {
        match self.entities.find(ty, id) {
            Some(slot) => self.topics.release(&mut self.entities, slot),
            None => 0,
        }
    }

    pub fn has_topic_changes(&self) -> bool {
        self.topics.has_pending()
    }

    /// Net topic changes since the last drain, for the transport.
    pub fn drain_topic_changes(&mut self) -> Vec<TopicChange> {
        self.topics.drain(&mut self.entities, &self.vocab)
    }

    /// Topics the transport should hold now (replayed after a reconnect).
    pub fn active_topics(&self) -> Vec<String> {
        self.topics.active(&self.entities, &self.vocab)
    }

    /// The topic name of an entity: `metrics:{entityType}:{entityId}`.
    pub fn topic(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<String> {
        let name = self.vocab.entity_type_name(ty)?;
        Some(format!("{TOPIC_PREFIX}:{name}:{id}"))
    }
}
