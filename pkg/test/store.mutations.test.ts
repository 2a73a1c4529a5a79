// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, MutationError, type MutationContext } from 'livemetrics';

const names = { entityTypes: ['Expose'], metricTypes: ['views', 'comments', 'upvotes', 'downvotes', 'shares'] };

function setup(options: Parameters<typeof createMetricSignalsStore>[0] = {}) {
  const store = createMetricSignalsStore({ ...names, ...options });
  store.getState().setBase('Expose' as never, 7, { upvotes: 10, downvotes: 2 } as never, { version: 100 });
  const up = () => store.getState().getValue('Expose' as never, 7, 'upvotes' as never);
  const down = () => store.getState().getValue('Expose' as never, 7, 'downvotes' as never);
  return { store, up, down };
}

/** A request the test resolves or fails by hand. */
function deferred() {
  const calls: { ctx: MutationContext; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const fn = (ctx: MutationContext) => new Promise((resolve, reject) => calls.push({ ctx, resolve, reject }));
  return { fn, calls };
}

const vote = (id: number, fn: (ctx: MutationContext) => Promise<unknown>, metric = 'upvotes') => ({
  entityType: 'Expose' as never,
  entityId: id,
  updates: { [metric]: 1 } as never,
  mutationFn: fn,
});

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => vi.useRealTimers());

