import { describe, expect, it } from 'vitest';
import { createMetricSignalsStore, LiveMetricsError } from 'livemetrics';

/** A store with some state, and a fingerprint of everything observable. */
function seeded(strict = false) {
  const store = createMetricSignalsStore({ strict });
  store.getState().applyDelta('Image', 1, { likeCount: 3, heartCount: 1 });
  store.getState().applyDelta('Model', 'm-1', { downloadCount: 2 });
  const fingerprint = () => JSON.stringify({ deltas: { ...store.getState().deltas }, stats: store.getState().getStats() });
  return { store, fingerprint };
}

type Call = (s: ReturnType<typeof createMetricSignalsStore>) => void;
const any = (v: unknown) => v as never;

const cases: [string, Call, string, RegExp, boolean?][] = [
  ['NaN delta', (s) => s.getState().applyDelta('Image', 1, { likeCount: NaN }), 'updates.likeCount', /finite number \(got NaN\)/],
  ['Infinity delta', (s) => s.getState().applyDelta('Image', 1, { likeCount: Infinity }), 'updates.likeCount', /got Infinity/],
  ['-Infinity delta', (s) => s.getState().applyDelta('Image', 1, { likeCount: -Infinity }), 'updates.likeCount', /got -Infinity/],
  ['string delta', (s) => s.getState().applyDelta('Image', 1, { likeCount: any('1') }), 'updates.likeCount', /must be a number \(got string "1"\)/],
  ['object delta', (s) => s.getState().applyDelta('Image', 1, { likeCount: any({}) }), 'updates.likeCount', /got an object/],
  ['null delta', (s) => s.getState().applyDelta('Image', 1, { likeCount: any(null) }), 'updates.likeCount', /got null/],
  ['unknown metric in a strict store', (s) => s.getState().applyDelta('Image', 1, any({ likeCount: 1, bogusCount: 1 })), 'updates.bogusCount', /unknown metric type "bogusCount"/, true],
  ['__proto__ key', (s) => s.getState().applyDelta('Image', 1, JSON.parse('{"likeCount":1,"__proto__":1}')), 'updates.__proto__', /"__proto__" is reserved/],
  ['constructor key', (s) => s.getState().applyDelta('Image', 1, any({ likeCount: 1, constructor: 1 })), 'updates.constructor', /"constructor" is reserved/],
  ['a NaN under a new name', (s) => s.getState().applyDelta('Image', 1, any({ likeCount: 1, tippedAmountCount: NaN })), 'updates.tippedAmountCount', /finite number \(got NaN\)/],
  ['a string seq', (s) => s.getState().applyDelta('Image', 1, { likeCount: 1 }, { seq: any('3') }), 'meta.seq', /must be a number/],
  ['an unknown meta option', (s) => s.getState().applyDelta('Image', 1, { likeCount: 1 }, any({ sequence: 3 })), 'meta.sequence', /is not an option here \(expected one of seq, eventId, mutationId\)/],
  ['a fractional seq', (s) => s.getState().applyDelta('Image', 1, { likeCount: 1 }, { seq: 1.5 }), 'meta.seq', /non-negative safe integer/],
  ['updates not an object', (s) => s.getState().applyDelta('Image', 1, any(5)), 'updates', /must be an object/],
  ['updates an array', (s) => s.getState().applyDelta('Image', 1, any([1])), 'updates', /got an array/],
  ['unknown entity type', (s) => s.getState().applyDelta(any('Widget'), 1, { likeCount: 1 }), 'entityType', /unknown entity type "Widget"/],
  ['entity type not a string', (s) => s.getState().applyDelta(any(4), 1, { likeCount: 1 }), 'entityType', /must be a string/],
  ['NaN id', (s) => s.getState().applyDelta('Image', NaN, { likeCount: 1 }), 'entityId', /finite number \(got NaN\)/],
  ['Infinity id', (s) => s.getState().applyDelta('Image', Infinity, { likeCount: 1 }), 'entityId', /got Infinity/],
  ['fractional id', (s) => s.getState().applyDelta('Image', 1.5, { likeCount: 1 }), 'entityId', /must be an integer \(got 1.5\)/],
  ['negative id', (s) => s.getState().applyDelta('Image', -3, { likeCount: 1 }), 'entityId', /must not be negative \(got -3\)/],
  ['unsafe id', (s) => s.getState().applyDelta('Image', 2 ** 53, { likeCount: 1 }), 'entityId', /MAX_SAFE_INTEGER/],
  ['empty id', (s) => s.getState().applyDelta('Image', '', { likeCount: 1 }), 'entityId', /must not be empty/],
  ['oversized id', (s) => s.getState().applyDelta('Image', 'x'.repeat(257), { likeCount: 1 }), 'entityId', /at most 256 characters \(got 257\)/],
  ['control character id', (s) => s.getState().applyDelta('Image', 'a\u0000b', { likeCount: 1 }), 'entityId', /control characters/],
  ['object id', (s) => s.getState().applyDelta('Image', any({}), { likeCount: 1 }), 'entityId', /must be a number or a string \(got an object\)/],
  ['undefined id', (s) => s.getState().applyDelta('Image', any(undefined), { likeCount: 1 }), 'entityId', /got undefined/],
  ['bigint id', (s) => s.getState().applyDelta('Image', any(5n), { likeCount: 1 }), 'entityId', /got bigint/],
  ['overflowing sum', (s) => s.getState().applyDelta('Image', 1, { Like: Number.MAX_VALUE, likeCount: Number.MAX_VALUE }), 'updates.likeCount', /overflow/],
  ['getDelta NaN id', (s) => s.getState().getDelta('Image', NaN, 'likeCount'), 'entityId', /finite/],
  ['getDelta object metric', (s) => s.getState().getDelta('Image', 1, any({})), 'metricType', /must be a string/],
  ['clearDelta unknown metric', (s) => s.getState().clearDelta('Image', 1, any('nopeCount')), 'metricType', /unknown metric type/],
  ['clearDelta bad id', (s) => s.getState().clearDelta('Image', -1), 'entityId', /negative/],
  ['subscribeKey unknown metric', (s) => s.subscribeKey('Image', 1, any('nopeCount'), () => {}), 'metricType', /unknown metric/],
  ['acquireTopic bad id', (s) => s.acquireTopic('Image', 0.5), 'entityId', /integer/],
  ['register bad name', (s) => s.register({ metricTypes: ['ok', '9lives'] }), 'metricType', /not a valid name/],
  ['register reserved name', (s) => s.register({ metricTypes: ['entityId'] }), 'metricType', /reserved/],
];

