// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';
import { fakeTransport } from './helpers/fake-transport';
import {
  LiveMetricsProvider,
  MetricSubscriptionProvider,
  useLiveMetrics,
  useMetricSubscriptionContext,
  withMetricSubscription,
} from 'livemetrics/react';

/** A controllable IntersectionObserver: tests say which elements are in view. */
class FakeObserver {
  static instances: FakeObserver[] = [];
  readonly targets = new Set<Element>();
  constructor(
    readonly callback: (entries: { target: Element; isIntersecting: boolean }[]) => void,
    readonly options: { rootMargin?: string },
  ) {
    FakeObserver.instances.push(this);
  }
  observe(el: Element) {
    this.targets.add(el);
  }
  unobserve(el: Element) {
    this.targets.delete(el);
  }
  disconnect() {
    this.targets.clear();
  }
  static show(el: Element, visible: boolean) {
    for (const o of FakeObserver.instances) if (o.targets.has(el)) o.callback([{ target: el, isIntersecting: visible }]);
  }
}

beforeEach(() => {
  FakeObserver.instances = [];
  (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = FakeObserver;
});
afterEach(() => {
  cleanup();
  delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
});

function ModelCardBase({ id, downloads }: { id: number; downloads: number }) {
  const { isSubscribed } = useMetricSubscriptionContext();
  const live = useLiveMetrics('Model', id, { downloadCount: downloads });
  return (
    <div data-testid={`model-${id}`} data-subscribed={String(isSubscribed)}>
      {live.downloadCount}
    </div>
  );
}
const ModelCard = withMetricSubscription(ModelCardBase, 'Model');

describe('in-view subscription', () => {
  it('subscribes only while in view; off-screen cards still show base + deltas', async () => {
    const store = createMetricSignalsStore();
    const { transport, log } = fakeTransport();
    store.connect(transport);
    const wrap = (ui: ReactNode) => <LiveMetricsProvider store={store}>{ui}</LiveMetricsProvider>;
    render(wrap(<><ModelCard id={1} downloads={10} /><ModelCard id={2} downloads={20} /></>));
    await act(async () => {});
    expect(log).toEqual([]);
    expect(FakeObserver.instances).toHaveLength(1);
    expect(FakeObserver.instances[0]?.options.rootMargin).toBe('200px');
    const card1 = screen.getByTestId('model-1').parentElement as Element;
    await act(async () => FakeObserver.show(card1, true));
    expect(log).toEqual(['+metrics:Model:1']);
    expect(screen.getByTestId('model-1').dataset.subscribed).toBe('true');
    act(() => store.getState().applyDelta('Model', 1, { downloadCount: 5 }));
    await act(async () => FakeObserver.show(card1, false));
    expect(log).toEqual(['+metrics:Model:1', '-metrics:Model:1']);
    // Scrolled away, the card keeps base + delta: no jump when it comes back.
    expect(screen.getByTestId('model-1').textContent).toBe('15');
    act(() => store.getState().applyDelta('Model', 2, { downloadCount: 1 }));
    expect(screen.getByTestId('model-2').textContent).toBe('21');
  });

  it('a custom rootMargin gets its own shared observer', async () => {
    const store = createMetricSignalsStore();
    render(
      <LiveMetricsProvider store={store}>
        <MetricSubscriptionProvider entityType="Post" entityId={1} rootMargin="50px">x</MetricSubscriptionProvider>
        <MetricSubscriptionProvider entityType="Post" entityId={2} rootMargin="50px">y</MetricSubscriptionProvider>
      </LiveMetricsProvider>,
    );
    expect(FakeObserver.instances).toHaveLength(1);
    expect(FakeObserver.instances[0]?.options.rootMargin).toBe('50px');
    expect(FakeObserver.instances[0]?.targets.size).toBe(2);
  });

  it('without IntersectionObserver everything counts as visible', async () => {
    delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
    const store = createMetricSignalsStore();
    render(
      <LiveMetricsProvider store={store}>
        <ModelCard id={9} downloads={1} />
      </LiveMetricsProvider>,
    );
    await act(async () => {});
    expect(store.getTopics()).toEqual(['metrics:Model:9']);
  });
});
