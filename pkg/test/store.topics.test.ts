import { describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';
import { fakeTransport } from './helpers/fake-transport';

const tick = () => Promise.resolve();

describe('topics and transports', () => {
  it('topics are refcounted: subscribe on 0→1, unsubscribe on 1→0', async () => {
    const store = createMetricSignalsStore();
    const { transport, log } = fakeTransport();
    store.connect(transport);
    const r1 = store.acquireTopic('Image', 5);
    await tick();
    const r2 = store.acquireTopic('Image', 5);
    await tick();
    expect(log).toEqual(['+metrics:Image:5']);
    r1();
    r1();
    await tick();
    expect(log).toEqual(['+metrics:Image:5']);
    r2();
    await tick();
    expect(log).toEqual(['+metrics:Image:5', '-metrics:Image:5']);
    expect(store.getTopics()).toEqual([]);
  });

  it('release and re-acquire in the same tick (StrictMode) never reaches the transport', async () => {
    const store = createMetricSignalsStore();
    const { transport, log } = fakeTransport();
    store.connect(transport);
    const release = store.acquireTopic('Model', 'abc');
    await tick();
    release();
    const again = store.acquireTopic('Model', 'abc');
    await tick();
    expect(log).toEqual(['+metrics:Model:abc']);
    again();
  });

  it('connecting later subscribes the held topics; disconnecting unsubscribes them', async () => {
    const store = createMetricSignalsStore();
    store.acquireTopic('Image', 1);
    store.acquireTopic('Post', 2);
    const { transport, log } = fakeTransport();
    const disconnect = store.connect(transport);
    expect(log.sort()).toEqual(['+metrics:Image:1', '+metrics:Post:2']);
    disconnect();
    expect(log.filter((l) => l.startsWith('-')).sort()).toEqual(['-metrics:Image:1', '-metrics:Post:2']);
  });

  it('metric:update messages are applied, one notification per frame; other messages ignored', () => {
    const store = createMetricSignalsStore();
    const { transport, deliver } = fakeTransport();
    store.connect(transport);
    const l = vi.fn();
    store.subscribe(l);
    deliver([
      { type: 'metric:update', topic: 'metrics:Image:1', data: { entityType: 'Image', entityId: 1, Like: 1 } },
      { type: 'metric:update', topic: 'metrics:Image:1', data: { entityType: 'Image', entityId: 1, updates: { likeCount: 2 } } },
      { type: 'welcome', data: { connectionId: 1 } },
      { type: 'metric:update', data: 'garbage' },
    ]);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(3);
    expect(l).toHaveBeenCalledTimes(1);
    expect(store.getState().getStats()).toMatchObject({ signalsApplied: 2, signalsRejected: 1 });
  });

  it('after disconnect, messages no longer reach the store', () => {
    const store = createMetricSignalsStore();
    const { transport, deliver, handlers } = fakeTransport();
    store.connect(transport)();
    expect(handlers.size).toBe(0);
    deliver([{ type: 'metric:update', data: { entityType: 'Image', entityId: 1, likeCount: 1 } }]);
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(0);
  });
});
