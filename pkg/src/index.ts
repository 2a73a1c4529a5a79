/**
 * `livemetrics`: drop-in for the seed's `src/store/metric-signals.store.ts`:
 *
 * ```ts
 * export { useMetricSignalsStore } from 'livemetrics';
 * ```
 */
export * from './vanilla.js';
export { createMetricSignalsStore, type UseMetricSignalsStore } from './bound-store.js';
export { useMetricSignalsStore } from './default-store.js';
export { useStore } from './react/use-store.js';
