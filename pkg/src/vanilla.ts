/**
 * `livemetrics/vanilla`: the store without React (Node services, workers,
 * other frameworks).
 */
export { ready } from './wasm/load.js';
export { createStore } from './store/create-store.js';
export { KeyObserver, type KeyObserverTarget, type MetricChange, type MetricValues, type Watermark } from './store/key-observer.js';
export { SelectionObserver } from './store/selection-observer.js';
export type { MetricSignalsStoreApi, SelectorSubscribeOptions, StatePatch, RegisterNames } from './store/api-types.js';
export { LiveMetricsError } from './store/errors.js';
export { MutationError } from './store/mutation-types.js';
export { createWebSocketTransport, type WebSocketTransport, type WebSocketTransportOptions } from './transports/websocket.js';
export { METRIC_UPDATE, type Transport, type TransportMessage, type TransportStatus } from './transports/types.js';
export { abbreviateNumber } from './format/abbreviate.js';
export type * from './types.js';
export { connectDevtools, type DevtoolsOptions, type DevtoolsExtension, type DevtoolsConnection } from './devtools/redux-devtools.js';
