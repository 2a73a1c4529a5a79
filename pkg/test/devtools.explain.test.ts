import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectDevtools, createMetricSignalsStore, type DevtoolsExtension } from 'livemetrics';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('explain: why is this count what it is', () => {
  it('shows the base and its watermark, each delta still counted, and the trail of a traced entity', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const stop = store.trace('Image', 1);
    const s = store.getState();
    s.setBase('Image', 1, { likeCount: 100 }, { version: 4 });
    s.applySignal({ entityType: 'Image', entityId: 1, seq: 5, eventId: 'e5', likeCount: 2 });
    s.applySignal({ entityType: 'Image', entityId: 1, seq: 5, eventId: 'e5', likeCount: 2 }); // a replay
    s.applySignal({ entityType: 'Image', entityId: 1, seq: 3, likeCount: 9 }); // in the base
    s.applyDelta('Image', 1, { likeCount: 1 });
    void s.mutate({ id: 'click', entityType: 'Image', entityId: 1, updates: { likeCount: 1 }, mutationFn: () => new Promise(() => {}) });
    const e = s.explain('Image', 1, 'likeCount');
    expect(e).toMatchObject({ value: 104, base: 100, version: 4, delta: 3, optimistic: 1, shown: 104 });
    expect(e.counted).toEqual([{ seq: 5, tick: undefined, delta: 2 }]);
    expect(e.folded).toBe(1); // the app's own delta, counted but not itemized
    expect(e.pending).toEqual([{ id: 'click', state: 'pending', attempts: 0, delta: 1 }]);
    expect(e.trail.map((t) => [t.source, t.fate, t.delta, t.seq, t.eventId])).toEqual([
      ['base', 'counted', 100, 4, undefined],
      ['remote', 'counted', 2, 5, 'e5'],
      ['remote', 'duplicate', 2, 5, 'e5'],
      ['remote', 'covered', 9, 3, undefined],
      ['app', 'counted', 1, undefined, undefined],
    ]);
    expect(typeof e.trail[1]?.at).toBe('number');
    stop();
    s.applySignal({ entityType: 'Image', entityId: 1, seq: 6, likeCount: 1 });
    expect(s.explain('Image', 1, 'likeCount').trail).toEqual([]); // not traced any more
  });

  it('tracing is refcounted across inspectors, and bad input is a clear error', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const a = store.trace('Post', 'p-1');
    const b = store.trace('Post', 'p-1');
    a();
    store.getState().applyDelta('Post', 'p-1', { commentCount: 1 });
    expect(store.getState().explain('Post', 'p-1', 'commentCount').trail).toHaveLength(1);
    b();
    expect(() => store.getState().explain('Post', 'p-1', 'nope' as never)).toThrow(/explain: metricType unknown metric type "nope"/);
    expect(() => store.trace('Nope' as never, 1)).toThrow(/unknown entity type "Nope"/);
  });
});

describe('the Redux DevTools bridge', () => {
  function extension() {
    const sent: { type: string }[] = [];
    const inits: unknown[] = [];
    const ext: DevtoolsExtension = { connect: () => ({ init: (s) => inits.push(s), send: (a) => sent.push(a) }) };
    return { ext, sent, inits };
  }

  it('inits with the state, then sends labelled actions, a stream throttled into one', () => {
    vi.useFakeTimers();
    const store = createMetricSignalsStore({ notify: 'sync' });
    const { ext, sent, inits } = extension();
    const off = connectDevtools(store, { extension: ext, enabled: true });
    expect(inits).toHaveLength(1);
    for (let i = 0; i < 5; i++) store.getState().applySignal({ entityType: 'Image', entityId: 1, likeCount: 1 });
    store.getState().setBase('Image', 2, { likeCount: 3 }, { version: 1 });
    vi.advanceTimersByTime(150);
    expect(sent.map((a) => a.type)).toEqual(['remote/delta ×5', 'base/set']);
    void store.getState().mutate({ entityType: 'Image', entityId: 1, updates: { likeCount: 1 }, mutationFn: () => new Promise(() => {}) });
    vi.advanceTimersByTime(150);
    expect(sent.at(-1)?.type).toBe('optimistic/apply');
    off();
    store.getState().applySignal({ entityType: 'Image', entityId: 1, likeCount: 1 });
    vi.advanceTimersByTime(150);
    expect(sent).toHaveLength(3);
  });

  it('is off by default in production builds', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const { ext, inits } = extension();
    connectDevtools(createMetricSignalsStore(), { extension: ext });
    expect(inits).toHaveLength(0);
  });
});
