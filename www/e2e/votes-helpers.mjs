// Helpers for votes.test.mjs: which cards to click, clicking them all in one
// go, what the page must show right after, and matching clicks to the
// store's write records.

/** What each click does: its button and the delta it adds. */
export const KINDS = [
  { kind: 'upvote', button: (id) => `vote-up-${id}`, metric: 'upvotes' },
  { kind: 'downvote', button: (id) => `vote-down-${id}`, metric: 'downvotes' },
  { kind: 'comment', button: (id) => `comment-${id}`, metric: 'comments' },
  { kind: 'share', button: (id) => `share-${id}`, metric: 'shares' },
];
const METRIC = Object.fromEntries(KINDS.map((k) => [k.kind, k.metric]));

/** Ids of the Expose cards entirely in view (below the sticky header), in page order. */
export function visibleExposes(page) {
  return page.evaluate(() => {
    const top = document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
    return [...document.querySelectorAll('[data-card^="Expose:"]')]
      .filter((card) => {
        const r = card.getBoundingClientRect();
        return r.top >= top && r.bottom <= window.innerHeight;
      })
      .map((card) => Number(card.dataset.card.split(':')[1]));
  });
}

/** `rounds` × every kind × every id, interleaved: up 1, down 1, comment 1, share 1, up 2, … */
export function clickPlan(ids, rounds) {
  const plan = [];
  for (let r = 0; r < rounds; r++) for (const id of ids) for (const { kind } of KINDS) plan.push({ id, kind });
  return plan;
}

/**
 * Clicks every button of the plan in one task and reads the page's counts
 * just before and right after. React renders the store's change in a
 * microtask; a response can only arrive in a later task, so `after` shows
 * the clicks before any response was seen.
 */
export function clickAll(page, plan) {
  const buttons = plan.map(({ id, kind }) => KINDS.find((k) => k.kind === kind).button(id));
  return page.evaluate(async (testIds) => {
    const read = () => {
      const out = {};
      for (const el of document.querySelectorAll('[data-entity^="Expose:"][data-value]')) out[`${el.dataset.entity} ${el.dataset.metric}`] = Number(el.dataset.value);
      return out;
    };
    // The page shows stream deltas once per frame: catch it up first
    // (React commits in microtasks; no task, so no delta, runs in between).
    window.__livemetrics.flush();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    const before = read();
    for (const testId of testIds) document.querySelector(`[data-testid="${testId}"]`).click();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    const ids = [...new Set(testIds.map((t) => t.split('-').pop()))];
    const pending = ids.map((id) => document.querySelector(`[data-card="Expose:${id}"]`)?.dataset.pending);
    return { before, after: read(), pending };
  }, buttons);
}

/** The counts `before` plus every click's delta (and netVotes following the votes). */
export function expectedAfterClicks(before, plan) {
  const want = { ...before };
  for (const { id, kind } of plan) {
    want[`Expose:${id} ${METRIC[kind]}`] += 1;
    if (kind === 'upvote') want[`Expose:${id} netVotes`] += 1;
    if (kind === 'downvote') want[`Expose:${id} netVotes`] -= 1;
  }
  return want;
}

/**
 * Matches clicks to the store's write records (`window.__livemetrics.writes()`):
 * `made(id, kind)` takes one settled record of that click; `unmatched()`
 * lists clicks without one and records without a click.
 */
export function writesByClick(writes) {
  const left = writes.filter((w) => !('views' in w.updates));
  const missing = [];
  return {
    made(id, kind) {
      const metric = METRIC[kind];
      const i = left.findIndex((w) => w.entity === `Expose:${id}` && w.updates[metric] === 1 && (w.state === 'confirmed' || w.state === 'failed'));
      if (i < 0) missing.push(`no settled write for a ${kind} on Expose:${id}`);
      else left.splice(i, 1);
    },
    unmatched: () => [...missing, ...left.map((w) => `write ${w.id} on ${w.entity} (${JSON.stringify(w.updates)}, ${w.state}) has no click`)],
  };
}
