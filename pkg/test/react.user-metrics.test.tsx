// @vitest-environment jsdom
// Seed 002's creator profile, written the way its frontend uses the hook:
// `useUserMetrics(userId, base)` beside the cards of the content the user
// owns. Derived figures move in the same render as the content delta.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricSignalsStore, LiveMetricsError, type UseMetricSignalsStore } from 'livemetrics';
import { LiveMetricsProvider, useLiveMetrics, useUserMetrics, type UserMetricsBase } from 'livemetrics/react';

afterEach(cleanup);

/** Each render's (model downloads, owner engagement) pair, to prove they never disagree. */
const frames: [number, number][] = [];

function CreatorProfile({ userId, base }: { userId: number; base: UserMetricsBase }) {
  const m = useUserMetrics(userId, base);
  return (
    <dl data-testid={`user-${userId}`}>
      {(['followerCount', 'followingCount', 'uploadCount', 'modelCount', 'postCount', 'imageCount', 'engagementScore', 'rank'] as const).map((k) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd data-testid={`${userId}-${k}`}>{m[k]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A model card and its owner's score in one component: both values are read in one render. */
function ModelWithOwner({ modelId, userId }: { modelId: number; userId: number }) {
  const model = useLiveMetrics('Model', modelId, { downloadCount: 0 });
  const owner = useUserMetrics(userId);
  frames.push([model.downloadCount, owner.engagementScore]);
  return <span data-testid="pair">{`${model.downloadCount}/${owner.engagementScore}`}</span>;
}

const text = (id: string) => screen.getByTestId(id).textContent;

function mount(store: UseMetricSignalsStore, ui: React.ReactNode) {
  return render(<LiveMetricsProvider store={store}>{ui}</LiveMetricsProvider>);
}

describe('useUserMetrics (seed 002 creator profile)', () => {
  it('renders the server base, then moves live with the owned content', () => {
    const store = createMetricSignalsStore();
    store.getState().setOwners('Model', [
      [7, 42],
      [8, 42],
    ]);
    store.getState().setOwner('Image', 'img-1', 42);
    mount(store, <CreatorProfile userId={42} base={{ followerCount: 100, uploadCount: 3, modelCount: 2, engagementScore: 50 }} />);
    expect(text('42-followerCount')).toBe('100');
    expect(text('42-engagementScore')).toBe('50');

    // Default weights: download 1, generation 2, heart 0.5, comment 1.5, other 0.1.
    act(() => store.getState().applyDelta('Model', 7, { downloadCount: 2, generationCount: 1 }));
    expect(text('42-engagementScore')).toBe('54');
    act(() => store.getState().applyDelta('Image', 'img-1', { heartCount: 2, commentCount: 2, likeCount: 10 }));
    expect(text('42-engagementScore')).toBe(String(54 + 1 + 3 + 1));
    // Content nobody owns earns nobody anything.
    act(() => store.getState().applyDelta('Model', 99, { downloadCount: 1000 }));
    expect(text('42-engagementScore')).toBe('59');
  });

  it('a derived value is visible in the same render as the entity delta that moved it', () => {
    frames.length = 0;
    const store = createMetricSignalsStore();
    store.getState().setOwner('Model', 7, 42);
    mount(store, <ModelWithOwner modelId={7} userId={42} />);
    for (let i = 0; i < 5; i++) act(() => store.getState().applyDelta('Model', 7, { downloadCount: 1 }));
    expect(text('pair')).toBe('5/5');
    expect(frames.length).toBeGreaterThan(5);
    // Every render saw both or neither: downloads and score (weight 1) always equal.
    for (const [downloads, score] of frames) expect(score).toBe(downloads);
  });

  it('follows count once per eventId, and unfollows take them back', () => {
    const store = createMetricSignalsStore();
    mount(
      store,
      <>
        <CreatorProfile userId={42} base={{ followerCount: 10 }} />
        <CreatorProfile userId={5} base={{ followingCount: 1 }} />
      </>,
    );
    act(() => store.getState().applyFollow(5, 42, 1, { eventId: 'follow-1' }));
    act(() => store.getState().applyFollow(5, 42, 1, { eventId: 'follow-1' })); // a replay
    expect(text('42-followerCount')).toBe('11');
    expect(text('5-followingCount')).toBe('2');
    act(() => store.getState().applyFollow(6, 42, 1));
    act(() => store.getState().applyFollow(5, 42, -1, { eventId: 'unfollow-1' }));
    expect(text('42-followerCount')).toBe('11');
    expect(text('5-followingCount')).toBe('1');
  });

  it('counts each upload once, per content type', () => {
    const store = createMetricSignalsStore();
    mount(store, <CreatorProfile userId={42} base={{ uploadCount: 3, imageCount: 1 }} />);
    act(() => {
      store.getState().recordUpload('Image', 9, 42);
      store.getState().recordUpload('Image', 9, 42); // the same upload reported twice
      store.getState().recordUpload('Model', 70, 42);
      store.getState().recordUpload('Post', 11, 42);
    });
    expect(text('42-uploadCount')).toBe('6');
    expect(text('42-imageCount')).toBe('2');
    expect(text('42-modelCount')).toBe('1');
    expect(text('42-postCount')).toBe('1');
    // An upload owns its entity: its reactions earn the uploader.
    act(() => store.getState().applyDelta('Image', 9, { commentCount: 2 }));
    expect(text('42-engagementScore')).toBe('3');
  });

  it('ranks among the creators the page holds, and a moved entity takes its earnings along', () => {
    const store = createMetricSignalsStore();
    store.getState().setOwner('Model', 1, 42);
    store.getState().setOwner('Model', 2, 43);
    mount(
      store,
      <>
        <CreatorProfile userId={42} base={{}} />
        <CreatorProfile userId={43} base={{}} />
      </>,
    );
    act(() => store.getState().applyDelta('Model', 1, { downloadCount: 5 }));
    act(() => store.getState().applyDelta('Model', 2, { downloadCount: 3 }));
    expect([text('42-rank'), text('43-rank')]).toEqual(['1', '2']);
    act(() => store.getState().applyDelta('Model', 2, { generationCount: 2 }));
    expect([text('42-rank'), text('43-rank')]).toEqual(['2', '1']);
    // Ownership of Model 2 moves to 42: what it earned (3 + 4) moves too.
    act(() => store.getState().setOwner('Model', 2, 42));
    expect([text('42-engagementScore'), text('43-engagementScore')]).toEqual(['12', '0']);
    expect([text('42-rank'), text('43-rank')]).toEqual(['1', '2']);
  });

  it('honours configured weights', () => {
    const store = createMetricSignalsStore({ engagementWeights: { downloadCount: 3, other: 0 } });
    store.getState().setOwner('Model', 7, 42);
    mount(store, <CreatorProfile userId={42} base={{}} />);
    act(() => store.getState().applyDelta('Model', 7, { downloadCount: 2, likeCount: 100 }));
    expect(text('42-engagementScore')).toBe('6');
  });

  it('bad input throws naming the field, and the store is unchanged and keeps working', () => {
    const store = createMetricSignalsStore();
    store.getState().setOwner('Model', 7, 42);
    const before = store.getState().deltas;
    expect(() => store.getState().setOwner('Model', 8, -1)).toThrow(LiveMetricsError);
    expect(() => store.getState().setOwner('Model', 8, -1)).toThrow(/userId|owners\[0\]/);
    expect(() => store.getState().applyFollow(5, 42, 'one' as never)).toThrow(/delta/);
    expect(() => createMetricSignalsStore({ engagementWeights: { downloadCount: 'x' as never } })).toThrow(/engagementWeights\.downloadCount/);
    expect(store.getState().deltas).toBe(before);
    store.getState().applyDelta('Model', 7, { downloadCount: 1 });
    expect(store.getState().getDelta('User', 42, 'engagementScore')).toBe(1);
  });
});
