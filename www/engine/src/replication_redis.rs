//! The Redis side of replication (see `replication`): the scripts, the
//! sequencer task (intents → the log) and the follower task (the log → the
//! replica, with the initial load and reloads).

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use redis::aio::MultiplexedConnection;
use redis::{Client, Script};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::hub::Hub;
use crate::replica::Loaded;
use crate::replication::{Event, Intent, Names, RoomEmit};

/// Appends one event to the log, atomically: the target's next version, the
/// next event number, the sums (or the snapshot), then PUBLISH. A mutation
/// id already appended is not appended again: `{its seq, 0}` comes back.
/// KEYS: versions, counter, sums, snapshots, channel, the mutation id prefix
/// (standalone Redis: the id's key is built in the script).
/// ARGV: topic, event JSON (without s, n), snapshot JSON or "", mutation id
/// or "", then (metric index, amount) pairs.
const APPEND: &str = r#"
if ARGV[4] ~= '' then
  local prior = redis.call('GET', KEYS[6] .. ARGV[4])
  if prior then return {tonumber(prior), 0} end
end
local seq = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local n = redis.call('INCR', KEYS[2])
if ARGV[4] ~= '' then redis.call('SET', KEYS[6] .. ARGV[4], seq, 'EX', 86400) end
for i = 5, #ARGV, 2 do
  redis.call('HINCRBYFLOAT', KEYS[3], ARGV[1] .. '|' .. ARGV[i], ARGV[i + 1])
end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[3]) end
redis.call('PUBLISH', KEYS[5], '{"s":' .. seq .. ',"n":' .. n .. ',' .. string.sub(ARGV[2], 2))
return {seq, n}
"#;

/// Versions, sums and snapshots, as `LOAD` returns them.
type RawState = (
    Vec<(String, u64)>,
    Vec<(String, f64)>,
    Vec<(String, String)>,
);

/// Reads the whole state in one atomic step. KEYS: versions, sums, snapshots.
const LOAD: &str = r#"
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3])}
"#;

/// An event that waited this long for a missing one means the log lost a
/// message (a dropped subscription): reload the state.
const STALL: Duration = Duration::from_secs(2);
const RETRY: Duration = Duration::from_millis(500);

/// The client for `url`, on RESP3 (which socketioxide's adapter needs).
pub fn client(url: &str) -> redis::RedisResult<Client> {
    if url.contains("protocol=") {
        return Client::open(url);
    }
    let joiner = if url.contains('?') { '&' } else { '?' };
    Client::open(format!("{url}{joiner}protocol=resp3"))
}

/// Subscribes, loads the current state into the hub, and spawns the
/// follower and the sequencer. Fails (before serving) if Redis is not there.
pub async fn start(
    client: Client,
    names: Names,
    hub: Arc<Hub>,
    intents: UnboundedReceiver<Intent>,
) -> redis::RedisResult<Vec<tokio::task::JoinHandle<()>>> {
    let mut conn = client.get_multiplexed_async_connection().await?;
    let subscription = subscribe(&client, &names, &hub, &mut conn).await?;
    let follower = tokio::spawn(follow(
        client.clone(),
        names.clone(),
        hub.clone(),
        subscription,
    ));
    let sequencer = tokio::spawn(sequence(client, conn, names, hub, intents));
    Ok(vec![follower, sequencer])
}

/// Subscribes first, then loads, so nothing published in between is missed.
async fn subscribe(
    client: &Client,
    names: &Names,
    hub: &Hub,
    conn: &mut MultiplexedConnection,
) -> redis::RedisResult<redis::aio::PubSub> {
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(&names.channel).await?;
    hub.load(load(names, conn).await?);
    Ok(pubsub)
}

async fn load(names: &Names, conn: &mut MultiplexedConnection) -> redis::RedisResult<Loaded> {
    let (versions, sums, snapshots): RawState = Script::new(LOAD)
        .key(&names.versions)
        .key(&names.sums)
        .key(&names.snapshots)
        .invoke_async(conn)
        .await?;
    Ok(Loaded {
        versions,
        sums,
        snapshots,
    })
}

