// The real @microsoft/signalr client against the engine's /hub: with
// skipNegotiation over WebSockets (as the seed site connects) and through
// negotiate, topics held across engine restarts, counts exact at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { hubClient } from './clients.mjs';
import { engineApi, startEngine, stopEngine } from './helpers.mjs';
import { assertExact, Ledger, restartOn, waitFor } from './ledger.mjs';

const KEYS = ['Image:1', 'Image:2', 'Image:3', 'Model:1', 'Model:2', 'Post:1'];
test('skip-negotiation and negotiated SignalR clients stay exact across engine restarts', async () => {
  let engine = await startEngine({ rate: 200, demo: false });
  const port = new URL(engine.url).port;
  const api = () => engineApi(engine);
  const clients = [];
  try {
    const site = hubClient(engine.url, new Ledger(KEYS), api, {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
      accessTokenFactory: () => 'a-signed-in-user',
    });
    const negotiated = hubClient(engine.url, new Ledger(KEYS), api);
    clients.push(site, negotiated);
    await site.start();
    await negotiated.start();
    assert.equal(negotiated.connection.connectionId?.length > 0, true, 'negotiate gave a connection id');
    await waitFor(() => site.ledger.deltaCount() > 20 && negotiated.ledger.deltaCount() > 20, 'deltas before the restart');

    // A graceful stop (Close with allowReconnect), then a crash: both reconnect.
    for (const [round, stop] of [[1, stopEngine], [2, (e) => e.child.kill('SIGKILL')]]) {
      await stop(engine);
      engine = await restartOn(port, { rate: 200 });
      await waitFor(() => site.reconnects === round && negotiated.reconnects === round, `reconnect #${round}`, 30_000);
      await Promise.all([site.ready, negotiated.ready]);
      await waitFor(() => site.ledger.deltaCount() > 20 && negotiated.ledger.deltaCount() > 20, `deltas after restart #${round}`);
    }
    const status = await api()('/api/control');
    assert.equal(status.connections, 2);
    assert.equal(status.topics, KEYS.length, 'both clients share one topic each');
    await assertExact(api(), { 'skip-negotiation client': site.ledger, 'negotiated client': negotiated.ledger });
    await Promise.all([site.connection.stop(), negotiated.connection.stop()]);
    assert.equal(site.connection.state, HubConnectionState.Disconnected);
  } finally {
    for (const c of clients) await c.connection.stop();
    await stopEngine(engine);
  }
});

test('Ping is answered with Pong, subscribeNotify with topic:connections, bad calls with errors', async () => {
  const engine = await startEngine({ rate: 0, demo: false });
  try {
    const connect = async () => {
      const c = new HubConnectionBuilder()
        .withUrl(`${engine.url}/hub`, { skipNegotiation: true, transport: HttpTransportType.WebSockets })
        .configureLogging(LogLevel.Critical)
        .build();
      c.on('welcome', () => {});
      await c.start();
      return c;
    };
    const watcher = await connect();
    let pongs = 0;
    watcher.on('Pong', () => {
      pongs += 1;
    });
    await watcher.invoke('Ping');
    await waitFor(() => pongs === 1, 'Pong');

    const counts = [];
    watcher.on('topic:connections', (data) => {
      counts.push(data);
    });
    assert.deepEqual(await watcher.invoke('subscribeNotify', 'metrics:Image:9'), ['metrics:Image:9']);
    const other = await connect();
    await other.invoke('subscribe', 'metrics:Image:9');
    await other.stop();
    await waitFor(() => counts.length === 3, 'three counts');
    assert.deepEqual(counts.map((c) => c.count), [1, 2, 1]);
    assert.ok(counts.every((c) => c.topic === 'metrics:Image:9'));

    await assert.rejects(watcher.invoke('subscribe', 42), /arguments\[0\] must be a topic/);
    await assert.rejects(watcher.invoke('Dance'), /Unknown hub method 'Dance'/);
    const streamed = new Promise((resolve, reject) =>
      watcher.stream('subscribe', 'x').subscribe({ next: () => {}, complete: resolve, error: reject }),
    );
    await assert.rejects(streamed, /streaming invocations are not supported/);
    assert.deepEqual(await watcher.invoke('unsubscribe', 'metrics:Image:9'), []);
    await watcher.stop();
  } finally {
    await stopEngine(engine);
  }
});
