import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, KeyObserver, SelectionObserver } from 'livemetrics';
import { CoreStore } from '../wasm/livemetrics.js';

/** Counts calls into the wasm core's reads while `fn` runs. */
function wasmReads(fn: () => void): number {
  const spies = (['cellValue', 'cellDelta', 'projected', 'delta', 'cell'] as const).map((m) => vi.spyOn(CoreStore.prototype, m));
  fn();
  const n = spies.reduce((sum, s) => sum + s.mock.calls.length, 0);
  for (const s of spies) s.mockRestore();
  return n;
}

afterEach(() => vi.restoreAllMocks());

describe('KeyObserver: what a card shows, as a subscribable snapshot', () => {
  it('is the base plus live deltas, a stable object until one of its values changes', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const o = new KeyObserver(store, { entityType: 'Image', entityId: 1 }, { likeCount: 10, heartCount: 2 });
    const onChange = vi.fn();
    const off = o.subscribe(onChange);
    const first = o.getSnapshot();
    expect(first).toEqual({ likeCount: 10, heartCount: 2 });
    store.getState().applyDelta('Image', 1, { likeCount: 3 });
    expect(onChange).toHaveBeenCalledTimes(1);
    const second = o.getSnapshot();
    expect(second).toEqual({ likeCount: 13, heartCount: 2 });
    expect(o.getSnapshot()).toBe(second);
    store.getState().applyDelta('Image', 2, { likeCount: 1 });
    store.getState().applyDelta('Image', 1, { viewCount: 1 });
    expect(onChange).toHaveBeenCalledTimes(1); // other keys never reach it
    expect(o.getSnapshot()).toBe(second);
    off();
  });

  it('reads nothing from wasm again while nothing it shows has changed', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const o = new KeyObserver(store, { entityType: 'Image', entityId: 1 }, { likeCount: 0 });
    const off = o.subscribe(() => {});
    o.getSnapshot();
    expect(wasmReads(() => {
      for (let i = 0; i < 100; i++) o.getSnapshot();
    })).toBe(0);
    store.getState().applyDelta('Image', 99, { likeCount: 1 }); // someone else's key
    expect(wasmReads(() => o.getSnapshot())).toBe(0);
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(wasmReads(() => expect(o.getSnapshot().likeCount).toBe(1))).toBeGreaterThan(0);
    off();
  });

  it('does not count again what its watermarked base includes, and shares that base', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const { applySignal, getValue } = store.getState();
    applySignal({ entityType: 'Image', entityId: 5, seq: 1, likeCount: 1 });
    applySignal({ entityType: 'Image', entityId: 5, seq: 2, likeCount: 1 });
    const o = new KeyObserver(store, { entityType: 'Image', entityId: 5 }, { likeCount: 41 }, { version: 1 });
    expect(o.watermark).toEqual({ version: 1 });
    expect(o.getSnapshot().likeCount).toBe(42); // seq 1 is in the base, seq 2 is not
    o.shareBase();
    expect(getValue('Image', 5, 'likeCount')).toBe(42);
    o.setBase({ likeCount: 50 }, { version: 2 });
    expect(o.getSnapshot().likeCount).toBe(50);
  });

  it('follows a new target, and serves the base for a server render', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    store.getState().applyDelta('Post', 'p-1', { commentCount: 4 });
    const o = new KeyObserver(store, { entityType: 'Post', entityId: undefined }, { commentCount: 1 });
    expect(o.getSnapshot()).toEqual({ commentCount: 1 }); // no id yet: the base
    o.setTarget({ entityType: 'Post', entityId: 'p-1' });
    expect(o.getSnapshot()).toEqual({ commentCount: 5 });
    expect(o.getServerSnapshot()).toEqual({ commentCount: 1 });
  });
});

describe('SelectionObserver: a tracked selector as a cached value', () => {
  it('re-runs only when a key it read changes', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const selector = vi.fn((s: ReturnType<typeof store.getState>) => s.getDelta('Image', 1, 'likeCount'));
    const o = new SelectionObserver(store, selector);
    const onChange = vi.fn();
    const off = o.subscribe(onChange);
    expect(o.getSnapshot()).toBe(0);
    store.getState().applyDelta('Image', 2, { likeCount: 1 });
    expect(o.getSnapshot()).toBe(0);
    expect(selector).toHaveBeenCalledTimes(1);
    expect(onChange).not.toHaveBeenCalled();
    store.getState().applyDelta('Image', 1, { likeCount: 2 });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(o.getSnapshot()).toBe(2);
    off();
  });
});
