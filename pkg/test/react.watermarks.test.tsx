// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';
import { LiveMetricsProvider, useLiveMetric, useLiveMetrics } from 'livemetrics/react';

afterEach(cleanup);

const seqDelta = (seq: number) => ({ entityType: 'Image', entityId: 1, seq, likeCount: 1 });

function Card({ likes, version }: { likes: number; version: number }) {
  const m = useLiveMetrics('Image', 1, { likeCount: likes, heartCount: 0 }, { version });
  return <span data-testid="likes">{m.likeCount}</span>;
}

describe('hooks with watermarked bases', () => {
  it('a card whose base is refetched never double counts', async () => {
    const store = createMetricSignalsStore();
    for (let seq = 1; seq <= 5; seq++) store.getState().applySignal(seqDelta(seq));
    const ui = (likes: number, version: number) => (
      <StrictMode>
        <LiveMetricsProvider store={store}>
          <Card likes={likes} version={version} />
        </LiveMetricsProvider>
      </StrictMode>
    );
    // Base read at version 3 (includes seqs 1..3): first paint is already exact.
    const { rerender } = render(ui(103, 3));
    expect(screen.getByTestId('likes').textContent).toBe('105');
    await act(async () => {});
    expect(store.getState().getValue('Image', 1, 'likeCount')).toBe(105);
    // Refetched at version 5: 105 includes everything; nothing is added twice.
    rerender(ui(105, 5));
    expect(screen.getByTestId('likes').textContent).toBe('105');
    await act(async () => {});
    act(() => void store.getState().applySignal(seqDelta(6)));
    expect(screen.getByTestId('likes').textContent).toBe('106');
    // A stale prop (an old cached response) loses to the store's newer base.
    rerender(ui(101, 2));
    expect(screen.getByTestId('likes').textContent).toBe('106');
  });

  it('useLiveMetric takes asOf tokens', async () => {
    const store = createMetricSignalsStore();
    const s = store.getState();
    s.applySignal({ entityType: 'Post', entityId: 4, viewCount: 10 });
    const token = s.markRefetch('Post', 4);
    s.applySignal({ entityType: 'Post', entityId: 4, viewCount: 1 });
    function Views() {
      return <span data-testid="views">{useLiveMetric('Post', 4, 'viewCount', 500, { asOf: token })}</span>;
    }
    render(
      <LiveMetricsProvider store={store}>
        <Views />
      </LiveMetricsProvider>,
    );
    // 500 includes the 10 received before the token; the later 1 is added.
    expect(screen.getByTestId('views').textContent).toBe('501');
    await act(async () => {});
    expect(store.getState().getValue('Post', 4, 'viewCount')).toBe(501);
  });

  it('without a watermark, a base the store holds (from a snapshot) wins over the prop', () => {
    const store = createMetricSignalsStore();
    store.getState().applySnapshot('Post', 1, { commentCount: 42 }, { timestamp: 1 });
    function Comments() {
      return <span data-testid="c">{useLiveMetric('Post', 1, 'commentCount', 7)}</span>;
    }
    render(
      <LiveMetricsProvider store={store}>
        <Comments />
      </LiveMetricsProvider>,
    );
    expect(screen.getByTestId('c').textContent).toBe('42');
    act(() => void store.getState().applySnapshot('Post', 1, { commentCount: 43 }, { timestamp: 2 }));
    expect(screen.getByTestId('c').textContent).toBe('43');
  });
});
