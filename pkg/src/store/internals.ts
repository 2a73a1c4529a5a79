/** The runtime behind a store, for the React bindings (not public API). */
import type { StoreRuntime } from './runtime.js';

const runtimes = new WeakMap<object, StoreRuntime>();

export function setInternals(api: object, rt: StoreRuntime): void {
  runtimes.set(api, rt);
}

export function internalsOf(api: object): StoreRuntime {
  const rt = runtimes.get(api);
  if (!rt) throw new TypeError('livemetrics: not a store created by createMetricSignalsStore');
  return rt;
}
