//! Command-line and environment configuration, parsed by hand to keep the
//! dependency list short. Flags win over environment variables, which win over
//! defaults.

use std::fmt;
use std::path::PathBuf;

use crate::delivery::Faults;
use crate::mutation_faults::{MutationFaults, MAX_LATENCY_MS, MAX_LOST_RESPONSE_MS};

/// Upper bounds that keep a typo (or a hostile env) from exhausting memory/CPU.
pub const MAX_RATE: f64 = 1_000_000.0;
pub const MAX_TICK_MS: u64 = 60_000;
pub const MAX_ENTITIES: u32 = 1_000_000;
pub const MAX_HEARTBEAT_MS: u64 = 3_600_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub addr: String,
    pub static_dir: PathBuf,
    /// Events (deltas and project snapshots) per second across all
    /// subscribed topics.
    pub rate: f64,
    pub tick_ms: u64,
    pub seed: u64,
    pub models: u32,
    pub images: u32,
    pub posts: u32,
    /// Exposes `Expose:1` … `Expose:N` (the voting feed, `/api/exposes`).
    pub exposes: u32,
    /// Projects `project-1` … `project-N`, updated by absolute snapshots.
    pub projects: u32,
    /// Heartbeat period; 0 disables periodic heartbeats.
    pub heartbeat_ms: u64,
    /// Injected delivery faults (all 0 by default).
    pub faults: Faults,
    /// Injected mutation-request faults (all off by default).
    pub mutation_faults: MutationFaults,
    /// SignalR keep-alive: a Ping goes to a `/hub` client after this much
    /// silence (ASP.NET Core's default, 15 s).
    pub hub_keep_alive_ms: u64,
    /// Scale-out: with a Redis URL, fan-out and truth go through Redis so
    /// several engines serve one audience (see `replication`).
    pub redis_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".to_owned(),
            static_dir: PathBuf::from("www/app/dist"),
            rate: 40.0,
            tick_ms: 50,
            seed: 1,
            models: 100,
            images: 100,
            posts: 60,
            exposes: 24,
            projects: 12,
            heartbeat_ms: 1000,
            faults: Faults::default(),
            mutation_faults: MutationFaults::default(),
            hub_keep_alive_ms: 15_000,
            redis_url: None,
        }
    }
}

/// What the command line asked for (parsed once: its size does not matter).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Run(Config),
    Help,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

pub const USAGE: &str = "\
livemetrics-engine: local signal server for the livemetrics demo and e2e tests

USAGE:
    livemetrics-engine [OPTIONS]

