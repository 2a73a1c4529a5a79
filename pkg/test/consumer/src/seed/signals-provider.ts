// Stand-ins for the site's own SignalR infrastructure, which the seed's hooks call.
export function useSignalTopic(_topic: string | undefined): void {}
export function useSignalConnection<T>(_message: string, _handler: (payload: T) => void): void {}
export enum SignalMessages {
  MetricUpdate = 'metric:update',
}
export enum SignalTopic {
  Metric = 'metrics',
}
