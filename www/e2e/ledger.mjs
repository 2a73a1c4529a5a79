// What a client of the engine's sockets must end with: every count equal to
// the engine's truth. A Ledger keeps, per entity, the base read from the HTTP
// API (values and the version they include) and every `metric:update` delta
// received (deduplicated by `seq`, and `eventId` checked against it); a count
// is the base plus the deltas whose `seq` is newer than the base.
import assert from 'node:assert/strict';
import { startEngine } from './helpers.mjs';

const ALIASES = { Like: 'likeCount', Dislike: 'dislikeCount', Heart: 'heartCount', Laugh: 'laughCount', Cry: 'cryCount' };
const NOT_METRICS = new Set(['entityType', 'entityId', 'seq', 'eventId', 'mutationId', 'version']);


export class Ledger {
  constructor(keys) {
    this.keys = keys; // e.g. ['Image:1', 'Model:2']
    this.reset();
  }

  /** A new engine (restart): what was counted against the old one is void. */
  reset() {
    this.bases = new Map();
    this.deltas = new Map(this.keys.map((k) => [k, new Map()]));
    this.eventIds = new Map();
    this.duplicates = 0;
  }

  get topics() {
    return this.keys.map((k) => `metrics:${k}`);
  }

  /** One `metric:update` payload; heartbeats (no `seq`) carry no delta. */
  receive(payload) {
    if (payload?.seq === undefined) return;
    const key = `${payload.entityType}:${payload.entityId}`;
    const seen = this.deltas.get(key);
    if (!seen) return;
    const known = this.eventIds.get(payload.eventId);
    if (known !== undefined) {
      assert.equal(known, `${key}#${payload.seq}`, `eventId ${payload.eventId} reused for another event`);
      this.duplicates += 1;
      return;
    }
    this.eventIds.set(payload.eventId, `${key}#${payload.seq}`);
    const updates = {};
    for (const [label, amount] of Object.entries(payload)) {
      if (NOT_METRICS.has(label)) continue;
      const metric = ALIASES[label] ?? label;
      updates[metric] = (updates[metric] ?? 0) + amount;
    }
    seen.set(payload.seq, updates);
  }

  /** Reads every entity's base from `api` (after subscribing, so nothing newer is missed). */
  async fetchBases(api) {
    for (const key of this.keys) {
      const [type, id] = key.split(':');
      const { version, metrics } = await api(`/api/metrics/${type}/${id}`);
      this.bases.set(key, { version, metrics });
    }
  }

  /** Highest version this ledger accounts for, per entity. */
  seen(key) {
    const base = this.bases.get(key)?.version ?? 0;
    return Math.max(base, ...this.deltas.get(key).keys());
  }

  deltaCount() {
    let n = 0;
    for (const m of this.deltas.values()) n += m.size;
    return n;
  }

  counts() {
    const out = {};
    for (const key of this.keys) {
      const base = this.bases.get(key);
      assert.ok(base, `no base for ${key}`);
      const values = { ...base.metrics };
      for (const [seq, updates] of this.deltas.get(key)) {
        if (seq <= base.version) continue;
        for (const [metric, amount] of Object.entries(updates)) values[metric] = (values[metric] ?? 0) + amount;
      }
      out[key] = values;
    }
    return out;
  }
}

/**
 * Pauses the engine, waits until every ledger has heard each entity's last
 * version, and checks every count against `/api/truth`.
 */
export async function assertExact(api, ledgers, { timeoutMs = 15_000 } = {}) {
  await api('/api/control', { paused: true });
  const versions = await api('/api/versions');
  const deadline = Date.now() + timeoutMs;
  for (const [name, ledger] of Object.entries(ledgers)) {
    for (;;) {
      const behind = ledger.keys.filter((k) => ledger.seen(k) !== versions[k]);
      if (behind.length === 0) break;
      assert.ok(Date.now() < deadline, `${name} never caught up: ${behind.map((k) => `${k} ${ledger.seen(k)}/${versions[k]}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const truth = await api('/api/truth');
  for (const [name, ledger] of Object.entries(ledgers)) {
    const counts = ledger.counts();
    for (const key of ledger.keys) assert.deepEqual(counts[key], truth[key], `${name}: ${key} differs from the truth`);
  }
}

/** Polls `check` until it is truthy (condition-based, not a sleep). */
export async function waitFor(check, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts an engine on `port` again (retrying while the old one lets go of it). */
export async function restartOn(port, { rate, args = [] } = {}) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await startEngine({ rate, demo: false, args: [...args, '--addr', `127.0.0.1:${port}`] });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
