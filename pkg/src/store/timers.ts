/**
 * The mutation driver's clocks: an attempt's timeout as an `AbortSignal`,
 * and backoff waits. Plain JS timers (they never needed to cross into wasm).
 */

/** setTimeout's range: [0, 2^31 − 1] ms. */
function clamp(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 2_147_483_647) : 0;
}

/** An `AbortSignal` that aborts after `ms`; `done()` cancels the timer once the attempt ended. */
export function timeoutSignal(ms: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), clamp(ms));
  return { signal: controller.signal, done: () => clearTimeout(timer) };
}

/** Resolves after `ms` (a backoff wait). */
export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, clamp(ms)));
}
