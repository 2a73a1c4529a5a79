//! The metric store: interned keys, bases with watermarks, accumulated
//! deltas, change tracking and topic refcounts behind one all-or-nothing API.
//!
//! Its methods are split by concept: `apply` (deltas), `reads`, `clear`,
//! `bases` (setBase, markRefetch, projections), `snapshot` (absolute
//! values), `resync` (stale entities), `topics` and `signal` (remote payloads).
//! Every write validates all of its input before touching anything, so a
//! rejected call leaves the store exactly as it was.

use super::activity::Activity;
use super::cell_key::{CellKey, KeyRef};
use super::changes::ChangeSet;
use super::dedupe::EventWindow;
use super::error::{InputError, Reason};
use super::journal::{Journal, JournalEntry};
use super::keys::{EntitySlot, EntityTable};
use super::open_index::OpenIndex;
use super::stats::Stats;
use super::table::{CellHandle, CellId, CellTable};
use super::topics::Topics;
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

/// Sizes a store is created with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreConfig {
    /// Event ids remembered for replay dedupe.
    pub dedupe_window: usize,
    /// Events kept for `getActivity`.
    pub activity_size: usize,
    /// Keys kept at most; the least recently used entities without
    /// listeners or topics are evicted beyond it. `None`: unbounded.
    pub max_keys: Option<usize>,
    /// Learn metric names first seen in remote payloads (a strict store doesn't).
    pub learn_metrics: bool,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            dedupe_window: super::dedupe::DEFAULT_WINDOW,
            activity_size: super::activity::DEFAULT_SIZE,
            max_keys: None,
            learn_metrics: true,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct MetricStore {
    pub(super) vocab: Vocab,
    pub(super) entities: EntityTable,
    pub(super) cells: CellTable,
    pub(super) changes: ChangeSet,
    pub(super) topics: Topics,
    pub(super) journal: Journal,
    pub(super) events: EventWindow,
    pub(super) activity: Activity,
    pub(super) stats: Stats,
    pub(super) max_keys: Option<usize>,
    pub(super) learn_metrics: bool,
    /// (type, id, metric) → cell: the ingest hot path finds a key with one
    /// probe instead of entity, then metric.
    pub(super) keys: OpenIndex,
    /// Refetch tokens outstanding across entities: while 0, no delta needs
    /// logging for an as-of base (the common case, checked once per delta).
    pub(super) tokens_outstanding: usize,
    pub(super) mutations: super::optimistic::Mutations,
    /// The store's receive counter: stamps unversioned deltas and as-of tokens.
    pub(super) tick: u64,
    /// Entities newly stale, for the next resync drain.
    pub(super) resync: Vec<EntitySlot>,
    /// Who owns which content, for derived user metrics.
    pub(super) owners: super::owners::Owners,
    /// Entities being inspected: their deltas are recorded for `explain`.
    pub(super) traces: super::trace::Traces,
    /// Per-metric sums of the write in progress (reused: no allocation per call).
    pub(super) scratch_pending: Vec<super::apply::Pending>,
}

impl MetricStore {
    pub fn new() -> Self {
        Self::with_config(StoreConfig::default())
    }

