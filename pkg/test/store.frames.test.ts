import { describe, expect, it, vi } from 'vitest';
import { createMetricSignalsStore, createWebSocketTransport } from 'livemetrics';

/** A socket the test feeds with frames, shaped as the engine sends them. */
class ScriptedSocket {
  static last: ScriptedSocket | null = null;
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    ScriptedSocket.last = this;
  }
  send() {}
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
}

const delta = (id: number, seq: number, likeCount: number) => ({
  type: 'metric:update',
  topic: `metrics:Image:${id}`,
  data: { entityType: 'Image', entityId: id, seq, eventId: `e-${id}-${seq}`, likeCount },
});

describe('frames into wasm as received', () => {
  it('a socket frame is read once, in wasm: no JSON.parse on the way to the store', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const transport = createWebSocketTransport({ url: 'ws://engine/ws', WebSocket: ScriptedSocket });
    store.connect(transport);
    ScriptedSocket.last?.open();
    const frame = JSON.stringify([delta(1, 1, 2), delta(2, 1, 1), delta(1, 2, 3)]);
    const parse = vi.spyOn(JSON, 'parse');
    ScriptedSocket.last?.onmessage?.({ data: frame });
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(5);
    expect(store.getState().getDelta('Image', 2, 'likeCount')).toBe(1);
    // A replayed frame counts nothing twice (seq and eventId dedupe).
    ScriptedSocket.last?.onmessage?.({ data: frame });
    expect(store.getState().getDelta('Image', 1, 'likeCount')).toBe(5);
    expect(store.getState().getStats().duplicatesDropped).toBe(3);
  });

  it("other message types reach the app's handlers, parsed only then", () => {
    const store = createMetricSignalsStore({ notify: 'sync', entityTypes: ['Project'], metricTypes: ['imageCount2'] });
    const transport = createWebSocketTransport({ url: 'ws://engine/ws', WebSocket: ScriptedSocket });
    const seen: unknown[] = [];
    store.connect(transport, {
      messages: {
        projectStatsUpdate: (d: { projectId: string; stats: Record<string, number>; timestamp: string }, s) => {
          seen.push(d.projectId);
          s.applySnapshot('Project' as never, d.projectId, d.stats, { timestamp: d.timestamp });
        },
      },
    });
    ScriptedSocket.last?.open();
    const frame = JSON.stringify([
      { type: 'welcome', data: { connectionId: 1 } },
      { type: 'projectStatsUpdate', topic: 'metrics:Project:p-1', data: { projectId: 'p-1', stats: { imageCount: 7 }, timestamp: '2026-12-01T00:00:00Z' } },
      delta(3, 1, 1),
    ]);
    ScriptedSocket.last?.onmessage?.({ data: frame });
    expect(seen).toEqual(['p-1']);
    expect(store.getState().getValue('Project' as never, 'p-1', 'imageCount')).toBe(7);
    expect(store.getState().getDelta('Image', 3, 'likeCount')).toBe(1);
  });

  it('applyFrames takes several frames in one call and never throws on junk', () => {
    const store = createMetricSignalsStore({ notify: 'sync' });
    const listener = vi.fn();
    store.subscribe(listener);
    store.getState().applyFrames([JSON.stringify([delta(9, 1, 1)]), JSON.stringify(delta(9, 2, 1)), '{"type":', 'null']);
    expect(listener).toHaveBeenCalledTimes(1); // one notification for the batch
    expect(store.getState().getDelta('Image', 9, 'likeCount')).toBe(2);
    expect(() => store.getState().applyFrames(undefined as never)).not.toThrow();
  });
});
