import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketTransport, type TransportMessage } from 'livemetrics';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;

describe('WebSocket transport', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('batches topic changes into one frame per tick and sends held topics on open', async () => {
    const t = createWebSocketTransport({ url: 'ws://x/ws', WebSocket: FakeSocket });
    expect(t.status).toBe('connecting');
    t.subscribe('metrics:Image:1');
    last().open();
    expect(t.status).toBe('open');
    expect(last().sent).toEqual([{ type: 'subscribe', topics: ['metrics:Image:1'] }]);
    t.subscribe('metrics:Image:2');
    t.subscribe('metrics:Image:3');
    t.unsubscribe('metrics:Image:3');
    t.unsubscribe('metrics:Image:1');
    await Promise.resolve();
    expect(last().sent.slice(1)).toEqual([
      { type: 'subscribe', topics: ['metrics:Image:2'] },
      { type: 'unsubscribe', topics: ['metrics:Image:3', 'metrics:Image:1'] },
    ]);
  });

  it('delivers arrays and single messages; counts undecodable frames', () => {
    const t = createWebSocketTransport({ url: 'ws://x/ws', WebSocket: FakeSocket });
    const got: TransportMessage[][] = [];
    t.onMessage((m) => got.push([...m]));
    last().open();
    last().receive([{ type: 'metric:update', data: { a: 1 } }, { type: 'welcome', data: {} }]);
    last().receive({ type: 'metric:update', data: { b: 2 } });
    last().receive('{not json');
    last().receive([1, null, { nope: true }]);
    expect(got.map((g) => g.length)).toEqual([2, 1]);
    expect(t.stats).toMatchObject({ frames: 4, messages: 3, badFrames: 1 });
  });

  it('reconnects with backoff and re-sends every held topic', () => {
    const statuses: string[] = [];
    const t = createWebSocketTransport({ url: 'ws://x/ws', WebSocket: FakeSocket, reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    t.onStatus((s) => statuses.push(s));
    t.subscribe('metrics:Image:1');
    t.subscribe('metrics:Post:9');
    last().open();
    last().drop();
    expect(t.status).toBe('reconnecting');
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', topics: ['metrics:Image:1', 'metrics:Post:9'] }]);
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
    expect(t.stats.reconnects).toBe(1);
  });

  it('close() stops reconnecting', () => {
    const t = createWebSocketTransport({ url: 'ws://x/ws', WebSocket: FakeSocket });
    last().open();
    t.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(t.status).toBe('closed');
  });
});