describe('optimistic mutations: one test per flaw of the shipped versions', () => {
  it('rapid clicks never lose increments (relative deltas, not absolute values from stale state)', async () => {
    const { store, up } = setup();
    const { fn, calls } = deferred();
    const all = Array.from({ length: 5 }, () => store.getState().mutate(vote(7, fn)));
    expect(up()).toBe(15);
    await vi.advanceTimersByTimeAsync(0);
    calls.forEach((c) => c.resolve({ ok: true }));
    await Promise.all(all);
    expect(up()).toBe(15);
    expect(store.getState().hasOptimisticUpdates('Expose' as never, 7)).toBe(false);
  });

  it('concurrent operations each have their own updating state (no shared isUpdating flag)', async () => {
    const { store } = setup();
    const { fn, calls } = deferred();
    const a = store.getState().mutate(vote(7, fn, 'upvotes'));
    const b = store.getState().mutate(vote(7, fn, 'shares'));
    await vi.advanceTimersByTimeAsync(0);
    const s = () => store.getState();
    expect(s().isUpdating('Expose' as never, 7, 'upvotes' as never)).toBe(true);
    expect(s().isUpdating('Expose' as never, 7, 'shares' as never)).toBe(true);
    calls[0]?.resolve({});
    await a;
    expect(s().isUpdating('Expose' as never, 7, 'upvotes' as never)).toBe(false);
    expect(s().isUpdating('Expose' as never, 7, 'shares' as never)).toBe(true);
    calls[1]?.resolve({});
    await b;
  });

  it('refresh never wipes in-flight records (no flicker)', async () => {
    const { store, up } = setup();
    const { fn, calls } = deferred();
    const p = store.getState().mutate(vote(7, fn));
    await vi.advanceTimersByTimeAsync(0);
    store.getState().setBase('Expose' as never, 7, { upvotes: 20 } as never, { version: 105 });
    expect(up()).toBe(21);
    calls[0]?.resolve({ version: 106 });
    await p;
    expect(up()).toBe(21);
  });

  it('retries reuse the idempotency key and follow the backoff', async () => {
    const { store, up } = setup();
    const ids: string[] = [];
    let n = 0;
    const fn = async (ctx: MutationContext) => {
      ids.push(ctx.mutationId);
      if (++n < 3) throw Object.assign(new Error('unavailable'), { status: 503 });
      return { version: 101 };
    };
    const p = store.getState().mutate({ ...vote(7, fn), retry: { jitter: false } });
    await vi.advanceTimersByTimeAsync(999);
    expect(ids).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ids).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    await p;
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(up()).toBe(11);
  });

  it('a timeout really rolls back: the request is aborted, retried, then the record undone and reconciled', async () => {
    const refetch = vi.fn(async () => ({ values: { upvotes: 10 }, version: 100 }));
    const { store, up } = setup({ refetch });
    const signals: AbortSignal[] = [];
    const fn = (ctx: MutationContext) => {
      signals.push(ctx.signal);
      return new Promise(() => {});
    };
    const p = store.getState().mutate({ ...vote(7, fn), timeoutMs: 1000, retry: { retries: 1, jitter: false } });
    const settled = p.catch((e: unknown) => e);
    expect(up()).toBe(11);
    await vi.advanceTimersByTimeAsync(1000);
    expect(signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000 + 1000);
    const error = await settled;
    expect(error).toBeInstanceOf(MutationError);
    expect(up()).toBe(10);
    await vi.advanceTimersByTimeAsync(0);
    expect(refetch).toHaveBeenCalledWith('Expose', 7);
  });

  it('4xx are final: rolled back at once, not retried', async () => {
    const { store, up } = setup();
    const fn = vi.fn(async () => {
      throw Object.assign(new Error('invalid'), { status: 422 });
    });
    await expect(store.getState().mutate(vote(7, fn))).rejects.toThrow(/failed after 1 attempt/);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(up()).toBe(10);
  });

  it('429 honours Retry-After', async () => {
    const { store } = setup();
    let n = 0;
    const fn = vi.fn(async () => {
      if (n++ === 0) throw Object.assign(new Error('slow down'), { status: 429, retryAfterMs: 5000 });
      return {};
    });
    const p = store.getState().mutate(vote(7, fn));
    await vi.advanceTimersByTimeAsync(4999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('echo suppression is by mutation id, never by user id', async () => {
    const { store, up } = setup();
    const { fn, calls } = deferred();
    const p = store.getState().mutate({ ...vote(7, fn), id: 'mine' });
    await vi.advanceTimersByTimeAsync(0);
    // Our echo arrives before the response: it replaces the optimistic vote.
    store.getState().applySignal({ entityType: 'Expose', entityId: 7, seq: 101, mutationId: 'mine', userId: 1, upvotes: 1 });
    expect(up()).toBe(11);
    // The same user's vote from another tab has no record here: it counts.
    store.getState().applySignal({ entityType: 'Expose', entityId: 7, seq: 102, mutationId: 'other-tab', userId: 1, upvotes: 1 });
    expect(up()).toBe(12);
    calls[0]?.resolve({ version: 101 });
    await p;
    expect(up()).toBe(12);
  });

  it('absolute values in the response replace the optimistic delta', async () => {
    const { store, up } = setup();
    await store.getState().mutate(vote(7, async () => ({ version: 110, metrics: { upvotes: 42, lastUpdated: 'x' } })));
    expect(up()).toBe(42);
  });

  it('a write confirmed without its version is reconciled, never counted again by a later versioned base', async () => {
    // The server had it at version 101 (10 + this click); the response said nothing more.
    const refetch = vi.fn(async () => ({ values: { upvotes: 11 }, version: 101 }));
    const { store, up } = setup({ refetch, notify: 'sync' });
    await store.getState().mutate(vote(7, async () => ({})));
    expect(up()).toBe(11);
    expect(store.getState().isStale('Expose' as never, 7)).toBe(true); // a versioned base could not tell
    await vi.runAllTimersAsync();
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(up()).toBe(11); // the refetched base has it once
    expect(store.getState().isStale('Expose' as never, 7)).toBe(false);
    store.getState().applySignal({ entityType: 'Expose', entityId: 7, seq: 102, upvotes: 1 });
    expect(up()).toBe(12);
  });

  it('a response that lands before the timeout is read whole, even if its body is slow', async () => {
    const { store, up } = setup();
    const body = { version: 101, metrics: { upvotes: 11 } };
    // Like fetch's: the headers are in, the body streams for 3 s and an abort cuts it off.
    const slowResponse = (signal: AbortSignal) => ({
      ok: true,
      status: 200,
      json: () =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(body), 3_000);
          signal.addEventListener('abort', () => (clearTimeout(t), reject(new DOMException('aborted', 'AbortError'))));
        }),
    });
    const done = store.getState().mutate({ ...vote(7, async (ctx) => slowResponse(ctx.signal)), timeoutMs: 2_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(store.getState().getPending('Expose' as never, 7)[0]).toMatchObject({ state: 'confirmed', attempts: 1 });
    expect(up()).toBe(11);
    expect(store.getState().isStale('Expose' as never, 7)).toBe(false); // the version was read
  });

  it('offline pauses attempts; they resume on online', async () => {
    const { store, up } = setup();
    const fn = vi.fn(async () => ({}));
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    const p = store.getState().mutate(vote(7, fn));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fn).not.toHaveBeenCalled();
    expect(up()).toBe(11);
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true });
    window.dispatchEvent(new Event('online'));
    await p;
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('named mutations survive a reload and resume with the same id', async () => {
    const first = setup({ persistKey: 'reload' });
    const { fn, calls } = deferred();
    first.store.registerMutation('vote', (_vars, ctx) => fn(ctx));
    void first.store.getState().mutate({ ...vote(7, undefined as never), mutationFn: undefined, mutation: 'vote', variables: { voteType: 'upvote' }, id: 'm-9' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    // The page reloads before the response: a new store, same storage.
    const second = setup({ persistKey: 'reload' });
    expect(second.up()).toBe(11);
    const seen: string[] = [];
    second.store.registerMutation('vote', async (vars, ctx) => {
      seen.push(`${ctx.mutationId}:${JSON.stringify(vars)}`);
      return { version: 101 };
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['m-9:{"voteType":"upvote"}']);
    expect(second.store.getState().getPending('Expose' as never, 7).map((m) => m.state)).toEqual(['confirmed']);
    expect(localStorage.getItem('reload:mutations')).toBeNull();
  });

  it('bad input is a clear error and changes nothing', () => {
    const { store, up } = setup();
    const s = store.getState();
    expect(() => s.mutate({ ...vote(7, async () => ({})), updates: { upvotes: NaN } as never })).toThrow(/mutate: updates.upvotes must be a finite number/);
    expect(() => s.mutate({ ...vote(7, async () => ({})), mutationFn: undefined })).toThrow(/mutationFn is required/);
    expect(() => s.mutate({ ...vote(7, async () => ({})), mutation: 'nope' })).toThrow(/no function is registered as "nope"/);
    expect(() => s.mutate({ ...vote(7, async () => ({})), retry: { factor: 0 } })).toThrow(/mutate: retry must have/);
    void s.mutate({ ...vote(7, async () => ({})), id: 'x' });
    expect(() => s.mutate({ ...vote(7, async () => ({})), id: 'x' })).toThrow(/"x" is already in use/);
    expect(up()).toBe(11);
  });
});
