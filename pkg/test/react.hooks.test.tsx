// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, useEffect, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, type UseMetricSignalsStore } from 'livemetrics';
import { fakeTransport } from './helpers/fake-transport';
import { LiveMetric, LiveMetricsProvider, useLiveMetric, useLiveMetrics, useMetricSignal, useMetricSignalsListener } from 'livemetrics/react';

afterEach(cleanup);

function setup(strict = false) {
  const store = createMetricSignalsStore();
  const wrap = (ui: ReactNode) => {
    const tree = <LiveMetricsProvider store={store}>{ui}</LiveMetricsProvider>;
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
  return { store, wrap };
}

const renders: Record<string, number> = {};
function Card({ id, base }: { id: number; base: number }) {
  renders[id] = (renders[id] ?? 0) + 1;
  const m = useLiveMetrics('Image', id, { likeCount: base, heartCount: 10 });
  return (
    <div data-testid={`card-${id}`}>
      {m.likeCount}/{m.heartCount}
    </div>
  );
}

describe('React hooks', () => {
  it('useLiveMetric shows base + delta and follows changes', () => {
    const { store, wrap } = setup(true);
    function Count() {
      return <span data-testid="n">{useLiveMetric('Model', 7, 'downloadCount', 100)}</span>;
    }
    render(wrap(<Count />));
    expect(screen.getByTestId('n').textContent).toBe('100');
    act(() => store.getState().applyDelta('Model', 7, { downloadCount: 5 }));
    expect(screen.getByTestId('n').textContent).toBe('105');
  });

  it('a delta to card A re-renders A only', () => {
    const { store, wrap } = setup();
    for (const k of Object.keys(renders)) delete renders[k];
    render(wrap(<>{[1, 2, 3].map((id) => <Card key={id} id={id} base={id * 100} />)}</>));
    expect(renders).toEqual({ 1: 1, 2: 1, 3: 1 });
    act(() => store.getState().applyDelta('Image', 2, { likeCount: 1 }));
    expect(renders).toEqual({ 1: 1, 2: 2, 3: 1 });
    expect(screen.getByTestId('card-2').textContent).toBe('201/10');
    act(() => store.getState().applyDelta('Image', 2, { viewCount: 1 }));
    act(() => store.getState().applyDelta('Image', 99, { likeCount: 1 }));
    expect(renders).toEqual({ 1: 1, 2: 2, 3: 1 });
  });

  it('useLiveMetrics returns the same object while values are unchanged', () => {
    const { store, wrap } = setup();
    const seen: object[] = [];
    function Probe({ tick }: { tick: number }) {
      const m = useLiveMetrics('Image', 1, { likeCount: 5, tippedAmountCount: 3 } as { likeCount: number });
      seen.push(m);
      return <span data-testid="p">{tick}:{JSON.stringify(m)}</span>;
    }
    const { rerender } = render(wrap(<Probe tick={0} />));
    rerender(wrap(<Probe tick={1} />));
    expect(seen[1]).toBe(seen[0]);
    act(() => store.getState().applyDelta('Image', 1, { Like: 2 }));
    expect(seen[seen.length - 1]).not.toBe(seen[0]);
    // Keys the store doesn't know pass through as their base value.
    expect(screen.getByTestId('p').textContent).toBe('1:{"likeCount":7,"tippedAmountCount":3}');
  });

  it("the seed's selector hooks work and re-render only for their keys", () => {
    const { store, wrap } = setup();
    const counts = { single: 0, multi: 0, action: 0 };
    function Single() {
      counts.single++;
      const delta = store((state) => state.getDelta('Image', 1, 'likeCount'));
      return <span data-testid="single">{delta}</span>;
    }
    function Multi() {
      counts.multi++;
      // As seed 000 writes it: a selector building a fresh object each call.
      const deltas = store((state) => {
        const result: Record<string, number> = {};
        for (const metricType of ['likeCount', 'heartCount'] as const) result[metricType] = state.getDelta('Image', 2, metricType);
        return result;
      });
      return <span data-testid="multi">{JSON.stringify(deltas)}</span>;
    }
    function Action() {
      counts.action++;
      const applyDelta = store((state) => state.applyDelta);
      return <button onClick={() => applyDelta('Image', 2, { heartCount: 1 })}>go</button>;
    }
    render(wrap(<><Single /><Multi /><Action /></>));
    act(() => store.getState().applyDelta('Image', 1, { likeCount: 1 }));
    expect(counts).toEqual({ single: 2, multi: 1, action: 1 });
    act(() => screen.getByText('go').click());
    expect(counts).toEqual({ single: 2, multi: 2, action: 1 });
    expect(screen.getByTestId('multi').textContent).toBe('{"likeCount":0,"heartCount":1}');
    expect(screen.getByTestId('single').textContent).toBe('1');
  });

  it('LiveMetric abbreviates, takes span attributes, and can render as another element', () => {
    const { store, wrap } = setup();
    render(wrap(<><LiveMetric data-testid="a" entityType="Model" entityId={1} metricType="downloadCount" baseValue={1199} className="n" /><LiveMetric data-testid="b" as="strong" entityType="Model" entityId={1} metricType="downloadCount" baseValue={1199} abbreviate={false} /></>));
    expect(screen.getByTestId('a').textContent).toBe('1.1k');
    expect(screen.getByTestId('a').className).toBe('n');
    act(() => store.getState().applyDelta('Model', 1, { downloadCount: 1 }));
    expect(screen.getByTestId('a').textContent).toBe('1.2k');
    expect(screen.getByTestId('b').tagName).toBe('STRONG');
    expect(screen.getByTestId('b').textContent).toBe('1200');
  });

  it('useMetricSignal holds the topic while mounted, once even in StrictMode', async () => {
    const { store, wrap } = setup(true);
    const { transport, log } = fakeTransport();
    store.connect(transport);
    function Detail({ id }: { id: number }) {
      useMetricSignal('Model', id);
      return null;
    }
    const { rerender, unmount } = render(wrap(<Detail id={1} />));
    await act(async () => {});
    expect(log).toEqual(['+metrics:Model:1']);
    rerender(wrap(<Detail id={2} />));
    await act(async () => {});
    expect(log).toEqual(['+metrics:Model:1', '-metrics:Model:1', '+metrics:Model:2']);
    unmount();
    await act(async () => {});
    expect(log[log.length - 1]).toBe('-metrics:Model:2');
    expect(store.getTopics()).toEqual([]);
  });

  it('useMetricSignalsListener feeds transport messages into the UI', async () => {
    const { wrap } = setup();
    const { transport, deliver, log } = fakeTransport();
    function App() {
      useMetricSignalsListener(transport);
      return <span data-testid="n">{useLiveMetric('Image', 3, 'heartCount', 0)}</span>;
    }
    render(wrap(<App />));
    await act(async () => {});
    expect(log).toEqual(['+metrics:Image:3']);
    act(() => deliver([{ type: 'metric:update', data: { entityType: 'Image', entityId: 3, Heart: 2 } }]));
    expect(screen.getByTestId('n').textContent).toBe('2');
  });

  it('the bound hook with no selector returns the state and follows changes', () => {
    const { store, wrap } = setup();
    function Whole({ s }: { s: UseMetricSignalsStore }) {
      const state = s();
      return <span data-testid="w">{Object.keys(state.deltas).length}</span>;
    }
    render(wrap(<Whole s={store} />));
    act(() => store.getState().applyDelta('Post', 1, { commentCount: 1 }));
    act(() => store.getState().applyDelta('Post', 2, { commentCount: 1 }));
    expect(screen.getByTestId('w').textContent).toBe('2');
  });

  it('an equalityFn keeps the previous selection', () => {
    const { store, wrap } = setup();
    let renderCount = 0;
    function Parity() {
      renderCount++;
      const p = store((s) => ({ even: s.getDelta('Image', 1, 'likeCount') % 2 === 0 }), (a, b) => a.even === b.even);
      return <span>{String(p.even)}</span>;
    }
    render(wrap(<Parity />));
    act(() => store.getState().applyDelta('Image', 1, { likeCount: 2 }));
    expect(renderCount).toBe(1);
    act(() => store.getState().applyDelta('Image', 1, { likeCount: 1 }));
    expect(renderCount).toBe(2);
  });

  it('hooks with an undefined entity id render the base and subscribe nothing', async () => {
    const { store, wrap } = setup();
    function Maybe({ id }: { id?: number }) {
      return <span data-testid="m">{useLiveMetric('Image', id, 'likeCount', 4)}</span>;
    }
    render(wrap(<Maybe />));
    await act(async () => {});
    expect(screen.getByTestId('m').textContent).toBe('4');
    expect(store.getTopics()).toEqual([]);
  });

  it('state updates from effects do not loop', () => {
    const { store, wrap } = setup();
    function Writer() {
      const [n, setN] = useState(0);
      const v = useLiveMetric('Image', 1, 'likeCount');
      useEffect(() => {
        if (n < 3) {
          store.getState().applyDelta('Image', 1, { likeCount: 1 });
          setN(n + 1);
        }
      }, [n]);
      return <span data-testid="v">{v}</span>;
    }
    render(wrap(<Writer />));
    expect(screen.getByTestId('v').textContent).toBe('3');
    expect(vi.isMockFunction(store.getState)).toBe(false);
  });
});
