//! livemetrics-engine: the local signal server for the livemetrics demo and
//! end-to-end tests. It simulates a site's event engine: a catalog of entities
//! with true, versioned metric totals, `metric:update` deltas (with `seq` and
//! `eventId`) streamed to clients subscribed to per-entity topics over three
//! protocols on one hub (its own at `/ws`, SignalR at `/hub`, Socket.IO at
//! `/socket.io/`), absolute `projectStatsUpdate` snapshots for projects,
//! heartbeats, optional delivery faults (replays, gaps, reordering) for
//! tests, and
//! idempotent mutation endpoints (expose votes, views, shares, comments, and
//! generic deltas) with their own injectable faults (latency, 5xx/4xx/429,
//! lost responses). With `--redis-url`, several engines serve one audience
//! through Redis (see `replication`).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod api_error;
pub mod body;
pub mod bounded;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod delivery;
pub mod emitter;
pub mod error;
pub mod farewell;
pub mod generate;
pub mod heartbeat;
pub mod http;
pub mod hub;
pub mod hub_commands;
pub mod mutation;
pub mod mutation_faults;
pub mod mutation_http;
pub mod mutations;
pub mod mutations_replicated;
pub mod outbox;
pub mod prng;
pub mod project_stats;
pub mod project_views;
pub mod projects;
pub mod protocol;
pub mod replica;
pub mod replication;
pub mod replication_redis;
pub mod signalr;
pub mod signalr_methods;
pub mod signalr_negotiate;
pub mod signalr_wire;
pub mod socketio;
pub mod state;
pub mod subs;
pub mod synth;
pub mod target;
pub mod views;
pub mod vocab;
pub mod wire;
pub mod ws;

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use socketioxide::SocketIo;
use socketioxide_redis::{RedisAdapter, RedisAdapterConfig, RedisAdapterCtr};
use tokio::net::TcpListener;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::task::JoinHandle;

pub use config::Config;

use catalog::Catalog;
use http::AppState;
use hub::Hub;
use projects::Projects;
use replication::{Names, Replicator};

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config, listener: TcpListener) -> io::Result<()> {
    serve_with_shutdown(config, listener, shutdown_signal()).await
}

/// Serves on an already-bound listener until `shutdown` completes; then open
/// WebSockets are closed and in-flight requests finish.
pub async fn serve_with_shutdown<F>(
    config: Config,
    listener: TcpListener,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    // Boxed so the server is compiled once, in this crate, rather than again
    // for each caller's future type (every integration-test binary).
    serve_until(config, listener, Box::pin(shutdown)).await
}

async fn serve_until(config: Config, listener: TcpListener, shutdown: Closer) -> io::Result<()> {
    let catalog = Catalog::generate(
        config.seed,
        config.models,
        config.images,
        config.posts,
        config.exposes,
    );
    let projects = Projects::generate(config.seed, config.projects, clock::now_ms());
    let hub = Arc::new(Hub::new(
        catalog,
        projects,
        config.rate,
        config.faults,
        config.mutation_faults,
        config.seed,
    ));
    let emitter = tokio::spawn(emitter::run(hub.clone(), config.tick_ms, config.seed));
    let heartbeat = (config.heartbeat_ms > 0)
        .then(|| tokio::spawn(heartbeat::run(hub.clone(), config.heartbeat_ms)));
    let mut tasks = Vec::new();
    let redis = match &config.redis_url {
        Some(url) => {
            let names = Names::for_config(&config);
            let (client, started, room_queue) = scale_out(url, &names, &config, &hub).await?;
            tasks.extend(started);
            Some((client, names, room_queue))
        }
        None => None,
    };
    let router = http::router(AppState {
        hub: hub.clone(),
        static_dir: Arc::new(config.static_dir),
        signalr: Arc::new(signalr::Settings::new(Duration::from_millis(
            config.hub_keep_alive_ms,
        ))),
    });
    let (app, close_socket_io, room_emitter) = socket_io(router, &hub, redis).await?;
    tasks.extend(room_emitter);

    let closing = hub.clone();
    let result = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            // Upgraded sockets are not tracked by the server; close them here.
            closing.disconnect_all();
            close_socket_io.await;
        })
        .await;
    emitter.abort();
    if let Some(heartbeat) = heartbeat {
        heartbeat.abort();
    }
    for task in tasks {
        task.abort();
    }
    result
}

fn redis_error(url: &str) -> impl Fn(redis::RedisError) -> io::Error + '_ {
    move |e| io::Error::other(format!("redis at {url}: {e}"))
}

/// Makes the hub a replica of the Redis log (see `replication`) and starts
/// the tasks that feed it; fails if Redis cannot be reached.
async fn scale_out(
    url: &str,
    names: &Names,
    config: &Config,
    hub: &Arc<Hub>,
) -> io::Result<(redis::Client, Vec<JoinHandle<()>>, RoomQueue)> {
    let client = replication_redis::client(url).map_err(redis_error(url))?;
    let (intents, queue) = unbounded_channel();
    let (rooms, room_queue) = unbounded_channel();
    let origin = clock::now_ms().rotate_left(20) ^ u64::from(std::process::id());
    let initial = Catalog::generate(
        config.seed,
        config.models,
        config.images,
        config.posts,
        config.exposes,
    );
    let replicator = Replicator {
        origin,
        intents,
        rooms: Some(rooms),
    };
    hub.replicate(replicator, initial);
    let tasks = replication_redis::start(client.clone(), names.clone(), hub.clone(), queue)
        .await
        .map_err(redis_error(url))?;
    Ok((client, tasks, room_queue))
}

type Closer = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;
type RoomQueue = UnboundedReceiver<replication::RoomEmit>;

/// Socket.IO as a layer over the router: on the local adapter, or with Redis
/// on socketioxide's Redis adapter (rooms across engines).
async fn socket_io(
    router: axum::Router,
    hub: &Arc<Hub>,
    redis: Option<(redis::Client, Names, RoomQueue)>,
) -> io::Result<(axum::Router, Closer, Option<JoinHandle<()>>)> {
    let builder = SocketIo::builder().max_buffer_size(socketio::MAX_BUFFERED_PACKETS);
    let Some((client, names, room_queue)) = redis else {
        let (layer, io) = builder.build_layer();
        socketio::register(&io, hub.clone());
        return Ok((
            router.layer(layer),
            Box::pin(async move { io.close().await }),
            None,
        ));
    };
    let config = RedisAdapterConfig::default().with_prefix(names.socketio_prefix);
    let adapter = RedisAdapterCtr::new_with_redis_config(&client, config)
        .await
        .map_err(|e| io::Error::other(format!("socket.io redis adapter: {e}")))?;
    let (layer, io) = builder
        .with_adapter::<RedisAdapter<_>>(adapter)
        .build_layer();
    socketio::register(&io, hub.clone())
        .await
        .map_err(|e| io::Error::other(format!("socket.io redis adapter: {e}")))?;
    let emitter = tokio::spawn(replication_redis::emit_to_rooms(io.clone(), room_queue));
    Ok((
        router.layer(layer),
        Box::pin(async move { io.close().await }),
        Some(emitter),
    ))
}

/// Completes on Ctrl-C, or SIGTERM on Unix.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("livemetrics-engine: cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                eprintln!("livemetrics-engine: cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
