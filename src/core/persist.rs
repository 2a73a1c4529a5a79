//! Session persistence, the writing half: the store as a versioned text
//! blob (for `sessionStorage`/`localStorage`). One record per line, fields
//! split by tabs (names are identifiers and ids have no control characters,
//! so neither can contain one). Runtime-only state is left out: listeners,
//! topic refcounts and refetches in flight belong to the page that had them.
//!
//! ```text
//! livemetrics-store → 1
//! T → <tick>
//! N → e|m → <name>            registered entity / metric type
//! N → a → <alias> → <metric>   registered alias
//! E → <type> → i|s → <id> → <version> → <token> → <snapshotTs> → <lastSeq> → <stale> → <gapUntracked> → <lastUpdated> → <missing,…> → <foldedMaxSeq> → <foldedMaxTick>
//! C → <metric> → <base> → <deltaHi> → <deltaLo> → <present>        a key of the entity above
//! L → s|t → <stamp> → <metric> → <delta>                        a ledger entry of the entity above
//! D → <hash>                                                 a remembered event id
//! ```
//! (`→` stands for a tab.) Absent optional values are `-`; floats are the
//! hex of their IEEE bits (exact, and no float formatting code in the module).

use std::fmt::Write;

use super::entity_id::EntityId;
use super::keys::{Entity, EntitySlot};
use super::ledger::Stamp;
use super::store::MetricStore;
use super::vocab::{BUILTIN_ALIASES, BUILTIN_ENTITY_TYPES, BUILTIN_METRIC_TYPES};
use super::watermark::StaleReason;

pub const MAGIC: &str = "livemetrics-store";
pub const FORMAT_VERSION: u32 = 2;

pub(super) fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |x| x.to_string())
}

/// A float as the hex of its bits: exact, and no float formatting code.
pub(super) fn hex(v: f64) -> String {
    format!("{:x}", v.to_bits())
}

pub(super) fn opt_hex(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), hex)
}

pub(super) fn stale_code(r: Option<StaleReason>) -> &'static str {
    r.map_or("-", StaleReason::as_str)
}

/// Whether an entity holds anything worth restoring.
fn worth_keeping(store: &MetricStore, slot: EntitySlot, e: &Entity) -> bool {
    let wm = e.wm();
    !e.ledger().is_empty()
        || wm.version.is_some()
        || wm.snapshot_ts.is_some()
        || wm.last_seq.is_some()
        || store.cells_of(slot).iter().any(|(_, c)| {
            store
                .cells
                .get(*c)
                .is_some_and(|c| c.present || c.base.is_some())
        })
}

impl MetricStore {
    /// The store as a blob for `restore`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{MAGIC}\t{FORMAT_VERSION}");
        let _ = writeln!(out, "T\t{}", self.tick);
        for name in self
            .vocab
            .entity_type_names()
            .skip(BUILTIN_ENTITY_TYPES.len())
        {
            let _ = writeln!(out, "N\te\t{name}");
        }
        for name in self.vocab.metric_names().skip(BUILTIN_METRIC_TYPES.len()) {
            let _ = writeln!(out, "N\tm\t{name}");
        }
        for (alias, code) in self.vocab.aliases().skip(BUILTIN_ALIASES.len()) {
            if let Some(metric) = self.vocab.metric_name(code) {
                let _ = writeln!(out, "N\ta\t{alias}\t{metric}");
            }
        }
        for slot in self.entities.slots() {
            if let Some(e) = self
                .entities
                .get(slot)
                .filter(|e| worth_keeping(self, slot, e))
            {
                self.encode_entity(&mut out, slot, e);
            }
        }
        for hash in self.events.hashes() {
            let _ = writeln!(out, "D\t{hash:x}");
        }
        out
    }

    fn encode_entity(&self, out: &mut String, slot: EntitySlot, e: &Entity) {
        let Some(ty) = self.vocab.entity_type_name(e.ty) else {
            return;
        };
        let (kind, id) = match &e.id {
            EntityId::Int(n) => ("i", n.to_string()),
            EntityId::Str(s) => ("s", s.to_string()),
        };
        let wm = e.wm();
        let missing: Vec<String> = wm.missing.iter().map(u64::to_string).collect();
        let _ = writeln!(
            out,
            "E\t{ty}\t{kind}\t{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            opt(wm.version),
            opt(wm.token),
            opt_hex(wm.snapshot_ts),
            opt(wm.last_seq),
            stale_code(wm.stale),
            u8::from(wm.gap_untracked),
            opt_hex(e.meta().last_updated),
            if missing.is_empty() {
                "-".to_string()
            } else {
                missing.join(",")
            },
            opt(e.ledger().folded_max_seq),
            opt(e.ledger().folded_max_tick),
        );
        for (metric, cell) in self.cells_of(slot) {
            let (Some(c), Some(name)) = (self.cells.get(cell), self.vocab.metric_name(metric))
            else {
                continue;
            };
            let (hi, lo) = c.delta.parts();
            let _ = writeln!(
                out,
                "C\t{name}\t{}\t{}\t{}\t{}",
                opt_hex(c.base),
                hex(hi),
                hex(lo),
                u8::from(c.present)
            );
        }
        for entry in e.ledger().iter() {
            let Some(name) = self.vocab.metric_name(entry.metric) else {
                continue;
            };
            let (kind, stamp) = match entry.stamp {
                Stamp::Seq(s) => ("s", s),
                Stamp::Tick(t) => ("t", t),
            };
            let _ = writeln!(out, "L\t{kind}\t{stamp}\t{name}\t{}", hex(entry.delta));
        }
    }
}
