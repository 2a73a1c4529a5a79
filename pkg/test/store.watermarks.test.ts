import { describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, LiveMetricsError, type ResyncRequest } from 'livemetrics';
import { fakeTransport } from './helpers/fake-transport';

const delta = (seq: number, likeCount = 1, extra: Record<string, unknown> = {}) => ({
  entityType: 'Image',
  entityId: 1,
  seq,
  likeCount,
  ...extra,
});

describe('bases with watermarks', () => {
  it('a refetched base never double counts: deltas with seq ≤ version are dropped', () => {
    const store = createMetricSignalsStore();
    const s = store.getState();
    for (let seq = 1; seq <= 5; seq++) s.applySignal(delta(seq));
    expect(s.getDelta('Image', 1, 'likeCount')).toBe(5);
    expect(s.getValue('Image', 1, 'likeCount')).toBeUndefined();
    // The base was read at version 3: it already contains seqs 1..3.
    expect(s.setBase('Image', 1, { likeCount: 103 }, { version: 3 })).toEqual({ applied: true, changedFields: ['likeCount'] });
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(105);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(2);
    s.applySignal(delta(3));
    s.applySignal(delta(6));
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(106);
    expect(store.getState().getStats().coveredDropped).toBe(1);
  });

  it('an older base is ignored', () => {
    const store = createMetricSignalsStore();
    const s = store.getState();
    s.setBase('Image', 1, { likeCount: 50 }, { version: 10 });
    expect(s.setBase('Image', 1, { likeCount: 40 }, { version: 9 }).applied).toBe(false);
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(50);
    expect(store.getState().getStats().staleBasesIgnored).toBe(1);
  });

  it('asOf: deltas received before markRefetch are in the base, later ones are kept', () => {
    const store = createMetricSignalsStore();
    const s = store.getState();
    s.applySignal({ entityType: 'Post', entityId: 9, commentCount: 1 });
    const token = s.markRefetch('Post', 9);
    s.applySignal({ entityType: 'Post', entityId: 9, commentCount: 1 });
    store.getState().setBase('Post', 9, { commentCount: 20 }, { asOf: token });
    expect(store.getState().getValue('Post', 9, 'commentCount')).toBe(21);
    expect(() => store.getState().setBase('Post', 9, { commentCount: 1 }, { asOf: 999 })).toThrow(/meta.asOf 999 is not a token/);
  });

  it('replays are counted once, by eventId or by seq', () => {
    const store = createMetricSignalsStore();
    const s = store.getState();
    s.applySignal({ entityType: 'Image', entityId: 2, eventId: 'e1', heartCount: 1 });
    s.applySignal({ entityType: 'Image', entityId: 2, eventId: 'e1', heartCount: 1 });
    s.applySignal(delta(1));
    s.applySignal(delta(1));
    expect(store.getState().getDelta('Image', 2, 'heartCount')).toBe(1);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(1);
    expect(store.getState().getStats().duplicatesDropped).toBe(2);
  });

  it('a gap marks the entity stale, reports it once, and the refetch function repairs it', async () => {
    const refetch = vi.fn(async () => ({ values: { likeCount: 14, bogusField: 'x' }, version: 4 }));
    const store = createMetricSignalsStore({ refetch });
    const requests: ResyncRequest[][] = [];
    store.onResync((r) => requests.push(r));
    const s = store.getState();
    s.setBase('Image', 1, { likeCount: 10 }, { version: 1 });
    s.applySignal(delta(2));
    s.applySignal(delta(5));
    expect(store.getState().isStale('Image', 1)).toBe(true);
    await vi.waitFor(() => expect(refetch).toHaveBeenCalledWith('Image', 1));
    expect(requests).toEqual([[{ entityType: 'Image', entityId: 1, reason: 'gap' }]]);
    await vi.waitFor(() => expect(store.getState().isStale('Image', 1)).toBe(false));
    // 14 includes seqs ≤ 4; seq 5 was applied before and still counts.
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(15);
    expect(store.getState().getStats().gapsDetected).toBe(1);
  });

  it('a gap seen while a refetch is in flight gets its own refetch', async () => {
    const answers: ((r: { values: Record<string, unknown>; version: number }) => void)[] = [];
    const refetch = vi.fn(() => new Promise<{ values: Record<string, unknown>; version: number }>((resolve) => answers.push(resolve)));
    const store = createMetricSignalsStore({ refetch });
    const s = () => store.getState();
    s().setBase('Image', 1, { likeCount: 10 }, { version: 5 });
    s().applySignal(delta(7));
    await vi.waitFor(() => expect(refetch).toHaveBeenCalledTimes(1));
    s().applySignal(delta(9));
    answers[0]?.({ values: { likeCount: 12 }, version: 7 });
    s().applySignal({ entityType: 'Image', entityId: 1, version: 9 });
    await vi.waitFor(() => expect(refetch).toHaveBeenCalledTimes(2));
    answers[1]?.({ values: { likeCount: 14 }, version: 9 });
    await vi.waitFor(() => expect(s().isStale('Image', 1)).toBe(false));
    expect(s().getValue('Image', 1, 'likeCount')).toBe(14);
  });

  it('a heartbeat ahead of the last seq reveals a missed last delta', async () => {
    const store = createMetricSignalsStore();
    const onResync = vi.fn();
    store.onResync(onResync);
    store.getState().setBase('Image', 1, { likeCount: 10 }, { version: 1 });
    store.getState().applySignal({ entityType: 'Image', entityId: 1, version: 1 });
    expect(store.getState().isStale('Image', 1)).toBe(false);
    store.getState().applySignal({ entityType: 'Image', entityId: 1, version: 2 });
    expect(store.getState().isStale('Image', 1)).toBe(true);
    await vi.waitFor(() => expect(onResync).toHaveBeenCalledTimes(1));
  });

  it('a failing refetch is retried while the entity stays stale', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const refetch = vi.fn(async () => {
        if (++calls < 3) throw new Error('503');
        return { values: { likeCount: 7 }, version: 3 };
      });
      const store = createMetricSignalsStore({ refetch });
      store.getState().setBase('Image', 1, { likeCount: 1 }, { version: 1 });
      store.getState().applySignal(delta(3));
      await vi.advanceTimersByTimeAsync(5000);
      expect(refetch).toHaveBeenCalledTimes(3);
      expect(store.getState().isStale('Image', 1)).toBe(false);
      expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(7);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a reconnect marks held entities stale and refetches them', async () => {
    const refetch = vi.fn(async () => ({ values: { likeCount: 5 }, version: 9 }));
    const store = createMetricSignalsStore({ refetch });
    const { transport, setStatus } = fakeTransport();
    store.connect(transport);
    setStatus('open');
    store.acquireTopic('Image', 1);
    store.acquireTopic('Image', 2)();
    setStatus('reconnecting');
    setStatus('open');
    await vi.waitFor(() => expect(refetch).toHaveBeenCalledTimes(1));
    expect(refetch).toHaveBeenCalledWith('Image', 1);
  });

  it('after a reconnect, a refetch at the same version clears the mark (nothing changed meanwhile)', async () => {
    const refetch = vi.fn(async () => ({ values: { likeCount: 5 }, version: 9 }));
    const store = createMetricSignalsStore({ refetch });
    store.getState().setBase('Image', 1, { likeCount: 5 }, { version: 9 });
    const { transport, setStatus } = fakeTransport();
    store.connect(transport);
    setStatus('open');
    store.acquireTopic('Image', 1);
    setStatus('reconnecting');
    setStatus('open');
    await vi.waitFor(() => expect(store.getState().isStale('Image', 1)).toBe(false));
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(5);
  });

  it('a server that lags behind what the stream showed is asked again with backoff, not hammered', async () => {
    vi.useFakeTimers();
    try {
      let version = 1;
      const refetch = vi.fn(async () => ({ values: { likeCount: 1 }, version }));
      const store = createMetricSignalsStore({ refetch });
      store.getState().setBase('Image', 1, { likeCount: 1 }, { version: 1 });
      store.getState().applySignal(delta(3)); // seq 2 is missing: stale
      await vi.advanceTimersByTimeAsync(0);
      expect(refetch).toHaveBeenCalledTimes(1);
      // The read replica still answers version 1: 500 ms, then 1 s, then 2 s.
      await vi.advanceTimersByTimeAsync(499);
      expect(refetch).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(refetch).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(1000);
      expect(refetch).toHaveBeenCalledTimes(3);
      expect(store.getState().isStale('Image', 1)).toBe(true);
      version = 3; // caught up
      await vi.advanceTimersByTimeAsync(2000);
      expect(refetch).toHaveBeenCalledTimes(4);
      expect(store.getState().isStale('Image', 1)).toBe(false);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(refetch).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('absolute snapshots', () => {
  it("the seed dashboard's projectStatsUpdate is a one-line adapter; older snapshots are ignored", async () => {
    const store = createMetricSignalsStore({
      entityTypes: ['Project'],
      metricTypes: ['imageCount', 'segmentedCount', 'pendingCount', 'failedCount'],
      activitySize: 3,
    });
    const { transport, deliver } = fakeTransport();
    const snapshots = vi.fn();
    store.onSnapshot(snapshots);
    store.connect(transport, {
      messages: {
        projectStatsUpdate: (d, s) => s.applySnapshot('Project' as never, d.projectId, d.stats, { timestamp: d.timestamp }),
      },
    });
    const msg = (timestamp: number, imageCount: number, segmentedCount: number) => ({
      type: 'projectStatsUpdate',
      data: {
        projectId: 'project-123',
        stats: { imageCount, segmentedCount, pendingCount: imageCount - segmentedCount, failedCount: 0, lastUpdated: new Date(timestamp).toISOString() },
        operation: 'segmentation',
        timestamp,
      },
    });
    deliver([msg(2000, 10, 5), msg(1000, 8, 2), msg(3000, 10, 6)]);
    const s = store.getState();
    expect(s.getValue('Project' as never, 'project-123', 'segmentedCount' as never)).toBe(6);
    expect(s.getValue('Project' as never, 'project-123', 'imageCount' as never)).toBe(10);
    expect(s.getStats().staleBasesIgnored).toBe(1);
    expect(s.getStats().fieldsDropped).toBe(3); // each snapshot's lastUpdated is not a metric
    expect(typeof s.getLastUpdated('Project' as never, 'project-123')).toBe('number');
    const activity = s.getActivity();
    expect(activity).toHaveLength(2);
    expect(activity[0]).toMatchObject({ kind: 'snapshot', entityType: 'Project', entityId: 'project-123', changedFields: ['segmentedCount', 'pendingCount'] });
    await vi.waitFor(() => expect(snapshots).toHaveBeenCalledTimes(2));
    expect(snapshots.mock.calls[1]?.[0]).toMatchObject({ changedFields: ['segmentedCount', 'pendingCount'] });
  });

  it("dashboardMetricsUpdate works the same way, with ISO timestamps", () => {
    const store = createMetricSignalsStore({ metricTypes: ['totalProjects', 'totalImages', 'processedImages'] });
    const update = { userId: 42, metrics: { totalProjects: 3, totalImages: 120, processedImages: 80 }, changedFields: ['totalImages'], timestamp: '2026-11-22T10:00:00.000Z' };
    const r = store.getState().applySnapshot('User', update.userId, update.metrics, { timestamp: update.timestamp });
    expect(r.changedFields).toEqual(['totalProjects', 'totalImages', 'processedImages']);
    expect(store.getState().applySnapshot('User', 42, { totalImages: 1 }, { timestamp: '2026-11-22T09:00:00.000Z' }).applied).toBe(false);
    expect(() => store.getState().applySnapshot('User', 42, {}, { timestamp: 'yesterday' })).toThrow(LiveMetricsError);
  });

  it('a keyed listener hears a snapshot that changes its value, not one that does not', () => {
    const store = createMetricSignalsStore();
    const seen = vi.fn();
    store.subscribe((s) => s.getValue('Post', 1, 'viewCount'), seen);
    store.getState().applySnapshot('Post', 1, { viewCount: 5 }, { version: 1 });
    store.getState().applySnapshot('Post', 1, { viewCount: 5 }, { version: 2 });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen).toHaveBeenCalledWith(5, undefined);
  });
});

describe('bad watermark input: a clear error, nothing changed', () => {
  it.each([
    ['no meta', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { likeCount: 1 }, undefined as never), /setBase: meta must be \{ version \} or \{ asOf \}/],
    ['both, with a token never issued', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { likeCount: 1 }, { version: 1, asOf: 2 }), /meta.asOf 2 is not a token/],
    ['version and a stray key', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { likeCount: 1 }, { version: 1, at: 2 } as never), /meta must be/],
    ['negative version', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { likeCount: 1 }, { version: -1 }), /meta.version must be a non-negative safe integer/],
    ['string version', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { likeCount: 1 }, { version: '3' as never }), /meta.version must be a number/],
    ['NaN value', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { likeCount: NaN }, { version: 1 }), /values.likeCount must be a finite number/],
    ['a name a strict store does not know', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().setBase('Image', 1, { nope: 1 } as never, { version: 1 }), /values.nope unknown metric type/],
    ['snapshot meta', (s: ReturnType<typeof createMetricSignalsStore>) => s.getState().applySnapshot('Image', 1, { likeCount: 1 }, { asOf: 1 } as never), /meta must be \{ version \} or \{ timestamp \}/],
  ])('%s', (_name, call, message) => {
    const store = createMetricSignalsStore({ strict: true });
    store.getState().setBase('Image', 1, { likeCount: 9 }, { version: 0 });
    expect(() => call(store)).toThrow(message);
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(9);
  });
});
