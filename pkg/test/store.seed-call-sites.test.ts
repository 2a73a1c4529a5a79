import { describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, useMetricSignalsStore } from 'livemetrics';

describe("the seed store's call sites", () => {
  it('applyDelta / getDelta / clearDelta behave as the seed store', () => {
    const store = createMetricSignalsStore();
    const { applyDelta, getDelta, clearDelta } = store.getState();
    applyDelta('Image', 12345, { likeCount: 1 });
    applyDelta('Image', 12345, { likeCount: 1, heartCount: 2 });
    applyDelta('Model', 7, { downloadCount: 5 });
    expect(getDelta('Image', 12345, 'likeCount')).toBe(2);
    expect(getDelta('Image', 12345, 'heartCount')).toBe(2);
    expect(getDelta('Image', 999, 'likeCount')).toBe(0);
    clearDelta('Image', 12345, 'likeCount');
    expect(getDelta('Image', 12345, 'likeCount')).toBe(0);
    expect(getDelta('Image', 12345, 'heartCount')).toBe(2);
    clearDelta('Image', 12345);
    expect(getDelta('Image', 12345, 'heartCount')).toBe(0);
    expect(getDelta('Model', 7, 'downloadCount')).toBe(5);
  });

  it('the default instance is a shared store', () => {
    const a = useMetricSignalsStore.getState();
    a.applyDelta('Post', 1, { commentCount: 3 });
    expect(useMetricSignalsStore.getState().getDelta('Post', 1, 'commentCount')).toBe(3);
    useMetricSignalsStore.setState({ deltas: {} });
    expect(useMetricSignalsStore.getState().getDelta('Post', 1, 'commentCount')).toBe(0);
  });

  it('deltas is a lazy, frozen, prototype-free record keyed Type:id:metric', () => {
    const store = createMetricSignalsStore();
    store.getState().applyDelta('Image', 12345, { likeCount: 5 });
    store.getState().applyDelta('Model', 'project-1', { downloadCount: 1 });
    const { deltas } = store.getState();
    expect(Object.getPrototypeOf(deltas)).toBeNull();
    expect(Object.isFrozen(deltas)).toBe(true);
    expect({ ...deltas }).toEqual({ 'Image:12345:likeCount': 5, 'Model:project-1:downloadCount': 1 });
    expect(store.getState().deltas).toBe(deltas);
    store.getState().applyDelta('Image', 12345, { likeCount: -5 });
    // Written keys stay (at 0) until cleared, as in the seed store.
    expect(store.getState().deltas['Image:12345:likeCount']).toBe(0);
    expect(store.getState().deltas).not.toBe(deltas);
  });

  it('rapid like/unlike stays exact', () => {
    const store = createMetricSignalsStore();
    const { applyDelta, getDelta } = store.getState();
    let expected = 0;
    let seed = 42;
    for (let i = 0; i < 10_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const d = seed % 2 === 0 ? 1 : -1;
      expected += d;
      applyDelta('Image', 1, seed % 3 === 0 ? { Like: d } : { likeCount: d });
    }
    expect(getDelta('Image', 1, 'likeCount')).toBe(expected);
  });

  it('fractional amounts do not drift', () => {
    const store = createMetricSignalsStore();
    for (let i = 0; i < 10; i++) store.getState().applyDelta('User', 1, { tippedAmount: 0.1 });
    expect(store.getState().getDelta('User', 1, 'tippedAmount')).toBe(1);
  });

  it('aliases map to metrics and colliding aliases sum; zero deltas are skipped', () => {
    const store = createMetricSignalsStore();
    store.getState().applyDelta('Image', 1, { Like: 1, likeCount: 2, Heart: 0 });
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(3);
    expect(store.getState().getDelta('Image', 1, 'Like')).toBe(3);
    expect(Object.keys(store.getState().deltas)).toEqual(['Image:1:likeCount']);
  });

  it('getState returns the same object until something changes', () => {
    const store = createMetricSignalsStore();
    const s1 = store.getState();
    expect(store.getState()).toBe(s1);
    s1.getDelta('Image', 1, 'likeCount');
    s1.applyDelta('Image', 1, { likeCount: 0 });
    expect(store.getState()).toBe(s1);
    s1.applyDelta('Image', 1, { likeCount: 1 });
    const s2 = store.getState();
    expect(s2).not.toBe(s1);
    expect(s2.applyDelta).toBe(s1.applyDelta);
    expect(store.getInitialState().deltas).toEqual({});
  });

  it('subscribe(listener) gets (state, previousState) after each change', () => {
    const store = createMetricSignalsStore();
    const calls: [number, number][] = [];
    const unsub = store.subscribe((state, prev) => {
      calls.push([state.getDelta('Image', 1, 'likeCount'), prev.deltas['Image:1:likeCount'] ?? 0]);
    });
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    unsub();
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(calls).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('subscribeWithSelector: selector, listener, equalityFn and fireImmediately', () => {
    const store = createMetricSignalsStore();
    const listener = vi.fn();
    store.subscribe((s) => s.getDelta('Image', 1, 'likeCount'), listener, { fireImmediately: true });
    expect(listener).toHaveBeenLastCalledWith(0, 0);
    store.getState().applyDelta('Image', 1, { likeCount: 2 });
    expect(listener).toHaveBeenLastCalledWith(2, 0);
    store.getState().applyDelta('Image', 2, { likeCount: 2 });
    expect(listener).toHaveBeenCalledTimes(2);

    const parity = vi.fn();
    store.subscribe(
      (s) => ({ even: s.getDelta('Image', 1, 'likeCount') % 2 === 0 }),
      parity,
      { equalityFn: (a, b) => a.even === b.even },
    );
    store.getState().applyDelta('Image', 1, { likeCount: 2 });
    expect(parity).not.toHaveBeenCalled();
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(parity).toHaveBeenCalledWith({ even: false }, { even: true });
  });

  it('a selector re-runs only when a key it read changes', () => {
    const store = createMetricSignalsStore();
    const selectors = Array.from({ length: 1000 }, (_, i) => vi.fn((s: ReturnType<typeof store.getState>) => s.getDelta('Image', i, 'likeCount')));
    const listeners = selectors.map((sel) => {
      const l = vi.fn();
      store.subscribe(sel, l);
      return l;
    });
    selectors.forEach((s) => s.mockClear());
    store.getState().applyDelta('Image', 500, { likeCount: 1 });
    const ran = selectors.filter((s) => s.mock.calls.length > 0).length;
    const notified = listeners.filter((l) => l.mock.calls.length > 0).length;
    expect(ran).toBe(1);
    expect(notified).toBe(1);
    expect(listeners[500]).toHaveBeenCalledWith(1, 0);
  });

  it('setState hydrates or resets deltas, all or nothing; anything else is an error', () => {
    const store = createMetricSignalsStore();
    store.setState({ deltas: { 'Image:1:likeCount': 3, 'Model:abc:downloadCount': 2 } });
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(3);
    expect(store.getState().getDelta('Model', 'abc', 'downloadCount')).toBe(2);
    const before = { ...store.getState().deltas };
    expect(() => store.setState({ deltas: { 'Image:1:likeCount': 1, 'Image:2:nopeCount': 1 } as never })).toThrow(
      /setState: deltas\["Image:2:nopeCount"\] unknown metric type "nopeCount"/,
    );
    expect(() => store.setState({ deltas: { 'Image:1:likeCount': 1, 'Image::likeCount': 1 } as never })).toThrow(/must be keyed/);
    expect(() => store.setState({ deltas: { 'Image:1:likeCount': 1, [`Image:${'x'.repeat(300)}:likeCount`]: 1 } as never })).toThrow(
      /at most 256 characters/,
    );
    expect({ ...store.getState().deltas }).toEqual(before);
    expect(() => store.setState({ applyDelta: () => {} })).toThrow(/applyDelta is an action and cannot be replaced/);
    expect(() => store.setState({ foo: 1 } as never)).toThrow(/foo is not part of the state/);
    store.setState((s) => ({ ...s, deltas: {} }));
    expect(store.getState().deltas).toEqual({});
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(1);
  });

  it('registered names work everywhere, string ids like project-123 too', () => {
    const store = createMetricSignalsStore({ entityTypes: ['Project'], metricTypes: ['segmentedCount'], aliases: { Segmented: 'segmentedCount' } });
    const s = store.getState();
    s.applyDelta('Project' as never, 'project-123', { Segmented: 2 } as never);
    expect(s.getDelta('Project' as never, 'project-123', 'segmentedCount' as never)).toBe(2);
    expect(store.getState().deltas).toEqual({ 'Project:project-123:segmentedCount': 2 });
    store.register({ metricTypes: ['pendingCount'] });
    store.getState().applyDelta('Project' as never, 'project-123', { pendingCount: 1 } as never);
    expect(() => store.register({ entityTypes: ['Ok', 'not ok'] })).toThrow(/register: entityType "not ok" is not a valid name/);
    expect(() => store.getState().applyDelta('Ok' as never, 1, { likeCount: 1 })).toThrow(/unknown entity type "Ok"/);
  });

  it('numeric strings and numbers name the same entity', () => {
    const store = createMetricSignalsStore();
    store.getState().applyDelta('Image', '42', { likeCount: 1 });
    store.getState().applyDelta('Image', 42, { likeCount: 1 });
    expect(store.getState().getDelta('Image', 42, 'likeCount')).toBe(2);
    expect(store.getState().getDelta('Image', '042', 'likeCount')).toBe(0);
  });
});
