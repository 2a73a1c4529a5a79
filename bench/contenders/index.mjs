// Every contender, and the livemetrics codes the typed-array streams use.
import { createMetricSignalsStore } from 'livemetrics';
import { ENTITY_TYPE, METRICS } from '../config.mjs';
import bareMap from './bare-map.mjs';
import legend from './legend-state.mjs';
import lmBatch from './livemetrics-batch.mjs';
import lmCall from './livemetrics-call.mjs';
import numericMap from './numeric-map.mjs';
import preact from './preact-signals.mjs';
import seed from './seed-store.mjs';

export const contenders = { seed, bareMap, numericMap, legend, preact, lmCall, lmBatch };

/** livemetrics' codes for the stream's entity type and metrics (`store.codes`). */
export function livemetricsCodes() {
  const { codes } = createMetricSignalsStore();
  return { type: codes.entityType(ENTITY_TYPE), metrics: METRICS.map((m) => codes.metric(m)) };
}
