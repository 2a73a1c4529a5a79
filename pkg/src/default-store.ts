/** The default store, as the seed's `src/store/metric-signals.store.ts` exported it. */
import { createMetricSignalsStore } from './bound-store.js';

export const useMetricSignalsStore = createMetricSignalsStore();
