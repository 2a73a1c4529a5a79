import { describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';

describe('keyed notification', () => {
  it('a key listener runs only when its key changes, with (value, previous)', () => {
    const store = createMetricSignalsStore();
    const a = vi.fn();
    const b = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', a);
    store.subscribeKey('Image', 2, 'likeCount', b);
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    store.getState().applyDelta('Image', 1, { heartCount: 1 });
    store.getState().applyDelta('Image', 1, { likeCount: 0 });
    expect(a).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledWith(1, 0);
    expect(b).not.toHaveBeenCalled();
    store.getState().clearDelta('Image', 1);
    expect(a).toHaveBeenLastCalledWith(0, 1);
  });

  it('+1 then -1 in one update is no change, and notifies nobody', () => {
    const store = createMetricSignalsStore();
    const l = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', l);
    store.getState().applyDelta('Image', 1, { Like: 1, likeCount: -1 });
    expect(l).not.toHaveBeenCalled();
  });

  it('listeners run after the wasm call returns, so they may call the store again', () => {
    const store = createMetricSignalsStore();
    const seen: number[] = [];
    store.subscribeKey('Image', 1, 'likeCount', (v) => {
      seen.push(v);
      if (v < 3) store.getState().applyDelta('Image', 1, { likeCount: 1 });
      store.getState().getDelta('Image', 2, 'likeCount');
      void store.getState().deltas;
    });
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(seen).toEqual([1, 2, 3]);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(3);
  });

  it('a throwing listener does not stop the others; its error reaches the caller', () => {
    const store = createMetricSignalsStore();
    const after = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', () => {
      throw new Error('listener bug');
    });
    store.subscribeKey('Image', 1, 'likeCount', after);
    expect(() => store.getState().applyDelta('Image', 1, { likeCount: 1 })).toThrow('listener bug');
    expect(after).toHaveBeenCalledTimes(1);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(1);
  });

  it('a listener that keeps writing is stopped with a clear error', () => {
    const store = createMetricSignalsStore();
    store.subscribeKey('Image', 1, 'likeCount', () => store.getState().applyDelta('Image', 1, { likeCount: 1 }));
    expect(() => store.getState().applyDelta('Image', 1, { likeCount: 1 })).toThrow(/kept writing/);
    store.getState().applyDelta('Image', 2, { likeCount: 1 });
  });

  it('batch() coalesces many writes into one notification per listener', () => {
    const store = createMetricSignalsStore();
    const key = vi.fn();
    const all = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', key);
    store.subscribe(all);
    store.batch(() => {
      for (let i = 0; i < 100; i++) store.getState().applyDelta('Image', 1 + (i % 3), { likeCount: 1 });
    });
    expect(key).toHaveBeenCalledTimes(1);
    expect(key).toHaveBeenCalledWith(34, 0);
    expect(all).toHaveBeenCalledTimes(1);
  });

  it("'microtask' mode notifies once per tick", async () => {
    const store = createMetricSignalsStore({ notify: 'microtask' });
    const l = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', l);
    for (let i = 0; i < 10; i++) store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(l).not.toHaveBeenCalled();
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(10);
    await Promise.resolve();
    expect(l).toHaveBeenCalledTimes(1);
    expect(l).toHaveBeenCalledWith(10, 0);
  });

  it("'frame' mode notifies once per frame; flush() runs it now", async () => {
    vi.useFakeTimers();
    try {
      const store = createMetricSignalsStore({ notify: 'frame' });
      const l = vi.fn();
      store.subscribeKey('Image', 1, 'likeCount', l);
      store.getState().applyDelta('Image', 1, { likeCount: 1 });
      store.getState().applyDelta('Image', 1, { likeCount: 1 });
      expect(l).not.toHaveBeenCalled();
      vi.advanceTimersByTime(20);
      expect(l).toHaveBeenCalledTimes(1);
      store.getState().applyDelta('Image', 1, { likeCount: 1 });
      store.flush();
      expect(l).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fan-out: 10,000 keyed listeners, 10,000 deltas → exactly one call per changed subscribed key', () => {
    const store = createMetricSignalsStore();
    const calls = new Int32Array(10_000);
    for (let i = 0; i < 10_000; i++) store.subscribeKey('Image', i, 'likeCount', () => (calls[i] = (calls[i] ?? 0) + 1));
    const state = store.getState();
    for (let i = 0; i < 10_000; i++) state.applyDelta('Image', (i * 7919) % 20_000, { likeCount: 1 });
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += calls[i] as number;
    // Ids < 10,000 hit by the stream: each subscribed key changed exactly once.
    const hit = new Set(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 20_000).filter((id) => id < 10_000));
    expect(total).toBe(hit.size);
  });

  it('unsubscribed listeners are not called and release the key', () => {
    const store = createMetricSignalsStore();
    const l = vi.fn();
    const off = store.subscribeKey('Image', 1, 'likeCount', l);
    off();
    off();
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(l).not.toHaveBeenCalled();
  });

  it('previousState.deltas holds the previous values', () => {
    const store = createMetricSignalsStore({ notify: 'microtask' });
    const seen: [number | undefined, number | undefined][] = [];
    store.subscribe((s, prev) => seen.push([s.deltas['Image:1:likeCount'], prev.deltas['Image:1:likeCount']]));
    store.getState().applyDelta('Image', 1, { likeCount: 2 });
    store.flush();
    store.getState().applyDelta('Image', 1, { likeCount: 3 });
    store.getState().clearDelta('Image', 1);
    store.getState().applyDelta('Image', 1, { likeCount: 7 });
    store.flush();
    expect(seen).toEqual([
      [2, undefined],
      [7, 2],
    ]);
  });
});

describe('the batch ingest path', () => {
  it('applyDeltas takes typed columns of codes, all rows or none, one notification', () => {
    const store = createMetricSignalsStore();
    const image = store.codes.entityType('Image');
    const like = store.codes.metric('likeCount');
    const heart = store.codes.metric('Heart');
    const l = vi.fn();
    store.subscribeKey('Image', 2, 'heartCount', l);
    store.getState().applyDeltas({
      entityType: new Uint16Array([image, image, image]),
      entityId: new Float64Array([1, 2, 1]),
      metric: new Uint16Array([like, heart, like]),
      delta: new Float64Array([1, 5, 1]),
    });
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(2);
    expect(l).toHaveBeenCalledTimes(1);
    expect(l).toHaveBeenCalledWith(5, 0);
    expect(() =>
      store.getState().applyDeltas({ entityType: [image, image], entityId: [1, -1], metric: [like, like], delta: [1, 1] }),
    ).toThrow(/applyDeltas: entityId\[1\] must be a non-negative safe integer/);
    expect(() => store.codes.metric('nope' as never)).toThrow(/unknown metric type "nope"/);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(2);
  });
});