/// Applies the log as it arrives; reloads after a stall; resubscribes (and
/// reloads) when the subscription drops.
async fn follow(client: Client, names: Names, hub: Arc<Hub>, mut pubsub: redis::aio::PubSub) {
    loop {
        if let Err(e) = follow_once(&client, &names, &hub, pubsub).await {
            eprintln!("livemetrics-engine: redis log: {e}; resubscribing");
        }
        pubsub = loop {
            tokio::time::sleep(RETRY).await;
            let attempt = async {
                let mut conn = client.get_multiplexed_async_connection().await?;
                subscribe(&client, &names, &hub, &mut conn).await
            };
            match attempt.await {
                Ok(pubsub) => break pubsub,
                Err(e) => eprintln!("livemetrics-engine: redis log: {e}"),
            }
        };
    }
}

async fn follow_once(
    client: &Client,
    names: &Names,
    hub: &Hub,
    pubsub: redis::aio::PubSub,
) -> redis::RedisResult<()> {
    let mut messages = pubsub.into_on_message();
    let mut check = tokio::time::interval(STALL / 4);
    loop {
        tokio::select! {
            message = messages.next() => {
                let Some(message) = message else {
                    return Err(redis::RedisError::from((redis::ErrorKind::Io, "the subscription ended")));
                };
                let payload: String = message.get_payload()?;
                match serde_json::from_str::<Event>(&payload) {
                    Ok(event) => hub.offer(event, None),
                    Err(e) => eprintln!("livemetrics-engine: redis log: a malformed event ({e}): {payload}"),
                }
            }
            _ = check.tick() => {
                if hub.stalled(STALL) {
                    eprintln!("livemetrics-engine: redis log: an event waited {} s for a missing one; reloading", STALL.as_secs());
                    let mut conn = client.get_multiplexed_async_connection().await?;
                    hub.load(load(names, &mut conn).await?);
                }
            }
        }
    }
}

/// Appends intents to the log one at a time (so this engine's events keep
/// their order) and applies each here at once; its copy from the channel is
/// then a duplicate.
async fn sequence(
    client: Client,
    mut conn: MultiplexedConnection,
    names: Names,
    hub: Arc<Hub>,
    mut intents: UnboundedReceiver<Intent>,
) {
    let script = Script::new(APPEND);
    while let Some(Intent { mut event, applied }) = intents.recv().await {
        let body = match serde_json::to_string(&event) {
            Ok(body) => body,
            Err(e) => {
                eprintln!("livemetrics-engine: cannot encode an event: {e}");
                continue;
            }
        };
        let snapshot = match &event.p {
            Some(p) => serde_json::to_string(p).unwrap_or_default(),
            None => String::new(),
        };
        let mut invocation = script.prepare_invoke();
        invocation
            .key(&names.versions)
            .key(&names.counter)
            .key(&names.sums)
            .key(&names.snapshots)
            .key(&names.channel)
            .key(&names.mutations)
            .arg(&event.t)
            .arg(&body)
            .arg(&snapshot)
            .arg(event.m.as_deref().unwrap_or(""));
        for (index, _, amount) in &event.d {
            invocation.arg(index).arg(amount);
        }
        let appended: redis::RedisResult<(u64, u64)> = invocation.invoke_async(&mut conn).await;
        match appended {
            Ok((seq, 0)) => hub.not_appended(event.m.as_deref(), Some(seq)),
            Ok((seq, number)) => {
                event.s = seq;
                event.n = number;
                hub.offer(event, applied);
            }
            Err(e) => {
                // Dropping `applied` tells a waiting request it failed.
                eprintln!("livemetrics-engine: cannot append to the redis log: {e}");
                hub.not_appended(event.m.as_deref(), None);
                if let Ok(fresh) = client.get_multiplexed_async_connection().await {
                    conn = fresh;
                }
            }
        }
    }
}

/// Emits events this engine produced to their Socket.IO rooms on every
/// engine (socketioxide's Redis adapter), in order.
pub async fn emit_to_rooms<A: socketioxide::adapter::Adapter>(
    io: socketioxide::SocketIo<A>,
    mut rooms: UnboundedReceiver<RoomEmit>,
) {
    while let Some((topic, kind, data)) = rooms.recv().await {
        if let Err(e) = io.to(topic).emit(kind, &data).await {
            eprintln!("livemetrics-engine: socket.io room emit failed: {e}");
        }
    }
}
