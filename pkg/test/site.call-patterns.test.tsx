// @vitest-environment jsdom
// The seed site's current call patterns, written the way its frontend
// writes them, against `export { useMetricSignalsStore } from 'livemetrics'`.
import { act, cleanup, render, screen } from '@testing-library/react';
import { useMemo } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, LiveMetricsError, type UseMetricSignalsStore } from 'livemetrics';
import {
  LiveMetricsProvider,
  Metrics,
  useLiveMetrics,
  useLiveMetricsEnabled,
  useMetricChange,
  useMetricChanges,
  useMetricSubscription,
  useTopics,
} from 'livemetrics/react';
import { fakeTransport } from './helpers/fake-transport';

afterEach(cleanup);

type Payload = Record<string, any> & { entityType?: string; entityId?: number };

/** The site's `metric:update` handler: strips the entity, maps raw reaction names (colliding names sum), hands the rest over. */
function siteListener(store: UseMetricSignalsStore) {
  const reactionToMetricType: Record<string, string> = { Like: 'likeCount', Dislike: 'dislikeCount', Heart: 'heartCount', Laugh: 'laughCount', Cry: 'cryCount' };
  return (payload: Payload) => {
    if (!payload.entityType || !payload.entityId) return;
    const { entityType, entityId, ...rawUpdates } = payload;
    const updates: Record<string, any> = {};
    for (const [key, value] of Object.entries(rawUpdates)) {
      const metricType = reactionToMetricType[key] ?? key;
      updates[metricType] = (updates[metricType] ?? 0) + value;
    }
    if (!Object.values(updates).some((v) => !!v)) return;
    store.getState().applyDelta(entityType as never, entityId, updates);
  };
}

function tree(store: UseMetricSignalsStore, ui: React.ReactNode) {
  return <LiveMetricsProvider store={store}>{ui}</LiveMetricsProvider>;
}

describe('the global listener passes the whole payload', () => {
  it('fields that are not metrics (userId, what the hub adds later) are ignored, not thrown', () => {
    const store = createMetricSignalsStore();
    const handle = siteListener(store);
    expect(() => handle({ entityType: 'Image', entityId: 123, userId: 45, Like: 1 })).not.toThrow();
    handle({ entityType: 'Image', entityId: 123, userId: 45, Like: 1, likeCount: 1, timestamp: '2026-12-01T00:00:00Z' });
    handle({ entityType: 'Image', entityId: 123, userId: 9, Collection: 1, source: 'metric-event-watcher' });
    expect(store.getState().getDelta('Image', 123, 'likeCount')).toBe(3); // Like + likeCount collide and sum
    expect(store.getState().getDelta('Image', 123, 'collectedCount')).toBe(1); // raw `Collection` maps too
    expect(Object.keys(store.getState().deltas).sort()).toEqual(['Image:123:collectedCount', 'Image:123:likeCount']);
  });

  it('a seq or eventId the hub adds makes a replayed payload count once', () => {
    const store = createMetricSignalsStore();
    const handle = siteListener(store);
    const payload = { entityType: 'Model', entityId: 7, userId: 3, downloadCount: 1, eventId: 'evt-1' };
    handle(payload);
    handle(payload);
    expect(store.getState().getDelta('Model', 7, 'downloadCount')).toBe(1);
    expect(store.getState().getStats().duplicatesDropped).toBe(1);
  });
});

describe('undefined values are skipped', () => {
  it("as the site's own store skips delta === undefined", () => {
    const store = createMetricSignalsStore();
    const updates: Partial<Record<'likeCount' | 'heartCount', number | undefined>> = { likeCount: undefined, heartCount: 2 };
    store.getState().applyDelta('Image', 1, updates);
    expect(store.getState().deltas).toEqual({ 'Image:1:heartCount': 2 });
    expect(() => store.getState().setBase('Image', 1, { likeCount: undefined, heartCount: 5 }, { version: 1 })).not.toThrow();
  });
});

