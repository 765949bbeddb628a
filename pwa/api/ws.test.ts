import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RealtimeClient, type RealtimeEvent } from './ws';

class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

const store = new Map<string, string>();

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.instances = [];
  store.clear();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('window', { addEventListener: vi.fn(), removeEventListener: vi.fn() });
  vi.stubGlobal('location', { protocol: 'https:', host: 'school.lan' });
  vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function client() {
  const events: RealtimeEvent[] = [];
  const resets: number[] = [];
  const doubts: number[] = [];
  const c = new RealtimeClient({
    storageKey: 'seq.u1',
    onEvent: (e) => events.push(e),
    onReset: () => resets.push(1),
    onSessionInDoubt: () => doubts.push(1),
  });
  return { c, events, resets, doubts };
}

describe('realtime client', () => {
  it('says hello with the stored lastSeq, stores the seq of every handled event, ignores replays', () => {
    store.set('seq.u1', '7');
    const { c, events } = client();
    c.start();
    const ws = FakeSocket.instances[0]!;
    expect(ws.url).toBe('wss://school.lan/api/ws');
    ws.open();
    expect(ws.sent[0]).toEqual({ type: 'hello', lastSeq: 7 });
    ws.receive({ type: 'event', seq: 8, topic: 'user:u1', name: 'inbox.created', data: {}, at: 'x' });
    ws.receive({ type: 'event', seq: 8, topic: 'user:u1', name: 'inbox.created', data: {}, at: 'x' });
    ws.receive({ type: 'welcome', lastSeq: 8 });
    expect(events.map((e) => e.seq)).toEqual([8]);
    expect(store.get('seq.u1')).toBe('8');
    c.stop();
  });

  it('refetches state after the first welcome when it had no position to resume from', () => {
    const { c, resets } = client();
    c.start();
    const ws = FakeSocket.instances[0]!;
    ws.open();
    expect(ws.sent[0]).toEqual({ type: 'hello', lastSeq: null });
    ws.receive({ type: 'welcome', lastSeq: 12 });
    expect(resets).toEqual([1]); // events 1..12 may have happened after the page loaded its data
    ws.close(1006);
    vi.advanceTimersByTime(60_000);
    const again = FakeSocket.instances[1]!;
    again.open();
    expect(again.sent[0]).toEqual({ type: 'hello', lastSeq: 12 });
    again.receive({ type: 'welcome', lastSeq: 12 });
    expect(resets).toEqual([1]); // resumed by replay: no refetch needed
    c.stop();
  });

  it('two pages of one user on one device each handle every event', () => {
    const a = client();
    const b = client();
    a.c.start();
    b.c.start();
    const [wa, wb] = FakeSocket.instances as [FakeSocket, FakeSocket];
    wa.open();
    wb.open();
    wa.receive({ type: 'welcome', lastSeq: 3 });
    wb.receive({ type: 'welcome', lastSeq: 3 });
    const event = { type: 'event', seq: 4, topic: 'user:u1', name: 'inbox.read', data: {}, at: 'x' };
    wa.receive(event);
    wb.receive(event);
    expect(a.events).toHaveLength(1);
    expect(b.events).toHaveLength(1);
    expect(store.get('seq.u1')).toBe('4');
    a.c.stop();
    b.c.stop();
  });

  it('handles reset, unsequenced notices and pings every 25 s', () => {
    const { c, events, resets } = client();
    c.start();
    const ws = FakeSocket.instances[0]!;
    ws.open();
    expect(ws.sent[0]).toEqual({ type: 'hello', lastSeq: null });
    ws.receive({ type: 'reset' });
    ws.receive({ type: 'welcome', lastSeq: 40 });
    ws.receive({ type: 'event', seq: 0, topic: 'session', name: 'session.revoked', data: { sessionId: 's' } });
    expect(resets).toHaveLength(1);
    expect(events.map((e) => e.name)).toEqual(['session.revoked']);
    expect(store.get('seq.u1')).toBe('40');
    vi.advanceTimersByTime(25_000);
    expect(ws.sent.at(-1)).toEqual({ type: 'ping' });
    c.stop();
  });

  it('reconnects with back-off and doubts the session after repeated failures or a revoked close', () => {
    const { c, doubts } = client();
    c.start();
    FakeSocket.instances[0]!.close(1006);
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1]!.close(1006);
    vi.advanceTimersByTime(2_000);
    FakeSocket.instances[2]!.close(1006);
    expect(doubts).toHaveLength(1);
    vi.advanceTimersByTime(4_000);
    FakeSocket.instances[3]!.open();
    FakeSocket.instances[3]!.close(4001);
    expect(doubts).toHaveLength(2);
    c.stop();
  });

  it('passes frames that are not events to onFrame and sends frames only while open', () => {
    const frames: unknown[] = [];
    const events: RealtimeEvent[] = [];
    const c = new RealtimeClient({ storageKey: 'seq.u1', onEvent: (e) => events.push(e), onReset: () => undefined, onFrame: (f) => frames.push(f) });
    c.start();
    const ws = FakeSocket.instances[0]!;
    expect(c.sendFrame({ type: 'meeting', op: 'ping', reqId: '1' })).toBe(false);
    ws.open();
    expect(c.sendFrame({ type: 'meeting', op: 'ping', reqId: '2' })).toBe(true);
    expect(ws.sent).toContainEqual({ type: 'meeting', op: 'ping', reqId: '2' });
    expect(ws.sent).not.toContainEqual({ type: 'meeting', op: 'ping', reqId: '1' });
    ws.receive({ type: 'meeting', meetingId: 'm1', op: 'ok', reqId: '2' });
    ws.receive({ type: 'pong' });
    ws.receive({ type: 'welcome', lastSeq: 0 });
    expect(frames).toEqual([{ type: 'meeting', meetingId: 'm1', op: 'ok', reqId: '2' }]);
    expect(events).toHaveLength(0);
    c.stop();
  });
});
