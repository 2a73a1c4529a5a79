// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('session persistence', () => {
  it('the store survives a reload (written debounced, read at start)', () => {
    const a = createMetricSignalsStore({ persist: 'session', entityTypes: ['Project'], metricTypes: ['segmentedCount'] });
    a.getState().setBase('Image', 1, { likeCount: 100 }, { version: 3 });
    a.getState().applySignal({ entityType: 'Image', entityId: 1, seq: 4, eventId: 'e4', likeCount: 1 });
    a.getState().applyDelta('Model', 'abc', { downloadCount: 2 });
    a.getState().applySnapshot('Project' as never, 'project-1', { segmentedCount: 5 }, { timestamp: 10 });
    expect(sessionStorage.getItem('livemetrics')).toBeNull();
    vi.advanceTimersByTime(600);
    expect(sessionStorage.getItem('livemetrics')).toMatch(/^livemetrics-store\t2\n/);

    // "Reload": a new store reading the same storage.
    const b = createMetricSignalsStore({ persist: 'session', entityTypes: ['Project'], metricTypes: ['segmentedCount'] });
    const s = b.getState();
    expect(s.getValue('Image', 1, 'likeCount')).toBe(101);
    expect(s.getDelta('Model', 'abc', 'downloadCount')).toBe(2);
    expect(s.getValue('Project' as never, 'project-1', 'segmentedCount' as never)).toBe(5);
    expect(s.deltas).toMatchObject({ 'Image:1:likeCount': 1, 'Model:abc:downloadCount': 2 });
    // Replays from before the reload are still recognised.
    s.applySignal({ entityType: 'Image', entityId: 1, seq: 4, eventId: 'e4', likeCount: 1 });
    expect(b.getState().getValue('Image', 1, 'likeCount')).toBe(101);
  });

  it('a corrupt or foreign blob is ignored with a warning; start-up never fails', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const junk of ['{"state":{"deltas":{}}}', 'livemetrics-store\t1\nE\tImage\ti\tx', 'livemetrics-store\t9\n']) {
      localStorage.setItem('counts', junk);
      const store = createMetricSignalsStore({ persist: 'local', persistKey: 'counts' });
      expect(store.getState().getStats().keys).toBe(0);
      store.getState().applyDelta('Image', 1, { likeCount: 1 });
      expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(1);
    }
    expect(warn).toHaveBeenCalledTimes(3);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/ignoring the persisted state under "counts"/);
  });

  it('writes right away when the page is hidden', () => {
    const store = createMetricSignalsStore({ persist: 'session', persistKey: 'k2' });
    store.getState().applyDelta('Post', 3, { viewCount: 1 });
    window.dispatchEvent(new Event('pagehide'));
    expect(sessionStorage.getItem('k2')).toContain('E\tPost\ti\t3');
  });

  it('is off by default', () => {
    const store = createMetricSignalsStore();
    store.getState().applyDelta('Post', 3, { viewCount: 1 });
    vi.advanceTimersByTime(1000);
    expect(sessionStorage.length).toBe(0);
  });
});