describe('metric names beyond the 26', () => {
  it("the site's names (tippedAmountCount, uploadCount, generationCount) are built in and live in the hooks", () => {
    const store = createMetricSignalsStore();
    function ModelCardStats({ data }: { data: { id: number; rank: { downloadCount: number; tippedAmountCount: number } } }) {
      const baseMetrics = useMemo(() => ({ downloadCount: data.rank.downloadCount, tippedAmountCount: data.rank.tippedAmountCount }), [data.rank]);
      return (
        <Metrics entityType="Model" entityId={data.id} initial={baseMetrics}>
          {(m) => <span data-testid="tips">{m.tippedAmountCount}</span>}
        </Metrics>
      );
    }
    render(tree(store, <ModelCardStats data={{ id: 5, rank: { downloadCount: 10, tippedAmountCount: 100 } }} />));
    act(() => store.getState().applyDelta('Model', 5, { tippedAmountCount: 25 }));
    expect(screen.getByTestId('tips').textContent).toBe('125');
  });

  it('a name the store does not know is kept: readable, counted, warned about once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = createMetricSignalsStore();
    function CreatorStats({ userId }: { userId: number }) {
      const m = useLiveMetrics('User', userId, { chapterReadCount: 3 } as never) as unknown as { chapterReadCount: number };
      return <span data-testid="reads">{m.chapterReadCount}</span>;
    }
    render(tree(store, <CreatorStats userId={42} />));
    act(() => store.getState().applyDelta('User', 42, { chapterReadCount: 2 } as never));
    act(() => store.getState().applyDelta('User', 42, { chapterReadCount: 1 } as never));
    expect(screen.getByTestId('reads').textContent).toBe('6');
    expect(store.getState().getDelta('User', 42, 'chapterReadCount' as never)).toBe(3);
    expect(store.getState().deltas['User:42:chapterReadCount' as never]).toBe(3);
    expect(store.getState().getStats().metricsLearned).toBe(1);
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('chapterReadCount'))).toHaveLength(1);
    // Remote payloads keep new names too.
    store.getState().applySignal({ entityType: 'User', entityId: 42, readerCount: 4 });
    expect(store.getState().getDelta('User', 42, 'readerCount' as never)).toBe(4);
  });

  it('strict: true restores throwing; wrong types throw in every store, changing nothing', () => {
    const strict = createMetricSignalsStore({ strict: true });
    expect(() => strict.getState().applyDelta('User', 1, { chapterReadCount: 1 } as never)).toThrow(LiveMetricsError);
    const store = createMetricSignalsStore();
    for (const bad of [NaN, Infinity, -Infinity, '1', {}, null]) {
      expect(() => store.getState().applyDelta('Image', 1, { likeCount: 1, heartCount: bad } as never)).toThrow(LiveMetricsError);
    }
    expect(() => store.getState().applyDelta('Image', -1, { likeCount: 1 })).toThrow(/entityId must not be negative/);
    expect(store.getState().deltas).toEqual({});
  });
});

describe('meta on app calls', () => {
  it('{ seq, eventId } drop replays as applySignal does; unknown options throw; undefined fields are absent', () => {
    const store = createMetricSignalsStore();
    const { applyDelta, getDelta } = store.getState();
    applyDelta('Image', 1, { likeCount: 1 }, { seq: 1 });
    applyDelta('Image', 1, { likeCount: 1 }, { seq: 1 });
    applyDelta('Image', 1, { likeCount: 1 }, { eventId: 'e', seq: undefined });
    applyDelta('Image', 1, { likeCount: 1 }, { eventId: 'e' });
    expect(getDelta('Image', 1, 'likeCount')).toBe(2);
    expect(() => applyDelta('Image', 1, { likeCount: 1 }, { sequence: 2 } as never)).toThrow(/meta.sequence is not an option here/);
    expect(getDelta('Image', 1, 'likeCount')).toBe(2);
    const r = store.getState().applySnapshot('Image', 2, { likeCount: 5 }, { timestamp: undefined, version: 4 } as never);
    expect(r.applied).toBe(true);
  });

  it('{ mutationId } is an echo: it replaces the optimistic delta instead of adding to it', async () => {
    const store = createMetricSignalsStore();
    store.getState().setBase('Image', 3, { likeCount: 10 }, { version: 1 });
    void store.getState().mutate({ id: 'click-1', entityType: 'Image', entityId: 3, updates: { likeCount: 1 }, mutationFn: () => new Promise(() => {}) });
    expect(store.getState().getValue('Image', 3, 'likeCount')).toBe(11);
    store.getState().applyDelta('Image', 3, { likeCount: 1 }, { mutationId: 'click-1', seq: 2 });
    expect(store.getState().getValue('Image', 3, 'likeCount')).toBe(11);
    expect(store.getState().getPending('Image', 3)[0]?.state).toBe('confirmed');
  });
});

describe("the site's topic name", () => {
  it('topicFormat names every topic, on the transport and in getTopics', async () => {
    const store = createMetricSignalsStore({ topicFormat: 'Metric:{entityType}:{entityId}' });
    const t = fakeTransport();
    store.connect(t.transport);
    const release = store.acquireTopic('Image', 9);
    await Promise.resolve();
    expect(store.getTopics()).toEqual(['Metric:Image:9']);
    expect(t.log).toEqual(['+Metric:Image:9']);
    release();
    await Promise.resolve();
    expect(t.log).toEqual(['+Metric:Image:9', '-Metric:Image:9']);
    expect(() => createMetricSignalsStore({ topicFormat: 'Metric:{entityType}' })).toThrow(/topicFormat must contain \{entityId\}/);
  });
});

