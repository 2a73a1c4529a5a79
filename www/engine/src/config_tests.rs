//! Tests for `config`: defaults, both flag syntaxes, env precedence, errors.

use super::*;
use crate::delivery::Faults;
use crate::mutation_faults::MutationFaults;

fn no_env(_: &str) -> Option<String> {
    None
}

fn run(args: &[&str]) -> Result<Command, ConfigError> {
    parse(args.iter().copied(), no_env)
}

#[test]
fn defaults() {
    assert_eq!(run(&[]), Ok(Command::Run(Config::default())));
    let c = Config::default();
    assert_eq!(c.addr, "127.0.0.1:8080");
    assert_eq!(c.static_dir, PathBuf::from("www/app/dist"));
    assert_eq!((c.rate, c.tick_ms, c.seed), (40.0, 50, 1));
    assert_eq!((c.models, c.images, c.posts), (100, 100, 60));
    assert_eq!((c.projects, c.heartbeat_ms), (12, 1000));
    assert_eq!(c.faults, Faults::default());
    assert_eq!(c.exposes, 24);
    assert_eq!(c.mutation_faults, MutationFaults::default());
    assert_eq!(c.mutation_faults.lost_response_ms, 20_000);
}

#[test]
fn all_flags_both_syntaxes() {
    let got = run(&[
        "--addr",
        "127.0.0.1:0",
        "--static-dir=/tmp/x",
        "--rate",
        "2.5",
        "--tick-ms=10",
        "--seed",
        "99",
        "--models",
        "3",
        "--images=4",
        "--posts",
        "0",
        "--projects=5",
        "--heartbeat-ms",
        "0",
        "--replay",
        "0.25",
        "--gap=1",
        "--reorder",
        "0",
        "--exposes=7",
        "--latency-ms",
        "20",
        "--fail-5xx=0.5",
        "--fail-4xx",
        "0.1",
        "--throttle=0.2",
        "--lose-response",
        "0.3",
        "--lost-response-ms=2000",
    ]);
    let want = Config {
        addr: "127.0.0.1:0".into(),
        static_dir: "/tmp/x".into(),
        rate: 2.5,
        tick_ms: 10,
        seed: 99,
        models: 3,
        images: 4,
        posts: 0,
        projects: 5,
        heartbeat_ms: 0,
        faults: Faults {
            replay: 0.25,
            gap: 1.0,
            reorder: 0.0,
        },
        exposes: 7,
        mutation_faults: MutationFaults {
            latency_ms: 20,
            fail_5xx: 0.5,
            fail_4xx: 0.1,
            throttle: 0.2,
            lose_response: 0.3,
            lost_response_ms: 2000,
        },
        hub_keep_alive_ms: 15_000,
        redis_url: None,
    };
    assert_eq!(got, Ok(Command::Run(want)));
}

#[test]
fn help_wins() {
    assert_eq!(run(&["--rate", "1", "--help"]), Ok(Command::Help));
    assert_eq!(run(&["-h"]), Ok(Command::Help));
}

#[test]
fn env_then_flags() {
    let env = |k: &str| match k {
        "LIVEMETRICS_RATE" => Some("7".to_owned()),
        "LIVEMETRICS_ADDR" => Some("0.0.0.0:9000".to_owned()),
        "LIVEMETRICS_SEED" => Some(String::new()), // empty means unset
        _ => None,
    };
    let Ok(Command::Run(c)) = parse(["--rate", "8"], env) else {
        panic!("expected a config");
    };
    assert_eq!(c.rate, 8.0);
    assert_eq!(c.addr, "0.0.0.0:9000");
    assert_eq!(c.seed, 1);
}

#[test]
fn bad_input_names_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--bogus"], "unknown argument `--bogus`"),
        (&["extra"], "unknown argument `extra`"),
        (&["--rate"], "--rate needs a value"),
        (&["--rate", "-1"], "--rate:"),
        (&["--rate", "NaN"], "--rate:"),
        (&["--rate", "inf"], "--rate:"),
        (&["--tick-ms", "0"], "--tick-ms:"),
        (&["--seed", "x"], "--seed:"),
        (&["--models", "-3"], "--models:"),
        (&["--addr", "nope"], "--addr:"),
        (&["--addr", "host:99999"], "--addr:"),
        (&["--replay", "1.5"], "--replay:"),
        (&["--gap", "x"], "--gap:"),
        (&["--reorder", "-0.5"], "--reorder:"),
        (&["--projects", "-1"], "--projects:"),
        (&["--exposes", "x"], "--exposes:"),
        (&["--latency-ms", "10001"], "--latency-ms:"),
        (&["--fail-5xx", "2"], "--fail-5xx:"),
        (&["--fail-4xx", "-1"], "--fail-4xx:"),
        (&["--throttle", "x"], "--throttle:"),
        (&["--lose-response", "1.1"], "--lose-response:"),
        (&["--lost-response-ms", "-5"], "--lost-response-ms:"),
    ];
    for (args, want) in cases {
        match run(args) {
            Err(ConfigError(msg)) => assert!(msg.contains(want), "{args:?}: {msg}"),
            other => panic!("{args:?} should fail, got {other:?}"),
        }
    }
    let env = |k: &str| (k == "LIVEMETRICS_TICK_MS").then(|| "abc".to_owned());
    let err = parse(Vec::<String>::new(), env).err();
    assert!(err.is_some_and(|e| e.0.starts_with("LIVEMETRICS_TICK_MS:")));
    let env = |k: &str| (k == "LIVEMETRICS_GAP").then(|| "0.3".to_owned());
    let Ok(Command::Run(c)) = parse(Vec::<String>::new(), env) else {
        panic!("expected a config");
    };
    assert_eq!(c.faults.gap, 0.3);
    let env = |k: &str| (k == "LIVEMETRICS_FAIL_5XX").then(|| "0.4".to_owned());
    let Ok(Command::Run(c)) = parse(Vec::<String>::new(), env) else {
        panic!("expected a config");
    };
    assert_eq!(c.mutation_faults.fail_5xx, 0.4);
}

#[test]
fn hub_keep_alive_and_redis_url() {
    let Ok(Command::Run(c)) = run(&[
        "--hub-keep-alive-ms",
        "250",
        "--redis-url=redis://127.0.0.1:6390",
    ]) else {
        panic!("not parsed");
    };
    assert_eq!(
        (c.hub_keep_alive_ms, c.redis_url.as_deref()),
        (250, Some("redis://127.0.0.1:6390"))
    );
    let env = |name: &str| (name == "REDIS_URL").then(|| "redis://r:1/2".to_owned());
    let Ok(Command::Run(c)) = parse(Vec::<String>::new(), env) else {
        panic!("not parsed");
    };
    assert_eq!(c.redis_url.as_deref(), Some("redis://r:1/2"));
    for bad in ["rediss://x:1", "http://x", "redis://", "localhost:6379"] {
        let err = run(&["--redis-url", bad]).unwrap_err().0;
        assert!(
            err.starts_with("--redis-url: expected redis://"),
            "{bad}: {err}"
        );
    }
    assert!(run(&["--hub-keep-alive-ms", "0"]).is_err());
}
