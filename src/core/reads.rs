//! Reads: one key's delta or value, keyed cells for listeners, the
//! `deltas` view.

use super::entity_id::EntityIdRef;
use super::error::InputError;
use super::store::MetricStore;
use super::table::{CellHandle, CellId};
use super::vocab::{MetricCode, TypeCode};

/// One key of the `deltas` view.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaEntry<'a> {
    pub cell: CellHandle,
    pub entity_type: &'a str,
    pub entity_id: EntityIdRef<'a>,
    pub metric: &'a str,
    pub delta: f64,
}

impl MetricStore {
    pub(super) fn find_cell(
        &self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Option<CellId> {
        self.find_key(ty, id, metric)
    }

    /// The accumulated delta of one key over the base the app holds; 0 when absent.
    pub fn delta(&self, ty: TypeCode, id: EntityIdRef<'_>, metric: MetricCode) -> f64 {
        self.find_cell(ty, id, metric)
            .map_or(0.0, |c| self.cells.delta(c))
    }

    /// `delta`, counting as recent use of the entity (for eviction).
    pub fn read_delta(&mut self, ty: TypeCode, id: EntityIdRef<'_>, metric: MetricCode) -> f64 {
        if let Some(slot) = self.entities.find(ty, id) {
            self.entities.touch(slot);
        }
        self.delta(ty, id, metric)
    }

    /// `base + delta`, when the store holds a base for the key.
    pub fn value(&self, ty: TypeCode, id: EntityIdRef<'_>, metric: MetricCode) -> Option<f64> {
        self.cells.value(self.find_cell(ty, id, metric)?)
    }

    /// The key's cell, created if needed (for keyed listeners). Marks the
    /// entity recently used.
    pub fn cell(
        &mut self,
        ty: TypeCode,
        id: EntityIdRef<'_>,
        metric: MetricCode,
    ) -> Result<CellHandle, InputError> {
        self.check_type(ty)?;
        self.metric_name("metricType", metric)?;
        let slot = self.intern(ty, id)?;
        let handle = self
            .cell_in(slot, metric)
            .and_then(|c| self.cells.handle(c));
        self.enforce_key_cap(Some(slot));
        handle.ok_or_else(|| {
            InputError::new(
                "metricType",
                super::error::Reason::CapacityExceeded("too many keys"),
            )
        })
    }

    /// A key read through a handle counts as recent use for eviction.
    pub fn touch_cell(&mut self, cell: CellHandle) {
        if let Some(c) = self.cells.resolve(cell) {
            self.cells.touch(c);
        }
    }

    /// The delta of a cell; 0 for a handle to an evicted key.
    pub fn cell_delta(&self, cell: CellHandle) -> f64 {
        self.cells
            .resolve(cell)
            .map_or(0.0, |c| self.cells.delta(c))
    }

    /// `base + delta` of a cell, if it has a base (and still exists).
    pub fn cell_value(&self, cell: CellHandle) -> Option<f64> {
        self.cells.value(self.cells.resolve(cell)?)
    }

    /// Keyed listeners pin a cell: its changes are reported by
    /// `drain_changes`, and its entity is never evicted. False if the handle
    /// is stale (the key was evicted: resolve it again).
    pub fn watch(&mut self, cell: CellHandle) -> bool {
        let Some((c, slot)) = self
            .cells
            .resolve(cell)
            .and_then(|c| Some((c, self.entity_of(c)?)))
        else {
            return false;
        };
        self.cells.watch(c);
        if let Some(e) = self.entities.get_mut(slot) {
            let meta = e.meta_mut();
            meta.watchers = meta.watchers.saturating_add(1);
        }
        true
    }

    pub fn unwatch(&mut self, cell: CellHandle) -> bool {
        let Some((c, slot)) = self
            .cells
            .resolve(cell)
            .and_then(|c| Some((c, self.entity_of(c)?)))
        else {
            return false;
        };
        if self.cells.is_watched(c) {
            self.cells.unwatch(c);
            if let Some(e) = self.entities.get_mut(slot) {
                let meta = e.meta_mut();
                meta.watchers = meta.watchers.saturating_sub(1);
            }
        }
        true
    }

    /// `Type:id:metric`, the key of the seed store's `deltas` record.
    pub fn cell_key(&self, cell: CellHandle) -> Option<String> {
        let c = self.cells.resolve(cell)?;
        let entity = self.entities.get(self.entity_of(c)?)?;
        let ty = self.vocab.entity_type_name(entity.ty)?;
        let metric = self.vocab.metric_name(self.cells.key(c)?.metric)?;
        Some(format!("{ty}:{}:{metric}", entity.id))
    }

    /// Keys of the `deltas` view with their values, in creation order.
    pub fn entries(&self) -> impl Iterator<Item = DeltaEntry<'_>> {
        self.cells.present_cells().filter_map(|(cell, c)| {
            let entity = self.entities.get(self.entity_of(cell)?)?;
            Some(DeltaEntry {
                cell: self.cells.handle(cell)?,
                entity_type: self.vocab.entity_type_name(entity.ty)?,
                entity_id: entity.id.as_ref(),
                metric: self.vocab.metric_name(c.key.metric)?,
                delta: c.shown(),
            })
        })
    }

    /// When a remote change last reached the entity (caller's clock).
    pub fn last_updated(&self, ty: TypeCode, id: EntityIdRef<'_>) -> Option<f64> {
        let slot = self.entities.find(ty, id)?;
        self.entities.get(slot)?.meta().last_updated
    }

    /// Whether the entity's counts wait for a fresh base.
    pub fn is_stale(&self, ty: TypeCode, id: EntityIdRef<'_>) -> bool {
        self.entities
            .find(ty, id)
            .and_then(|s| self.entities.get(s))
            .is_some_and(|e| e.wm().stale.is_some())
    }
}
