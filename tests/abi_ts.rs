//! The TypeScript side of the boundary is generated from the Rust side:
//! this renders `src/abi.rs`, the core's message table and its built-in
//! vocabulary as `pkg/src/abi/generated.ts`, and fails when the committed
//! file differs — so the two can never disagree.
//! `LIVEMETRICS_BLESS=1 cargo test --test abi_ts` rewrites the file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;
use std::path::Path;

use livemetrics::abi;
use livemetrics::core::error::MESSAGES;
use livemetrics::core::vocab::{BUILTIN_ALIASES, BUILTIN_ENTITY_TYPES, BUILTIN_METRIC_TYPES};

const FILE: &str = "pkg/src/abi/generated.ts";

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn string_list(out: &mut String, name: &str, items: &[&str]) {
    let list: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    writeln!(out, "export const {name} = [{}] as const;", list.join(", ")).unwrap();
}

fn render() -> String {
    let mut out = String::new();
    out.push_str(
        "// Generated from src/abi.rs, src/core/error.rs and src/core/vocab.rs by\n\
         // tests/abi_ts.rs (`LIVEMETRICS_BLESS=1 cargo test --test abi_ts` rewrites it).\n\
         // Do not edit: change the Rust side. Decoded only by ./protocol.ts.\n\n",
    );
    for (group, items) in abi::GROUPS {
        writeln!(out, "export const {group} = {{").unwrap();
        for (name, value) in *items {
            writeln!(out, "  {name}: {value},").unwrap();
        }
        out.push_str("} as const;\n\n");
    }
    writeln!(
        out,
        "export const METRIC_UPDATE = {};\n",
        quoted(livemetrics::core::frame::METRIC_UPDATE)
    )
    .unwrap();
    string_list(
        &mut out,
        "PAYLOAD_FIELDS",
        &livemetrics::core::vocab::PAYLOAD_FIELDS,
    );
    string_list(
        &mut out,
        "OBJECT_MEMBERS",
        &livemetrics::core::vocab::OBJECT_MEMBERS,
    );
    string_list(&mut out, "STALE_REASONS", &abi::STALE_REASONS);
    string_list(&mut out, "MUTATION_STATES", &abi::MUTATION_STATES);
    string_list(&mut out, "ACTIVITY_KINDS", &abi::ACTIVITY_KINDS);
    string_list(&mut out, "TRACE_SOURCES", &abi::TRACE_SOURCES);
    string_list(&mut out, "TRACE_FATES", &abi::TRACE_FATES);
    string_list(&mut out, "STATS_FIELDS", &abi::STATS_FIELDS);
    out.push('\n');
    out.push_str("/** Error codes by name. */\nexport const ERROR = {\n");
    for (code, (name, _)) in MESSAGES.iter().enumerate() {
        writeln!(out, "  {name}: {code},").unwrap();
    }
    out.push_str("} as const;\n\n");
    out.push_str(
        "/** Message templates by error code: `{a}`, `{b}` are numbers, `{text}` text. */\n",
    );
    out.push_str("export const MESSAGES: readonly string[] = [\n");
    for (_, template) in MESSAGES {
        writeln!(out, "  {},", quoted(template)).unwrap();
    }
    out.push_str("];\n\n");
    string_list(&mut out, "BUILTIN_ENTITY_TYPES", &BUILTIN_ENTITY_TYPES);
    string_list(&mut out, "BUILTIN_METRIC_TYPES", &BUILTIN_METRIC_TYPES);
    out.push_str("export const BUILTIN_ALIASES = {\n");
    for (alias, metric) in BUILTIN_ALIASES {
        writeln!(out, "  {alias}: {},", quoted(metric)).unwrap();
    }
    out.push_str("} as const;\n");
    out
}

#[test]
fn the_typescript_abi_is_generated_from_the_rust_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let want = render();
    if std::env::var_os("LIVEMETRICS_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{FILE} is out of date with src/abi.rs: run `LIVEMETRICS_BLESS=1 cargo test --test abi_ts` and commit it"
    );
}
