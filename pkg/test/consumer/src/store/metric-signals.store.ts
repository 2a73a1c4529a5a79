// The seed's whole store file, replaced by one line.
export { useMetricSignalsStore } from 'livemetrics';
