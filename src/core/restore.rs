//! Session persistence, the reading half: a blob from `encode` back into a
//! store. Strict: a blob that is corrupt, foreign or from another format
//! version is refused as a whole (the caller warns and starts empty) — a
//! half-restored store would show wrong numbers.

use super::dedupe::EventWindow;
use super::entity_id::EntityIdRef;
use super::error::{integer_text, InputError, Reason};
use super::keys::EntitySlot;
use super::ledger::{LedgerEntry, Stamp};
use super::persist::{FORMAT_VERSION, MAGIC};
use super::store::{MetricStore, StoreConfig};
use super::sum::Sum;
use super::vocab::MetricCode;
use super::watermark::StaleReason;

fn bad(line: usize, what: impl Into<String>) -> InputError {
    InputError::new(
        format!("persisted state line {line}"),
        Reason::Malformed(what.into()),
    )
}

fn num<T: std::str::FromStr>(line: usize, s: &str) -> Result<T, InputError> {
    s.parse()
        .map_err(|_| bad(line, ["bad number \"", s, "\""].concat()))
}

fn opt<T: std::str::FromStr>(line: usize, s: &str) -> Result<Option<T>, InputError> {
    if s == "-" {
        Ok(None)
    } else {
        num(line, s).map(Some)
    }
}

/// A float written as the hex of its bits.
fn finite(line: usize, s: &str) -> Result<f64, InputError> {
    let bits =
        u64::from_str_radix(s, 16).map_err(|_| bad(line, ["bad number \"", s, "\""].concat()))?;
    let v = f64::from_bits(bits);
    if v.is_finite() {
        Ok(v)
    } else {
        Err(bad(line, "non-finite number"))
    }
}

fn opt_finite(line: usize, s: &str) -> Result<Option<f64>, InputError> {
    if s == "-" {
        Ok(None)
    } else {
        finite(line, s).map(Some)
    }
}

fn stale(line: usize, s: &str) -> Result<Option<StaleReason>, InputError> {
    if s == "-" {
        return Ok(None);
    }
    StaleReason::parse(s)
        .map(Some)
        .ok_or_else(|| bad(line, ["bad stale reason \"", s, "\""].concat()))
}

