//! livemetrics: live metric counters that stay correct.
//!
//! The crate has two layers:
//! - [`core`]: pure Rust, no wasm types. Interned keys, the delta table, the
//!   vocabulary of entity and metric names, lenient signal parsing, topic
//!   refcounts and the set of changed keys. Tested natively with `cargo test`.
//! - [`abi`]: the numbers, flags and name tables the binding and the
//!   TypeScript package share, defined once (and generated into TypeScript).
//! - `wasm` (only on `wasm32`): a thin `#[wasm_bindgen]` class over the core,
//!   numbers in and numbers out on hot paths. The npm package in `pkg/` wraps it.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::arithmetic_side_effects
    )
)]

pub mod abi;
pub mod core;

// Built for wasm32, and natively under clippy so its lints run everywhere.
#[cfg(any(target_arch = "wasm32", clippy))]
pub mod wasm;