describe('bad input from the app: a clear error, nothing changed, store still works', () => {
  it.each(cases)('%s', (_name, call, field, reason, strict) => {
    const { store, fingerprint } = seeded(strict);
    const before = fingerprint();
    let error: unknown;
    try {
      call(store);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LiveMetricsError);
    expect(error).toBeInstanceOf(Error);
    const e = error as LiveMetricsError;
    expect(e.field.startsWith(field)).toBe(true);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(e.field);
    expect(fingerprint()).toBe(before);
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(4);
  });

  it.each([
    ['notify', { notify: 'fast' }, /must be one of 'auto', 'sync', 'microtask', 'frame' \(got string "fast"\)/],
    ['dedupeWindow', { dedupeWindow: -1 }, /non-negative integer \(got -1\)/],
  ])('bad option %s: createMetricSignalsStore throws naming it', (field, options, reason) => {
    let error: unknown;
    try {
      createMetricSignalsStore(any(options));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LiveMetricsError);
    expect((error as LiveMetricsError).field).toBe(field);
    expect((error as LiveMetricsError).message).toMatch(reason);
  });

  it('reads of names the store does not know return 0 (nothing can be stored there)', () => {
    const { store } = seeded();
    expect(store.getState().getDelta('Image', 1, any('tippedAmountCount'))).toBe(0);
    expect(store.getState().getDelta(any('Widget'), 1, 'likeCount')).toBe(0);
  });
});

describe('bad input from the wire: dropped and counted, never thrown', () => {
  const junk: unknown[] = [
    null,
    undefined,
    42,
    'metric:update',
    [],
    [1, 2],
    {},
    { entityType: 'Image' },
    { entityId: 1, likeCount: 1 },
    { entityType: 'Image', entityId: -1, likeCount: 1 },
    { entityType: 'Image', entityId: NaN, likeCount: 1 },
    { entityType: 'Image', entityId: { id: 1 }, likeCount: 1 },
    { entityType: 'Nope', entityId: 1, likeCount: 1 },
    Symbol('x'),
    () => 1,
    new Proxy({}, { ownKeys: () => { throw new Error('boom'); } }),
    Object.defineProperty({ entityType: 'Image', entityId: 1 }, 'likeCount', { enumerable: true, get: () => { throw new Error('getter'); } }),
  ];

  it('rejects payloads without a valid entity and counts them', () => {
    const { store, fingerprint } = seeded();
    const before = JSON.parse(fingerprint());
    for (const p of junk) expect(store.getState().applySignal(p)).toBe(false);
    const after = store.getState().getStats();
    expect(after.signalsRejected).toBe(junk.length);
    expect({ ...store.getState().deltas }).toEqual(before.deltas);
  });

  it('drops bad fields, keeps good ones, counts the dropped', () => {
    const store = createMetricSignalsStore();
    const ok = store.getState().applySignal({
      entityType: 'Image',
      entityId: '7',
      userId: 3,
      likeCount: 1,
      Heart: 2,
      laughCount: 'x',
      cryCount: NaN,
      dislikeCount: Infinity,
      bogus: 1,
      __proto__: { polluted: 1 },
      constructor: 5,
    });
    expect(ok).toBe(true);
    expect(store.getState().getDelta('Image', 7, 'likeCount')).toBe(1);
    expect(store.getState().getDelta('Image', 7, 'heartCount')).toBe(2);
    expect(store.getState().getStats().fieldsDropped).toBe(4); // 'x', NaN, Infinity, constructor
    expect(store.getState().getDelta('Image', 7, 'bogus' as never)).toBe(1); // a new metric, kept
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('random junk never throws and the store keeps working', () => {
    const store = createMetricSignalsStore();
    let seed = 1;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const values = [NaN, Infinity, -1, 1.5, 0, 1, 'Image', '1', null, undefined, {}, [], true, 2 ** 60, -0];
    const keys = ['entityType', 'entityId', 'updates', 'likeCount', 'Like', 'foo', '__proto__', 'constructor'];
    for (let i = 0; i < 5000; i++) {
      const p: Record<string, unknown> = {};
      for (let k = 0; k < 4; k++) p[keys[Math.floor(rand() * keys.length)] as string] = values[Math.floor(rand() * values.length)];
      if (rand() < 0.3) p.entityType = 'Image';
      expect(() => store.getState().applySignal(p)).not.toThrow();
    }
    const stats = store.getState().getStats();
    expect(stats.signalsApplied + stats.signalsRejected).toBe(5000);
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(Number.isFinite(store.getState().getDelta('Image', 1, 'likeCount'))).toBe(true);
  });
});
