// @vitest-environment jsdom
// The React layer is a thin adapter over the store's public observers: a
// re-render that changes nothing the card shows reads nothing from wasm.
import { act, cleanup, render, screen } from '@testing-library/react';
import { useCallback, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, type MetricSignalsState } from 'livemetrics';
import { LiveMetricsProvider, useLiveMetrics, useStore } from 'livemetrics/react';
import { CoreStore } from '../wasm/livemetrics.js';

afterEach(cleanup);

const READS = ['cellValue', 'cellDelta', 'projected', 'delta', 'cell', 'evictions', 'stats'] as const;

function countWasmReads(fn: () => void): number {
  const spies = READS.map((m) => vi.spyOn(CoreStore.prototype, m));
  fn();
  const n = spies.reduce((sum, s) => sum + s.mock.calls.length, 0);
  for (const s of spies) s.mockRestore();
  return n;
}

describe('renders that change nothing make no wasm call', () => {
  it('for useLiveMetrics and useStore when the parent re-renders with the same props', () => {
    const store = createMetricSignalsStore();
    let bump = () => {};
    function Card({ id }: { id: number }) {
      const m = useLiveMetrics('Image', id, { likeCount: 1, heartCount: 2 });
      const views = useStore(
        store,
        useCallback((s: MetricSignalsState) => s.getDelta('Image', id, 'viewCount'), [id]),
      );
      return <p data-testid={`c${id}`}>{`${m.likeCount}/${m.heartCount}/${views}`}</p>;
    }
    function Page() {
      const [n, setN] = useState(0);
      bump = () => setN(n + 1);
      return (
        <div data-n={n}>
          <Card id={1} />
          <Card id={2} />
        </div>
      );
    }
    render(
      <LiveMetricsProvider store={store}>
        <Page />
      </LiveMetricsProvider>,
    );
    act(() => store.getState().applyDelta('Image', 1, { likeCount: 1 }));
    expect(screen.getByTestId('c1').textContent).toBe('2/2/0');
    expect(countWasmReads(() => act(() => bump()))).toBe(0);
    expect(screen.getByTestId('c2').textContent).toBe('1/2/0');
    // A change reaches only the card that shows it, which reads its keys again.
    expect(countWasmReads(() => act(() => store.getState().applyDelta('Image', 2, { heartCount: 1 })))).toBeGreaterThan(0);
    expect(screen.getByTestId('c2').textContent).toBe('1/3/0');
  });
});