    pub fn with_config(config: StoreConfig) -> Self {
        MetricStore {
            events: EventWindow::new(config.dedupe_window),
            activity: Activity::new(config.activity_size),
            max_keys: config.max_keys,
            learn_metrics: config.learn_metrics,
            ..Self::default()
        }
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

    /// Keys that exist now (with deltas, bases or listeners).
    pub fn cell_count(&self) -> usize {
        self.cells.live_count()
    }

    /// Slots allocated for entities and keys: flat under churn when capped.
    pub fn capacity(&self) -> (usize, usize) {
        (self.entities.capacity(), self.cells.len())
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

    pub(super) fn check_type(&self, ty: TypeCode) -> Result<(), InputError> {
        match self.vocab.entity_type_name(ty) {
            Some(_) => Ok(()),
            None => Err(InputError::new(
                "entityType",
                Reason::UnknownCode(u32::from(ty.0)),
            )),
        }
    }

    pub(super) fn metric_name(&self, field: &str, m: MetricCode) -> Result<&str, InputError> {
        self.vocab
            .metric_name(m)
            .ok_or_else(|| InputError::new(field, Reason::UnknownCode(u32::from(m.0))))
    }

    /// Validates `(metric, value)` pairs: known metrics, finite values.
    pub(super) fn check_values(
        &self,
        field: &str,
        values: &[(MetricCode, f64)],
    ) -> Result<(), InputError> {
        for &(m, v) in values {
            let name = self.metric_name(field, m)?;
            if !v.is_finite() {
                return Err(InputError::new(
                    format!("{field}.{name}"),
                    Reason::NotFinite(v),
                ));
            }
        }
        Ok(())
    }

    pub(super) fn intern(
        &mut self,
        ty: TypeCode,
        id: super::entity_id::EntityIdRef<'_>,
    ) -> Result<EntitySlot, InputError> {
        self.entities.intern(ty, id).ok_or_else(|| {
            InputError::new("entityId", Reason::CapacityExceeded("too many entities"))
        })
    }

    /// The cell of `(ty, id, metric)`, if the key exists: one index probe
    /// for a numeric id (an entity lookup first for a string id).
    #[inline]
    pub(super) fn find_key(
        &self,
        ty: TypeCode,
        id: super::entity_id::EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Option<CellId> {
        let entity = match id {
            super::entity_id::EntityIdRef::Int(n) => KeyRef::Int(n),
            super::entity_id::EntityIdRef::Str(_) => KeyRef::Slot(self.entities.find(ty, id)?),
        };
        self.find_by_key(CellKey { ty, entity, metric })
    }

    #[inline]
    pub(super) fn find_by_key(&self, key: CellKey) -> Option<CellId> {
        let cells = &self.cells;
        self.keys
            .find(key.hash(), |c| cells.is(CellId(c), key))
            .map(CellId)
    }

    /// The key of `metric` on an interned entity.
    fn key_on(&self, slot: EntitySlot, metric: MetricCode) -> Option<CellKey> {
        let e = self.entities.get(slot)?;
        let entity = match e.id {
            super::entity_id::EntityId::Int(n) => KeyRef::Int(n),
            super::entity_id::EntityId::Str(_) => KeyRef::Slot(slot),
        };
        Some(CellKey {
            ty: e.ty,
            entity,
            metric,
        })
    }

    /// The cell of `metric` on an interned entity, if it exists.
    pub(super) fn cell_of(&self, slot: EntitySlot, metric: MetricCode) -> Option<CellId> {
        self.find_by_key(self.key_on(slot, metric)?)
    }

    /// The entity a cell belongs to.
    pub(super) fn entity_of(&self, cell: CellId) -> Option<EntitySlot> {
        let key = self.cells.key(cell)?;
        match key.entity {
            KeyRef::Int(n) => self
                .entities
                .find(key.ty, super::entity_id::EntityIdRef::Int(n)),
            KeyRef::Slot(s) => Some(s),
        }
    }

    /// The entity's cells, by metric code.
    pub(super) fn cells_of(&self, slot: EntitySlot) -> Vec<(MetricCode, CellId)> {
        let Some(e) = self.entities.get(slot) else {
            return Vec::new();
        };
        e.metric_codes(self.vocab.metric_count())
            .filter_map(|m| Some((m, self.cell_of(slot, m)?)))
            .collect()
    }

    /// Finds or creates the cell of `metric` on an interned entity.
    pub(super) fn cell_in(&mut self, slot: EntitySlot, metric: MetricCode) -> Option<CellId> {
        let key = self.key_on(slot, metric)?;
        if let Some(cell) = self.find_by_key(key) {
            return Some(cell);
        }
        self.push_cell(slot, key, metric)
    }

    /// `cell_in` for a key the caller just failed to find (no second probe).
    pub(super) fn new_cell_in(&mut self, slot: EntitySlot, metric: MetricCode) -> Option<CellId> {
        let key = self.key_on(slot, metric)?;
        self.push_cell(slot, key, metric)
    }

    fn push_cell(&mut self, slot: EntitySlot, key: CellKey, metric: MetricCode) -> Option<CellId> {
        let cell = self.cells.push(key)?;
        let cells = &self.cells;
        self.keys.insert(key.hash(), cell.0, |c| {
            cells.key(CellId(c)).map_or(0, CellKey::hash)
        });
        self.entities.get_mut(slot)?.add_metric(metric);
        Some(cell)
    }

    /// Forgets an entity's cells (eviction): out of the index, slots freed.
    pub(super) fn drop_cells(&mut self, slot: EntitySlot) {
        for (_, cell) in self.cells_of(slot) {
            let Some(key) = self.cells.key(cell) else {
                continue;
            };
            let cells = &self.cells;
            self.keys.remove(key.hash(), cell.0, |c| {
                cells.key(CellId(c)).map_or(0, CellKey::hash)
            });
            self.cells.remove(cell);
        }
    }

    /// Bytes the key tables hold (cells, entities, index): the store's
    /// size apart from logs and listener bookkeeping.
    pub fn table_bytes(&self) -> usize {
        self.cells
            .bytes()
            .saturating_add(self.entities.bytes())
            .saturating_add(self.keys.bytes())
    }

    /// Records what `cell` holds before the change about to be made.
    #[inline]
    pub(super) fn journal_old(&mut self, cell: CellId) {
        if !self.journal.is_enabled() {
            return;
        }
        if let (Some(c), Some(handle)) = (self.cells.get(cell), self.cells.handle(cell)) {
            self.journal.record(JournalEntry {
                revision: self.changes.revision().wrapping_add(1),
                cell: handle,
                old: c.shown(),
                was_present: c.present,
            });
        }
    }

    /// Notes a cell whose visible state (delta or base) changed.
    pub(super) fn note_changed(&mut self, cell: CellId, effect: &mut Effect) {
        *effect = (*effect).max(Effect::Changed);
        if self.cells.is_watched(cell) {
            self.changes.note_watched(cell);
            *effect = Effect::WatchedChanged;
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

    /// Moves the changed watched cells into `out`, as handles.
    pub fn drain_changes(&mut self, out: &mut Vec<CellHandle>) {
        let mut ids = Vec::new();
        self.changes.drain_into(&mut ids);
        out.extend(ids.into_iter().filter_map(|i| self.cells.handle(CellId(i))));
    }

    pub fn has_watched_changes(&self) -> bool {
        self.changes.has_watched_changes()
    }
}
