// Scale-out: two engines on one Redis (Debian's redis-server, started here on
// a free port). A SignalR client and a Socket.IO client on engine A receive
// the events produced on engine B (and A's own), and every count ends equal
// to the truth, which both engines agree on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { HttpTransportType } from '@microsoft/signalr';
import { engineApi, startEngine, stopEngine } from './helpers.mjs';
import { assertExact, Ledger, waitFor } from './ledger.mjs';
import { hubClient, socketClient } from './clients.mjs';

const KEYS = ['Image:1', 'Image:6', 'Model:4', 'Post:5'];
const REDIS = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** redis-server on a free port, no persistence; resolves once it accepts connections. */
async function startRedis() {
  const port = await freePort();
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  process.once('exit', () => child.kill('SIGKILL'));
  let out = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (e) => reject(new Error(`cannot run ${REDIS} (scripts/setup.sh installs it): ${e.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
  });
  return { child, url: `redis://127.0.0.1:${port}` };
}

test('two engines on one Redis: clients of A receive what B produces, counts exact on both', async () => {
  const redis = await startRedis();
  const engines = [];
  const clients = [];
  try {
    const a = await startEngine({ rate: 0, demo: false, args: ['--redis-url', redis.url] });
    engines.push(a);
    // B finds Redis through the environment, as deployments set it.
    const b = await startEngine({ rate: 0, demo: false, env: { REDIS_URL: redis.url } });
    engines.push(b);
    const apiA = () => engineApi(a);
    const apiB = engineApi(b);

    const hub = hubClient(a.url, new Ledger(KEYS), apiA, { skipNegotiation: true, transport: HttpTransportType.WebSockets });
    await hub.start();
    const sio = socketClient(a.url, new Ledger(KEYS), apiA, { transports: ['websocket'] });
    clients.push(hub, sio);
    await waitFor(() => sio.connects === 1, 'socket.io connect');
    await sio.ready;

    // Phase 1, nothing else moving: 60 events produced on B, for topics only
    // A's clients follow, all reach both clients.
    for (let i = 0; i < 60; i += 1) {
      const [type, id] = KEYS[i % KEYS.length].split(':');
      const metric = { Image: 'Like', Model: 'downloadCount', Post: 'reactionCount' }[type];
      await apiB('/api/events', { entityType: type, entityId: Number(id), updates: { [metric]: 1 + (i % 3) } });
    }
    await waitFor(() => hub.ledger.deltaCount() === 60 && sio.ledger.deltaCount() === 60, 'B’s 60 events on A’s clients');
    const statusB = await apiB('/api/control');
    assert.equal(statusB.connections, 0, 'B has no clients of its own');
    assert.equal(statusB.emitted, 60);

    // Phase 2: A's emitter runs too while B keeps producing.
    await apiA()('/api/control', { rate: 150 });
    for (let i = 0; i < 40; i += 1) {
      const [type, id] = KEYS[i % KEYS.length].split(':');
      await apiB('/api/events', { entityType: type, entityId: Number(id), updates: { commentCount: 1 } });
    }
    await waitFor(() => hub.ledger.deltaCount() > 150 && sio.ledger.deltaCount() > 150, 'A’s and B’s events');
    await assertExact(apiA(), { 'SignalR client of A': hub.ledger, 'Socket.IO client of A': sio.ledger });
    await apiB('/api/control', { paused: true });
    assert.deepEqual(await apiB('/api/truth'), await apiA()('/api/truth'), 'both engines hold the same truth');
    assert.deepEqual(await apiB('/api/versions'), await apiA()('/api/versions'));


    // A mutation on B, its retry on A (the same Idempotency-Key): applied once.
    const mutate = (engine) =>
      fetch(`${engine.url}/api/mutations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'retry-me' },
        body: JSON.stringify({ entityType: 'Image', entityId: 6, updates: { likeCount: 5 } }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const before = (await apiB('/api/metrics/Image/6')).metrics.likeCount;
    const first = await mutate(b);
    const retry = await mutate(a);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(first.body.metrics.likeCount, before + 5);
    assert.ok(retry.body.version >= first.body.version, 'the retry’s answer covers the first');
    await waitFor(async () => (await apiA()('/api/metrics/Image/6')).version >= first.body.version, 'A has the mutation');
    assert.equal((await apiA()('/api/metrics/Image/6')).metrics.likeCount, before + 5, 'applied once across engines');
  } finally {
    for (const c of clients) {
      c.socket?.disconnect();
      await c.connection?.stop();
    }
    for (const e of engines) await stopEngine(e);
    redis.child.kill('SIGTERM');
  }
});

test('an engine that joins late loads the current state from Redis', async () => {
  const redis = await startRedis();
  const engines = [];
  try {
    const a = await startEngine({ rate: 0, demo: false, args: ['--redis-url', redis.url] });
    engines.push(a);
    for (let i = 0; i < 10; i += 1) await engineApi(a)('/api/events', { entityType: 'Model', entityId: 7, updates: { downloadCount: 2 } });
    const late = await startEngine({ rate: 0, demo: false, args: ['--redis-url', redis.url] });
    engines.push(late);
    const [fromA, fromLate] = await Promise.all([engineApi(a)('/api/metrics/Model/7'), engineApi(late)('/api/metrics/Model/7')]);
    assert.equal(fromLate.version, 10);
    assert.deepEqual(fromLate, fromA);
    assert.deepEqual(await engineApi(late)('/api/truth'), await engineApi(a)('/api/truth'));
  } finally {
    for (const e of engines) await stopEngine(e);
    redis.child.kill('SIGTERM');
  }
});