describe("the site's newer components", () => {
  it('<Metrics useLive={false}> renders initial unchanged and holds no topic; live, it does both', async () => {
    const store = createMetricSignalsStore();
    store.getState().applyDelta('Image', 1, { likeCount: 5 });
    function ImageReactions({ inView }: { inView: boolean | null }) {
      return (
        <Metrics entityType="Image" entityId={1} initial={{ likeCount: 10, heartCount: 0 }} useLive={inView !== false}>
          {(metrics) => <span data-testid="likes">{metrics.likeCount}</span>}
        </Metrics>
      );
    }
    const { rerender } = render(tree(store, <ImageReactions inView={false} />));
    await act(async () => {});
    expect(screen.getByTestId('likes').textContent).toBe('10');
    expect(store.getTopics()).toEqual([]);
    rerender(tree(store, <ImageReactions inView={true} />));
    await act(async () => {});
    expect(screen.getByTestId('likes').textContent).toBe('15');
    expect(store.getTopics()).toEqual(['metrics:Image:1']);
  });

  it('useMetricSubscription holds the topic with no DOM observer; useTopics lists what is held', async () => {
    const store = createMetricSignalsStore();
    function ModelVersionDetails({ id }: { id: number }) {
      useMetricSubscription('ModelVersion', id);
      const live = useLiveMetrics('ModelVersion', id, { downloadCount: 1, generationCount: 2 });
      return <span>{live.downloadCount}</span>;
    }
    function RegisteredTopics() {
      const topics = useTopics();
      return <ul data-testid="topics">{topics.map((t) => <li key={t}>{t}</li>)}</ul>;
    }
    const { unmount } = render(tree(store, <><ModelVersionDetails id={3} /><RegisteredTopics /></>));
    await act(async () => {});
    expect(screen.getByTestId('topics').textContent).toBe('metrics:ModelVersion:3');
    unmount();
    await act(async () => {});
    expect(store.getTopics()).toEqual([]);
  });

  it('the enabled switch: off, no topic held, hooks show the base, nothing sent; on again, all comes back', async () => {
    const store = createMetricSignalsStore({ enabled: false });
    const t = fakeTransport();
    store.connect(t.transport);
    store.getState().applyDelta('Post', 1, { commentCount: 4 });
    function PostCard() {
      const enabled = useLiveMetricsEnabled();
      const m = useLiveMetrics('Post', 1, { commentCount: 10 });
      return <span data-testid="post">{`${enabled ? 'on' : 'off'} ${m.commentCount}`}</span>;
    }
    render(tree(store, <PostCard />));
    await act(async () => {});
    expect(screen.getByTestId('post').textContent).toBe('off 10');
    expect(t.log).toEqual([]);
    expect(store.getTopics()).toEqual([]);
    t.deliver([{ type: 'metric:update', data: { entityType: 'Post', entityId: 1, commentCount: 1 } }]);
    expect(store.getState().getDelta('Post', 1, 'commentCount')).toBe(4); // not applied while off
    await act(async () => store.setEnabled(true));
    expect(screen.getByTestId('post').textContent).toBe('on 14');
    expect(t.log).toEqual(['+metrics:Post:1']);
    await act(async () => store.setEnabled(false));
    expect(t.log).toEqual(['+metrics:Post:1', '-metrics:Post:1']);
    expect(screen.getByTestId('post').textContent).toBe('off 10');
  });
});

describe('a changed-count signal for animation', () => {
  it('useMetricChange says when and by how much a count changed live, not when its base did', () => {
    const store = createMetricSignalsStore();
    const seen: { value: number; delta: number; changedAt: number | undefined }[] = [];
    function AnimatedLikes({ base }: { base: number }) {
      const c = useMetricChange('Image', 8, 'likeCount', base);
      seen.push(c);
      return <span data-testid="n" data-changed-at={c.changedAt ?? ''}>{c.value}</span>;
    }
    const { rerender } = render(tree(store, <AnimatedLikes base={10} />));
    expect(seen.at(-1)).toMatchObject({ value: 10, delta: 0, changedAt: undefined });
    act(() => store.getState().applyDelta('Image', 8, { likeCount: 3 }));
    expect(seen.at(-1)).toMatchObject({ value: 13, delta: 3 });
    expect(typeof seen.at(-1)?.changedAt).toBe('number');
    rerender(tree(store, <AnimatedLikes base={20} />));
    expect(seen.at(-1)).toMatchObject({ value: 23, delta: 0, changedAt: undefined }); // a new base is not a live change
  });

  it('useMetricChanges gives a card every metric and its last live change from one observer', () => {
    const store = createMetricSignalsStore();
    let last: { metrics: { likeCount: number; heartCount: number }; changes: Partial<Record<string, { delta: number }>> } | null = null;
    function Card() {
      last = useMetricChanges('Image', 9, { likeCount: 1, heartCount: 1 });
      return null;
    }
    render(tree(store, <Card />));
    act(() => store.getState().applyDelta('Image', 9, { heartCount: 2 }));
    expect(last!.metrics).toEqual({ likeCount: 1, heartCount: 3 });
    expect(last!.changes.heartCount?.delta).toBe(2);
    expect(last!.changes.likeCount).toBeUndefined();
  });
});
