// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, type MutationContext } from 'livemetrics';
import { LiveMetricsProvider, useOptimisticMetric, useRealTimeMetrics, type ExposeEndpoints } from 'livemetrics/react';

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

type Call = { name: string; args: unknown[]; ctx: MutationContext; resolve: (v: unknown) => void; reject: (e: unknown) => void };

function fakeEndpoints() {
  const calls: Call[] = [];
  const track =
    (name: string) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => calls.push({ name, args: args.slice(0, -1), ctx: args[args.length - 1] as MutationContext, resolve, reject }));
  const endpoints: Partial<ExposeEndpoints> = {
    vote: track('vote') as ExposeEndpoints['vote'],
    view: track('view') as ExposeEndpoints['view'],
    share: track('share') as ExposeEndpoints['share'],
    comment: track('comment') as ExposeEndpoints['comment'],
    metrics: vi.fn(async () => ({ metrics: { upvotes: 50, downvotes: 5, views: 100, comments: 3, shares: 1 }, version: 9 })),
  };
  return { calls, endpoints };
}

const initial = { views: 100, comments: 3, upvotes: 50, downvotes: 5, netVotes: 45, shares: 1 };

function Card({ endpoints, api }: { endpoints: Partial<ExposeEndpoints>; api: { current?: ReturnType<typeof useRealTimeMetrics> } }) {
  const r = useRealTimeMetrics({ exposeId: 1, initialMetrics: initial, endpoints, refreshIntervalMs: 5_000 });
  api.current = r;
  return (
    <p data-testid="m">
      {r.metrics.upvotes}/{r.metrics.downvotes}/{r.metrics.netVotes}/{r.metrics.views}/{String(r.isUpdating)}
    </p>
  );
}

function mount() {
  const store = createMetricSignalsStore();
  const { calls, endpoints } = fakeEndpoints();
  const api: { current?: ReturnType<typeof useRealTimeMetrics> } = {};
  const view = render(
    <LiveMetricsProvider store={store}>
      <Card endpoints={endpoints} api={api} />
    </LiveMetricsProvider>,
  );
  const text = () => screen.getByTestId('m').textContent;
  return { store, calls, endpoints, api, view, text };
}

describe('useRealTimeMetrics (seed 001)', () => {
  it('downvotes count as downvotes; netVotes is derived; each request carries its idempotency key', async () => {
    const { api, calls, text } = mount();
    let done!: Promise<boolean>;
    act(() => void (done = api.current!.updateVote('downvote')));
    expect(text()).toBe('50/6/44/100/true');
    await act(async () => {});
    expect(calls[0]?.name).toBe('vote');
    expect(calls[0]?.args).toEqual([1, 'downvote']);
    expect(typeof calls[0]?.ctx.mutationId).toBe('string');
    await act(async () => calls[0]?.resolve({ version: 1 }));
    expect(await done).toBe(true);
    expect(text()).toBe('50/6/44/100/false');
  });

  it('rapid upvotes never lose an increment', async () => {
    const { api, calls, text } = mount();
    act(() => {
      for (let i = 0; i < 5; i++) void api.current!.updateVote('upvote');
    });
    expect(text()).toBe('55/5/50/100/true');
    await act(async () => {});
    expect(new Set(calls.map((c) => c.ctx.mutationId)).size).toBe(5);
    await act(async () => calls.forEach((c) => c.resolve({})));
    expect(text()).toBe('55/5/50/100/false');
  });

  it('unmounting never cancels a write: a pending retry still runs', async () => {
    const { api, calls, view, store } = mount();
    act(() => void api.current!.updateShare());
    await act(async () => {});
    await act(async () => calls[0]?.reject(Object.assign(new Error('down'), { status: 503 })));
    view.unmount();
    await act(async () => vi.advanceTimersByTimeAsync(2000));
    expect(calls).toHaveLength(2);
    expect(calls[1]?.ctx.mutationId).toBe(calls[0]?.ctx.mutationId);
    await act(async () => calls[1]?.resolve({}));
    expect(store.getState().getValue('Expose' as never, 1, 'shares' as never)).toBeUndefined();
    expect(store.getState().getDelta('Expose' as never, 1, 'shares' as never)).toBe(1);
  });

  it('a view counts once per entity per browser session', async () => {
    const { api, calls } = mount();
    let first!: boolean;
    await act(async () => void api.current!.updateView().then((r) => (first = r)));
    await act(async () => calls[0]?.resolve({}));
    await act(async () => void api.current!.updateView());
    expect(calls.filter((c) => c.name === 'view')).toHaveLength(1);
    expect(first).toBe(true);
  });

  it('a failed vote rolls back only itself and resolves false', async () => {
    const { api, calls, text } = mount();
    let failed!: Promise<boolean>;
    act(() => {
      failed = api.current!.updateVote('upvote');
      void api.current!.updateVote('upvote');
    });
    await act(async () => {});
    await act(async () => calls[0]?.reject(Object.assign(new Error('invalid'), { status: 422 })));
    expect(await failed).toBe(false);
    expect(text()).toBe('51/5/46/100/true');
    await act(async () => calls[1]?.resolve({}));
    expect(text()).toBe('51/5/46/100/false');
  });

  it('periodic refresh waits while writes are pending, and never wipes them', async () => {
    const { api, calls, endpoints, text } = mount();
    act(() => void api.current!.updateVote('upvote'));
    await act(async () => vi.advanceTimersByTimeAsync(5_000));
    expect(endpoints.metrics).not.toHaveBeenCalled();
    await act(async () => api.current!.refreshMetrics());
    expect(text()).toBe('51/5/46/100/true');
    await act(async () => calls[0]?.resolve({ version: 10 }));
    await act(async () => vi.advanceTimersByTimeAsync(5_000));
    expect(endpoints.metrics).toHaveBeenCalledTimes(2);
  });
});

describe('useOptimisticMetric', () => {
  it('shows the write at once and reports its own updating state', async () => {
    const store = createMetricSignalsStore();
    const pending: ((v: unknown) => void)[] = [];
    let hook!: ReturnType<typeof useOptimisticMetric>;
    function Like() {
      hook = useOptimisticMetric('Image', 3, 'likeCount', 10, { mutationFn: () => new Promise((r) => pending.push(r)) });
      return <b data-testid="l">{hook.value}{hook.isUpdating ? '…' : ''}</b>;
    }
    render(
      <LiveMetricsProvider store={store}>
        <Like />
      </LiveMetricsProvider>,
    );
    let ok!: Promise<boolean>;
    act(() => void (ok = hook.mutate()));
    expect(screen.getByTestId('l').textContent).toBe('11…');
    await act(async () => {});
    await act(async () => pending[0]?.({}));
    expect(await ok).toBe(true);
    expect(screen.getByTestId('l').textContent).toBe('11');
  });
});
