// Node ESM, no init call: import and use every entry point.
import assert from 'node:assert/strict';
import { useMetricSignalsStore, createMetricSignalsStore, ready } from 'livemetrics';
import { createStore } from 'livemetrics/vanilla';
import { useLiveMetrics, LiveMetric } from 'livemetrics/react';

await ready;
useMetricSignalsStore.getState().applyDelta('Image', 1, { Like: 2 });
assert.equal(useMetricSignalsStore.getState().getDelta('Image', 1, 'likeCount'), 2);
const vanilla = createStore();
assert.equal(vanilla.getState().applySignal({ entityType: 'Post', entityId: '9', commentCount: 1 }), true);
assert.equal(vanilla.getState().getDelta('Post', 9, 'commentCount'), 1);
assert.equal(typeof createMetricSignalsStore, 'function');
assert.equal(typeof useLiveMetrics, 'function');
assert.equal(typeof LiveMetric, 'function');
console.log('node ESM import: ok');
