// Names registered at run time are typed by augmenting the registries.
import { createMetricSignalsStore } from 'livemetrics';

declare module 'livemetrics' {
  interface RegisteredEntityTypes {
    Project: true;
  }
  interface RegisteredMetricTypes {
    segmentedCount: true;
  }
}

export const projects = createMetricSignalsStore({ entityTypes: ['Project'], metricTypes: ['segmentedCount'] });
projects.getState().applyDelta('Project', 'project-123', { segmentedCount: 1 });
// @ts-expect-error: an unregistered metric name is a type error.
projects.getState().applyDelta('Project', 'project-123', { segmentedCont: 1 });
