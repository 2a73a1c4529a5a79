// @vitest-environment jsdom
// The default notify mode ('auto') in a page: listeners, and so React, hear
// of changes once per animation frame; a key that moved and moved back
// within a frame renders nothing. Under React's act() it stays immediate.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore } from 'livemetrics';
import { LiveMetricsProvider, useLiveMetrics } from 'livemetrics/react';

type ActFlag = { IS_REACT_ACT_ENVIRONMENT?: boolean };
let frames: FrameRequestCallback[] = [];

/** Runs the frame callbacks queued so far, as the browser would at the next frame. */
function nextFrame() {
  const due = frames;
  frames = [];
  for (const cb of due) cb(performance.now());
}

/** Gives a wrong implementation the time to render early (nothing may change). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * Runs `fn` the way React's act() does — rendering and the effects that
 * subscribe all finish before it returns, however loaded the machine — and
 * then leaves the act environment again, so writes notify per frame.
 */
async function inAct(fn: () => void): Promise<void> {
  (globalThis as ActFlag).IS_REACT_ACT_ENVIRONMENT = true;
  await act(async () => fn());
  (globalThis as ActFlag).IS_REACT_ACT_ENVIRONMENT = false;
}

beforeEach(() => {
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
  (globalThis as ActFlag).IS_REACT_ACT_ENVIRONMENT = false;
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete (globalThis as ActFlag).IS_REACT_ACT_ENVIRONMENT;
});

describe("notify: 'auto' (the default) in a page", () => {
  it('renders each changed card once per frame, and a card that moved back not at all', async () => {
    const store = createMetricSignalsStore();
    const renders = new Map<number, number>();
    function Card({ id }: { id: number }) {
      renders.set(id, (renders.get(id) ?? 0) + 1);
      const m = useLiveMetrics('Image', id, { likeCount: 0, heartCount: 0 });
      return <p data-card={id}>{`${m.likeCount}/${m.heartCount}`}</p>;
    }
    const host = document.createElement('div');
    const root = createRoot(host);
    await inAct(() =>
      root.render(
        <LiveMetricsProvider store={store}>
          {[1, 2, 3].map((id) => (
            <Card key={id} id={id} />
          ))}
        </LiveMetricsProvider>,
      ),
    );
    expect([...renders.values()]).toEqual([1, 1, 1]);
    const text = (id: number) => host.querySelector(`[data-card="${id}"]`)?.textContent;

    // One task of stream: card 1 moves five times, card 2 up and back down.
    const { applyDelta, getDelta } = store.getState();
    for (let i = 0; i < 5; i++) applyDelta('Image', 1, { likeCount: 1 });
    applyDelta('Image', 2, { heartCount: 1 });
    applyDelta('Image', 2, { heartCount: -1 });
    expect(getDelta('Image', 1, 'likeCount')).toBe(5); // reads are current
    await settle();
    expect(text(1)).toBe('0/0'); // the page waits for the frame
    expect(frames).toHaveLength(1); // one frame requested for the whole burst

    await inAct(nextFrame);
    expect(text(1)).toBe('5/0');
    expect(Object.fromEntries(renders)).toEqual({ 1: 2, 2: 1, 3: 1 });
    await inAct(() => root.unmount());
  });

  it('keyed and whole-store listeners run once per frame', () => {
    const store = createMetricSignalsStore();
    const key = vi.fn();
    const whole = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', key);
    store.subscribe(whole);
    for (let i = 0; i < 3; i++) store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(key).not.toHaveBeenCalled();
    expect(whole).not.toHaveBeenCalled();
    nextFrame();
    expect(key).toHaveBeenCalledTimes(1);
    expect(key).toHaveBeenCalledWith(3, 0);
    expect(whole).toHaveBeenCalledTimes(1);
    nextFrame();
    expect(key).toHaveBeenCalledTimes(1);
  });

  it("is immediate under React's act environment (Testing Library sets it), decided per write", () => {
    const store = createMetricSignalsStore();
    const key = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', key);
    (globalThis as ActFlag).IS_REACT_ACT_ENVIRONMENT = true;
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(key).toHaveBeenCalledTimes(1);
    expect(frames).toHaveLength(0);
    (globalThis as ActFlag).IS_REACT_ACT_ENVIRONMENT = false;
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(key).toHaveBeenCalledTimes(1);
    nextFrame();
    expect(key).toHaveBeenCalledTimes(2);
  });

  it("'sync' keeps zustand's immediate listeners in a page", () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const key = vi.fn();
    store.subscribeKey('Image', 1, 'likeCount', key);
    store.getState().applyDelta('Image', 1, { likeCount: 1 });
    expect(key).toHaveBeenCalledTimes(1);
    expect(frames).toHaveLength(0);
  });
});

describe("the user's own writes under notify: 'auto'", () => {
  it('an optimistic mutate() notifies at once, while stream deltas wait for the frame', () => {
    const store = createMetricSignalsStore({ entityTypes: ['Expose'], metricTypes: ['upvotes'] });
    const key = vi.fn();
    store.subscribeKey('Expose' as never, 7, 'upvotes' as never, key);
    store.getState().applyDelta('Expose' as never, 7, { upvotes: 5 } as never);
    expect(key).not.toHaveBeenCalled();
    void store.getState().mutate({
      entityType: 'Expose' as never,
      entityId: 7,
      updates: { upvotes: 1 } as never,
      mutationFn: () => new Promise(() => {}),
    });
    // One flush for both: the pending stream delta and the click.
    expect(key).toHaveBeenCalledTimes(1);
    expect(key).toHaveBeenCalledWith(6, 0);
    expect(store.getState().isUpdating('Expose' as never, 7)).toBe(true);
  });
});
