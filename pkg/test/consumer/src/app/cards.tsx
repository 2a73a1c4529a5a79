// Seed 000's integration examples (steps 6, 8, 9, 11, 12) against livemetrics/react.
import {
  LiveMetric,
  MetricSubscriptionProvider,
  useLiveMetric,
  useLiveMetrics,
  useMetricSignal,
  useMetricSignalsListener,
  useMetricSubscriptionContext,
  withMetricSubscription,
} from 'livemetrics/react';
import { abbreviateNumber, createWebSocketTransport, useMetricSignalsStore, type MetricEntityType, type MetricUpdatePayload } from 'livemetrics';

type ModelCardData = { id: number; rank?: { downloadCount?: number; collectedCount?: number; thumbsUpCount?: number; commentCount?: number; tippedAmountCount?: number } };

function ModelCardContent({ data }: { data: ModelCardData }) {
  const liveRank = useLiveMetrics('Model', data.id, {
    downloadCount: data.rank?.downloadCount ?? 0,
    collectedCount: data.rank?.collectedCount ?? 0,
    thumbsUpCount: data.rank?.thumbsUpCount ?? 0,
    commentCount: data.rank?.commentCount ?? 0,
    tippedAmountCount: data.rank?.tippedAmountCount ?? 0,
  });
  const { isSubscribed } = useMetricSubscriptionContext();
  return (
    <div data-live={isSubscribed}>
      <span>{abbreviateNumber(liveRank.downloadCount)}</span>
      <span>{liveRank.tippedAmountCount}</span>
    </div>
  );
}

export function ModelCard({ data }: { data: ModelCardData }) {
  return (
    <MetricSubscriptionProvider entityType="Model" entityId={data.id}>
      <ModelCardContent data={data} />
    </MetricSubscriptionProvider>
  );
}

export function Reactions({ entityType, entityId, metrics }: { entityType: MetricEntityType; entityId: number; metrics?: { likeCount?: number; heartCount?: number } }) {
  const liveMetrics = useLiveMetrics(entityType, entityId, {
    likeCount: metrics?.likeCount ?? 0,
    dislikeCount: 0,
    heartCount: metrics?.heartCount ?? 0,
    laughCount: 0,
    cryCount: 0,
  });
  return <span>{liveMetrics.likeCount + liveMetrics.heartCount}</span>;
}

export function ModelDetail({ model }: { model: { id: number; rank: { downloadCount: number } } }) {
  useMetricSignal('Model', model.id);
  const downloadCount = useLiveMetric('Model', model.id, 'downloadCount', model.rank.downloadCount);
  return (
    <div>
      {downloadCount}
      <LiveMetric entityType="Model" entityId={model.id} metricType="downloadCount" baseValue={model.rank.downloadCount} className="x" />
    </div>
  );
}

function ModelCardBase(props: { id: number; name: string }) {
  return <div>{props.name}</div>;
}
export const HocModelCard = withMetricSubscription(ModelCardBase, 'Model');

const transport = createWebSocketTransport({ url: 'ws://127.0.0.1:8080/ws' });
export function SignalsRegistrar() {
  useMetricSignalsListener(transport);
  return null;
}

// The store API from outside React, as a service worker bridge would use it.
const payload: MetricUpdatePayload = { likeCount: 1 };
useMetricSignalsStore.getState().applyDelta('Image', 12345, payload);
useMetricSignalsStore.getState().clearDelta('Image', 12345);
useMetricSignalsStore.subscribe(
  (state) => state.getDelta('Image', 12345, 'likeCount'),
  (delta, previous) => console.log(delta - previous),
  { fireImmediately: true, equalityFn: Object.is },
);
const record: Readonly<Record<string, number>> = useMetricSignalsStore.getState().deltas;
void record;