OPTIONS (each also settable through the environment variable shown):
    --addr <host:port>      listen address, port 0 picks a free port  [LIVEMETRICS_ADDR, default 127.0.0.1:8080]
    --static-dir <path>     built demo to serve (SPA)                 [LIVEMETRICS_STATIC_DIR, default www/app/dist]
    --rate <n>              events per second (deltas + snapshots)    [LIVEMETRICS_RATE, default 40]
    --tick-ms <n>           emitter tick in milliseconds, >= 1        [LIVEMETRICS_TICK_MS, default 50]
    --seed <u64>            seed for the catalog and the emitter      [LIVEMETRICS_SEED, default 1]
    --models <n>            number of Model entities                  [LIVEMETRICS_MODELS, default 100]
    --images <n>            number of Image entities                  [LIVEMETRICS_IMAGES, default 100]
    --posts <n>             number of Post entities                   [LIVEMETRICS_POSTS, default 60]
    --exposes <n>           number of Expose entities (voting feed)   [LIVEMETRICS_EXPOSES, default 24]
    --projects <n>          number of Project entities (snapshots)    [LIVEMETRICS_PROJECTS, default 12]
    --heartbeat-ms <n>      heartbeat period, 0 disables              [LIVEMETRICS_HEARTBEAT_MS, default 1000]
    --replay <p>            chance a delta is sent twice, 0..1        [LIVEMETRICS_REPLAY, default 0]
    --gap <p>               chance a delta is never sent, 0..1        [LIVEMETRICS_GAP, default 0]
    --reorder <p>           chance a message is sent late, 0..1       [LIVEMETRICS_REORDER, default 0]
    --latency-ms <n>        mutation response delay (+ up to 50%)     [LIVEMETRICS_LATENCY_MS, default 0]
    --fail-5xx <p>          chance a mutation gets 503, not applied   [LIVEMETRICS_FAIL_5XX, default 0]
    --fail-4xx <p>          chance a mutation gets 422, not applied   [LIVEMETRICS_FAIL_4XX, default 0]
    --throttle <p>          chance a mutation gets 429, not applied   [LIVEMETRICS_THROTTLE, default 0]
    --lose-response <p>     chance an applied mutation's response is  [LIVEMETRICS_LOSE_RESPONSE, default 0]
                            held for --lost-response-ms
    --lost-response-ms <n>  how long a lost response is held          [LIVEMETRICS_LOST_RESPONSE_MS, default 20000]
    --hub-keep-alive-ms <n> SignalR keep-alive ping after this silence [LIVEMETRICS_HUB_KEEP_ALIVE_MS, default 15000]
    --redis-url <url>       scale out through Redis (redis://host:port) [REDIS_URL, default off]
    -h, --help              print this help
";

/// Flag name, env var, and the setter that validates and stores the value.
type Setter = fn(&mut Config, &str) -> Result<(), String>;

const OPTIONS: &[(&str, &str, Setter)] = &[
    ("--addr", "LIVEMETRICS_ADDR", set_addr),
    ("--static-dir", "LIVEMETRICS_STATIC_DIR", |c, v| {
        c.static_dir = PathBuf::from(v);
        Ok(())
    }),
    ("--rate", "LIVEMETRICS_RATE", |c, v| {
        c.rate = in_range(v, 0.0, MAX_RATE)?;
        Ok(())
    }),
    ("--tick-ms", "LIVEMETRICS_TICK_MS", |c, v| {
        c.tick_ms = in_range(v, 1, MAX_TICK_MS)?;
        Ok(())
    }),
    ("--seed", "LIVEMETRICS_SEED", |c, v| {
        c.seed = in_range(v, 0, u64::MAX)?;
        Ok(())
    }),
    ("--models", "LIVEMETRICS_MODELS", |c, v| {
        c.models = in_range(v, 0, MAX_ENTITIES)?;
        Ok(())
    }),
    ("--images", "LIVEMETRICS_IMAGES", |c, v| {
        c.images = in_range(v, 0, MAX_ENTITIES)?;
        Ok(())
    }),
    ("--posts", "LIVEMETRICS_POSTS", |c, v| {
        c.posts = in_range(v, 0, MAX_ENTITIES)?;
        Ok(())
    }),
    ("--exposes", "LIVEMETRICS_EXPOSES", |c, v| {
        c.exposes = in_range(v, 0, MAX_ENTITIES)?;
        Ok(())
    }),
    ("--projects", "LIVEMETRICS_PROJECTS", |c, v| {
        c.projects = in_range(v, 0, MAX_ENTITIES)?;
        Ok(())
    }),
    ("--heartbeat-ms", "LIVEMETRICS_HEARTBEAT_MS", |c, v| {
        c.heartbeat_ms = in_range(v, 0, MAX_HEARTBEAT_MS)?;
        Ok(())
    }),
    ("--replay", "LIVEMETRICS_REPLAY", |c, v| {
        c.faults.replay = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    ("--gap", "LIVEMETRICS_GAP", |c, v| {
        c.faults.gap = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    ("--reorder", "LIVEMETRICS_REORDER", |c, v| {
        c.faults.reorder = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    ("--latency-ms", "LIVEMETRICS_LATENCY_MS", |c, v| {
        c.mutation_faults.latency_ms = in_range(v, 0, MAX_LATENCY_MS)?;
        Ok(())
    }),
    ("--fail-5xx", "LIVEMETRICS_FAIL_5XX", |c, v| {
        c.mutation_faults.fail_5xx = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    ("--fail-4xx", "LIVEMETRICS_FAIL_4XX", |c, v| {
        c.mutation_faults.fail_4xx = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    ("--throttle", "LIVEMETRICS_THROTTLE", |c, v| {
        c.mutation_faults.throttle = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    ("--lose-response", "LIVEMETRICS_LOSE_RESPONSE", |c, v| {
        c.mutation_faults.lose_response = in_range(v, 0.0, 1.0)?;
        Ok(())
    }),
    (
        "--lost-response-ms",
        "LIVEMETRICS_LOST_RESPONSE_MS",
        |c, v| {
            c.mutation_faults.lost_response_ms = in_range(v, 0, MAX_LOST_RESPONSE_MS)?;
            Ok(())
        },
    ),
    (
        "--hub-keep-alive-ms",
        "LIVEMETRICS_HUB_KEEP_ALIVE_MS",
        |c, v| {
            c.hub_keep_alive_ms = in_range(v, 1, MAX_HEARTBEAT_MS)?;
            Ok(())
        },
    ),
    ("--redis-url", "REDIS_URL", set_redis_url),
];

/// Parses arguments (without the program name) and an environment lookup.
/// Taking `env` as a function keeps the tests away from the real process env.
pub fn parse<I, S, E>(args: I, env: E) -> Result<Command, ConfigError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
    E: Fn(&str) -> Option<String>,
{
    let mut config = Config::default();
    for (_, var, set) in OPTIONS {
        if let Some(value) = env(var).filter(|v| !v.is_empty()) {
            set(&mut config, &value).map_err(|e| ConfigError(format!("{var}: {e}")))?;
        }
    }

    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        // Accept both `--flag value` and `--flag=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let Some((flag, _, set)) = OPTIONS.iter().find(|(f, _, _)| *f == name) else {
            return Err(ConfigError(format!("unknown argument `{arg}`")));
        };
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(ConfigError(format!("{flag} needs a value"))),
        };
        set(&mut config, &value).map_err(|e| ConfigError(format!("{flag}: {e}")))?;
    }
    Ok(Command::Run(config))
}

fn set_addr(c: &mut Config, v: &str) -> Result<(), String> {
    // Hostnames are allowed (resolved at bind time); only the shape is checked here.
    match v.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
            c.addr = v.to_owned();
            Ok(())
        }
        _ => Err(format!("expected <host:port>, got `{v}`")),
    }
}

fn set_redis_url(c: &mut Config, v: &str) -> Result<(), String> {
    match v.strip_prefix("redis://") {
        Some(rest) if !rest.is_empty() => {
            c.redis_url = Some(v.to_owned());
            Ok(())
        }
        _ => Err(format!(
            "expected redis://host:port[/db] (TLS `rediss://` is not built in), got `{v}`"
        )),
    }
}

/// Parses a number within `[lo, hi]`; NaN never passes the range check.
fn in_range<T>(v: &str, lo: T, hi: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + fmt::Display,
{
    match v.parse::<T>() {
        Ok(n) if lo <= n && n <= hi => Ok(n),
        _ => Err(format!("expected a number from {lo} to {hi}, got `{v}`")),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
