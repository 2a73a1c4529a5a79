//! The pure core: no wasm types, tested natively.

pub mod changes;
pub mod entity_id;
pub mod error;
pub mod journal;
pub mod keys;
pub mod signal;
pub mod stats;
pub mod store;
pub mod sum;
pub mod table;
pub mod topics;
pub mod vocab;

pub use entity_id::{EntityId, EntityIdRef, MAX_ID_LEN, MAX_SAFE_INTEGER};
pub use error::{InputError, Reason};
pub use journal::JournalEntry;
pub use signal::{RawId, SignalOutcome, SignalPayload};
pub use stats::Stats;
pub use store::{DeltaEntry, Effect, MetricStore};
pub use table::CellId;
pub use topics::TopicChange;
pub use vocab::{MetricCode, Registration, TypeCode, Vocab};