impl MetricStore {
    /// A store rebuilt from `encode`'s blob, with this config.
    pub fn restore(blob: &str, config: StoreConfig) -> Result<MetricStore, InputError> {
        let mut lines = blob
            .lines()
            .enumerate()
            .map(|(i, l)| (i.saturating_add(1), l));
        match lines.next() {
            Some((_, header)) if header == format!("{MAGIC}\t{FORMAT_VERSION}") => {}
            Some((_, header)) if header.starts_with(MAGIC) => {
                return Err(bad(1, "unsupported format version"))
            }
            _ => return Err(bad(1, "not a livemetrics store")),
        }
        let mut store = MetricStore::with_config(config);
        store.events = EventWindow::new(config.dedupe_window);
        let mut entity: Option<EntitySlot> = None;
        for (n, line) in lines {
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["T", tick] => store.tick = num(n, tick)?,
                ["N", kind, rest @ ..] => store.restore_name(n, kind, rest)?,
                ["E", rest @ ..] => {
                    if let Some(done) = entity {
                        store.recompute(done);
                    }
                    entity = Some(store.restore_entity(n, rest)?);
                }
                ["C", metric, base, hi, lo, present] => {
                    let slot = entity.ok_or_else(|| bad(n, "key before its entity"))?;
                    let m = store.restore_metric(n, metric)?;
                    let cell = store
                        .cell_in(slot, m)
                        .ok_or_else(|| bad(n, "too many keys"))?;
                    let delta = Sum::from_parts(finite(n, hi)?, finite(n, lo)?)
                        .ok_or_else(|| bad(n, "bad sum"))?;
                    let base = opt_finite(n, base)?;
                    store.cells.set_base(cell, base);
                    store.cells.replace_delta(cell, delta);
                    if *present == "1" {
                        store.cells.mark_present(cell);
                    }
                }
                ["L", kind, stamp, metric, delta] => {
                    let slot = entity.ok_or_else(|| bad(n, "ledger entry before its entity"))?;
                    let stamp = match *kind {
                        "s" => Stamp::Seq(num(n, stamp)?),
                        "t" => Stamp::Tick(num(n, stamp)?),
                        _ => return Err(bad(n, "bad stamp")),
                    };
                    let entry = LedgerEntry {
                        stamp,
                        metric: store.restore_metric(n, metric)?,
                        delta: finite(n, delta)?,
                    };
                    if let Some(e) = store.entities.get_mut(slot) {
                        e.ledger_mut().push(entry);
                    }
                }
                ["D", hash] => store
                    .events
                    .restore(u64::from_str_radix(hash, 16).map_err(|_| bad(n, "bad hash"))?),
                [""] => {}
                _ => return Err(bad(n, "unknown record")),
            }
        }
        if let Some(done) = entity {
            store.recompute(done);
        }
        Ok(store)
    }

    fn restore_name(&mut self, n: usize, kind: &str, rest: &[&str]) -> Result<(), InputError> {
        let registered = match (kind, rest) {
            ("e", [name]) => self.vocab.register_entity_type(name).map(|_| ()),
            ("m", [name]) => self.vocab.register_metric(name).map(|_| ()),
            ("a", [alias, metric]) => self.vocab.register_alias(alias, metric).map(|_| ()),
            _ => return Err(bad(n, "bad name record")),
        };
        registered.map_err(|e| bad(n, e.message(&integer_text)))
    }

    fn restore_metric(&self, n: usize, name: &str) -> Result<MetricCode, InputError> {
        self.vocab
            .metric_code(name)
            .ok_or_else(|| bad(n, ["unknown metric \"", name, "\""].concat()))
    }

    fn restore_entity(&mut self, n: usize, f: &[&str]) -> Result<EntitySlot, InputError> {
        let [ty, kind, id, version, token, snap, last_seq, stale_reason, untracked, updated, missing, fseq, ftick] =
            f
        else {
            return Err(bad(n, "bad entity record"));
        };
        let ty = self
            .vocab
            .entity_type_code(ty)
            .ok_or_else(|| bad(n, ["unknown entity type \"", ty, "\""].concat()))?;
        let id = match *kind {
            "i" => EntityIdRef::Int(num(n, id)?),
            "s" => EntityIdRef::from_text(id).map_err(|e| bad(n, e.message(&integer_text)))?,
            _ => return Err(bad(n, "bad id kind")),
        };
        let slot = self.intern(ty, id)?;
        let missing: Vec<u64> = if *missing == "-" {
            Vec::new()
        } else {
            missing
                .split(',')
                .map(|m| num(n, m))
                .collect::<Result<_, _>>()?
        };
        let e = self
            .entities
            .get_mut(slot)
            .ok_or_else(|| bad(n, "entity"))?;
        let m = e.meta_mut();
        m.wm.version = opt(n, version)?;
        m.wm.token = opt(n, token)?;
        m.wm.snapshot_ts = opt_finite(n, snap)?;
        m.wm.last_seq = opt(n, last_seq)?;
        m.wm.stale = stale(n, stale_reason)?;
        m.wm.gap_untracked = *untracked == "1";
        m.wm.missing = missing;
        m.last_updated = opt_finite(n, updated)?;
        m.ledger.folded_max_seq = opt(n, fseq)?;
        m.ledger.folded_max_tick = opt(n, ftick)?;
        e.trim_meta();
        Ok(slot)
    }

    /// Refetches in flight died with the old page: unversioned ledger
    /// entries are folded (they stay in the sums).
    fn recompute(&mut self, slot: EntitySlot) {
        if let Some(e) = self.entities.get_mut(slot) {
            e.ledger_mut().take(|x| matches!(x.stamp, Stamp::Tick(_)));
            e.trim_meta();
        }
    }
}
