// Timing helpers shared by the Node and the browser harness: medians, and
// rounds that run every contender once per round in a rotating order, so
// a noisy moment on the machine hits all of them alike.

export const now = () => performance.now();

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** A full collection when the runtime exposes one (`node --expose-gc`). */
export function collect() {
  globalThis.gc?.();
}

/**
 * Runs `runs` timed rounds (after one untimed warm-up round when `warmup`).
 * Each task is `{ id, run(round) → sample }`, a sample being
 * `{ ms, ops, ...extra }`. Returns `{ [id]: sample[] }`.
 */
export async function rounds(tasks, runs, { warmup = true, onRound } = {}) {
  const samples = Object.fromEntries(tasks.map((t) => [t.id, []]));
  for (let r = warmup ? -1 : 0; r < runs; r++) {
    const offset = Math.max(r, 0) % tasks.length;
    for (let k = 0; k < tasks.length; k++) {
      const task = tasks[(k + offset) % tasks.length];
      collect();
      const sample = await task.run(r);
      if (r >= 0) samples[task.id].push(sample);
    }
    if (r >= 0) onRound?.(r);
  }
  return samples;
}

/** Median time per operation (ns) of a task's samples. */
export const nsPerOp = (samples) => median(samples.map((s) => (s.ms * 1e6) / s.ops));

/**
 * The ratio of two tasks measured side by side: the median over rounds of
 * (time per op of `a`) / (time per op of `b`). Above 1: `a` is slower.
 */
export function pairedRatio(a, b) {
  const n = Math.min(a.length, b.length);
  const r = [];
  for (let i = 0; i < n; i++) r.push((a[i].ms / a[i].ops) / (b[i].ms / b[i].ops));
  return median(r);
}

/** Summarises a task's samples for the report. */
export function summary(samples) {
  return {
    runs: samples.length,
    ops: samples[0]?.ops,
    medianMs: median(samples.map((s) => s.ms)),
    nsPerOp: nsPerOp(samples),
    samplesMs: samples.map((s) => +s.ms.toFixed(3)),
  };
}
