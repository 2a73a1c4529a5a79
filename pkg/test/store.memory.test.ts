import { describe, expect, it } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';

describe('bounded memory', () => {
  it('streams deltas over 1,000,000 distinct entities with maxKeys 50,000: memory stays flat', () => {
    const store = createMetricSignalsStore({ maxKeys: 50_000 });
    const { applyDelta } = store.getState();
    // Cards on screen hold listeners: never evicted, whatever the churn.
    const onScreen: number[] = [];
    for (let i = 0; i < 20; i++) store.subscribeKey('Image', 1_000_000_000 + i, 'likeCount', (v) => (onScreen[i] = v));
    let afterWarmup = 0;
    for (let n = 0; n < 1_000_000; n++) {
      applyDelta('Image', n, { likeCount: 1 });
      if (n % 50_000 === 0) applyDelta('Image', 1_000_000_000 + ((n / 50_000) % 20), { likeCount: 1 });
      if (n === 200_000) afterWarmup = store.getState().getStats().wasmMemoryBytes;
    }
    const stats = store.getState().getStats();
    expect(stats.keys).toBeLessThanOrEqual(50_000);
    expect(stats.entitiesEvicted).toBeGreaterThanOrEqual(950_000);
    expect(stats.wasmMemoryBytes).toBe(afterWarmup);
    // Evicted entities read as absent, never garbage; pinned ones kept every delta.
    expect(store.getState().getDelta('Image', 5, 'likeCount')).toBe(0);
    expect(store.getState().getDelta('Image', 999_999, 'likeCount')).toBe(1);
    expect(onScreen.reduce((a, b) => a + b, 0)).toBe(20);
    expect(store.getState().getDelta('Image', 1_000_000_000, 'likeCount')).toBe(1);
  }, 60_000);
});
