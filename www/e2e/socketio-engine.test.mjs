// The real socket.io-client against the engine's /socket.io/: rooms per
// topic joined with `subscribe` (a topic or an array, acked with the topic
// set), events named by message type, topics held across engine restarts,
// counts exact at the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { io } from 'socket.io-client';
import { socketClient } from './clients.mjs';
import { engineApi, startEngine, stopEngine } from './helpers.mjs';
import { assertExact, Ledger, restartOn, waitFor } from './ledger.mjs';

const KEYS = ['Image:4', 'Image:5', 'Model:3', 'Post:2', 'Post:3'];

test('socket.io clients (polling → websocket, and websocket only) stay exact across engine restarts', async () => {
  let engine = await startEngine({ rate: 200, demo: false });
  const port = new URL(engine.url).port;
  const api = () => engineApi(engine);
  const clients = [];
  try {
    const upgraded = socketClient(engine.url, new Ledger(KEYS), api);
    const direct = socketClient(engine.url, new Ledger(KEYS), api, { transports: ['websocket'] });
    clients.push(upgraded, direct);
    await waitFor(() => upgraded.connects === 1 && direct.connects === 1, 'first connect');
    await Promise.all([upgraded.ready, direct.ready]);
    assert.deepEqual(upgraded.acks[0], [...KEYS.map((k) => `metrics:${k}`)].sort(), 'the ack is the topic set');
    await waitFor(() => upgraded.ledger.deltaCount() > 20 && direct.ledger.deltaCount() > 20, 'deltas before the restart');

    for (const [round, stop] of [[2, stopEngine], [3, (e) => e.child.kill('SIGKILL')]]) {
      await stop(engine);
      engine = await restartOn(port, { rate: 200 });
      await waitFor(() => upgraded.connects === round && direct.connects === round, `reconnect #${round - 1}`, 30_000);
      await Promise.all([upgraded.ready, direct.ready]);
      await waitFor(() => upgraded.ledger.deltaCount() > 20 && direct.ledger.deltaCount() > 20, `deltas after restart #${round - 1}`);
    }
    const status = await api()('/api/control');
    assert.equal(status.connections, 2);
    assert.equal(status.topics, KEYS.length);
    await assertExact(api(), { 'upgraded socket': upgraded.ledger, 'websocket-only socket': direct.ledger });
  } finally {
    for (const c of clients) c.socket.disconnect();
    await stopEngine(engine);
  }
});

test('socket.io subscribe takes a topic or an array, unsubscribe leaves, bad data gets an error ack', async () => {
  const engine = await startEngine({ rate: 0, demo: false, args: ['--heartbeat-ms', '0'] });
  const socket = io(engine.url, { transports: ['websocket'] });
  try {
    const errors = [];
    socket.on('error', (e) => errors.push(e.message));
    const welcome = await new Promise((resolve) => socket.once('welcome', resolve));
    assert.ok(welcome.connectionId >= 1);
    assert.deepEqual(await socket.emitWithAck('subscribe', 'metrics:Image:7'), ['metrics:Image:7']);
    assert.deepEqual(await socket.emitWithAck('subscribe', ['metrics:Image:8', 'metrics:Image:7']), ['metrics:Image:7', 'metrics:Image:8']);
    const updates = [];
    socket.on('metric:update', (d) => updates.push(d));
    await engineApi(engine)('/api/events', { entityType: 'Image', entityId: 8, updates: { Heart: 2 } });
    await waitFor(() => updates.length === 1, 'the delta');
    assert.deepEqual(updates[0], { entityType: 'Image', entityId: 8, seq: 1, eventId: 'e1', Heart: 2 });
    assert.deepEqual(await socket.emitWithAck('unsubscribe', 'metrics:Image:8'), ['metrics:Image:7']);

    const bad = await socket.emitWithAck('subscribe', 42);
    assert.match(bad.error, /subscribe: send a topic string or an array/);
    assert.match((await socket.emitWithAck('subscribe', [''])).error, /1 to 256 bytes/);
    await waitFor(() => errors.length === 2, 'error events');
    socket.emit('subscribe', 'metrics:Post:1'); // no ack asked: still applied
    await waitFor(async () => (await engineApi(engine)('/api/control')).topics === 2, 'the un-acked subscribe');
  } finally {
    socket.disconnect();
    await stopEngine(engine);
  }
});
