import { describe, expect, it } from 'vitest';
import type { RoomFeed, RoomParticipant } from '../../../../server/modules/meetings/meetings.signal.dto';
import {
  activeSpeaker,
  audioPids,
  classifyQuality,
  computeView,
  diffView,
  smoothQuality,
  gridPage,
  gridShape,
  layerForWidth,
  pageCount,
  speakerStrip,
  type TalkHistory,
} from './room.view';

function person(n: number, extra: Partial<RoomParticipant> = {}): RoomParticipant {
  return {
    pid: `p${n}`,
    userId: `u${n}`,
    name: `P${n}`,
    role: 'attendee',
    audio: true,
    video: true,
    hand: false,
    handAt: null,
    talking: false,
    device: 'desktop',
    joinedAt: `2026-11-29T10:00:${String(n).padStart(2, '0')}Z`,
    ...extra,
  };
}
function camera(n: number, simulcast = true): RoomFeed {
  return {
    feedId: 100 + n,
    pid: `p${n}`,
    source: 'camera',
    streams: [
      { mid: '0', type: 'audio', simulcast: false },
      { mid: '1', type: 'video', simulcast },
    ],
  };
}
const quiet: TalkHistory = { last: {}, now: new Set() };

describe('grid paging', () => {
  it('uses 1×2/2×2 on phones and up to 3×3 on desktops', () => {
    expect(gridShape(1, true)).toEqual({ cols: 1, rows: 1 });
    expect(gridShape(2, true)).toEqual({ cols: 1, rows: 2 });
    expect(gridShape(7, true)).toEqual({ cols: 2, rows: 2 });
    expect(gridShape(2, false)).toEqual({ cols: 2, rows: 1 });
    expect(gridShape(4, false)).toEqual({ cols: 2, rows: 2 });
    expect(gridShape(30, false)).toEqual({ cols: 3, rows: 3 });
    expect(pageCount(10, false)).toBe(2);
    expect(pageCount(9, true)).toBe(3);
  });

  it('puts me first, the rest by join time, and clamps the page', () => {
    const ps = [person(3), person(1), person(2), person(4), person(5)];
    expect(gridPage(ps, 'p4', 0, true)).toEqual(['p4', 'p1', 'p2', 'p3']);
    expect(gridPage(ps, 'p4', 1, true)).toEqual(['p5']);
    expect(gridPage(ps, 'p4', 9, true)).toEqual(['p5']);
  });
});

describe('speaker layout', () => {
  it('shows whoever talks now, else who talked last, never myself while others are there', () => {
    const ps = [person(1), person(2), person(3)];
    expect(activeSpeaker(ps, 'p1', quiet)).toBe('p2');
    expect(activeSpeaker(ps, 'p1', { last: { p3: 5, p2: 3, p1: 9 }, now: new Set() })).toBe('p3');
    expect(activeSpeaker(ps, 'p1', { last: { p3: 5, p2: 7 }, now: new Set(['p3']) })).toBe('p3');
    expect(activeSpeaker([person(1)], 'p1', quiet)).toBe('p1');
  });

  it('fills the strip with me and then the most recent talkers', () => {
    const ps = [person(1), person(2), person(3), person(4)];
    expect(speakerStrip(ps, 'p1', 'p2', { last: { p4: 10, p3: 2 }, now: new Set() }, 3)).toEqual(['p1', 'p4', 'p3']);
  });
});

describe('audio last-N', () => {
  it('takes the presenter, then current and recent talkers, then others with the mic on, never me or muted people', () => {
    const ps = [person(1), person(2), person(3, { audio: false }), person(4), person(5), person(6), person(7)];
    const talk: TalkHistory = { last: { p5: 10, p6: 20, p3: 30 }, now: new Set(['p5']) };
    expect(audioPids(ps, 'p1', 'p7', talk, 4)).toEqual(['p7', 'p5', 'p6', 'p2']);
    expect(audioPids(ps, 'p1', null, quiet, 2)).toEqual(['p2', 'p4']);
  });
});

describe('computeView', () => {
  const ps = [person(1), person(2), person(3, { video: false }), person(4)];
  const feeds = [camera(1), camera(2), camera(3), camera(4, false), { feedId: 900, pid: 'p4', source: 'screen' as const, streams: [{ mid: '0', type: 'video' as const, simulcast: true }] }];

  it('asks for the video of visible tiles at the layer that fits, the audio of talkers and the screen share', () => {
    const view = computeView({
      participants: ps,
      feeds,
      selfPid: 'p1',
      presenter: 'p4',
      talk: quiet,
      tiles: [
        { pid: 'p1', width: 700 },
        { pid: 'p2', width: 700 },
        { pid: 'p3', width: 200 },
        { pid: 'p4', width: 200 },
      ],
      screenWidth: 1000,
      audioN: 2,
    });
    expect(view).toEqual([
      { feedId: 102, mid: '0' },
      { feedId: 102, mid: '1', layer: 'h' },
      { feedId: 104, mid: '0' },
      { feedId: 104, mid: '1' },
      { feedId: 900, mid: '0', layer: 'h' },
    ]);
  });

  it('drops streams of people who leave the screen', () => {
    const view = computeView({ participants: ps, feeds, selfPid: 'p1', presenter: null, talk: quiet, tiles: [{ pid: 'p2', width: 330 }], screenWidth: 0, audioN: 0 });
    expect(view).toEqual([{ feedId: 102, mid: '1', layer: 'm' }]);
    expect(layerForWidth(639)).toBe('m');
    expect(layerForWidth(100)).toBe('l');
  });
});

describe('diffView', () => {
  it('sends a view when the set changes, a layer request when only layers change, nothing otherwise', () => {
    const a = [{ feedId: 1, mid: '1', layer: 'h' as const }, { feedId: 1, mid: '0' }];
    expect(diffView(null, a)).toEqual({ kind: 'view', streams: a });
    expect(diffView(a, [{ feedId: 1, mid: '0' }, { feedId: 1, mid: '1', layer: 'h' }])).toEqual({ kind: 'none' });
    expect(diffView(a, [{ feedId: 1, mid: '1', layer: 'l' }, { feedId: 1, mid: '0' }])).toEqual({ kind: 'layer', streams: [{ feedId: 1, mid: '1', layer: 'l' }] });
    expect(diffView(a, [{ feedId: 1, mid: '0' }])).toEqual({ kind: 'view', streams: [{ feedId: 1, mid: '0' }] });
  });
});

describe('classifyQuality', () => {
  it('grades round-trip time, loss and a starved uplink', () => {
    expect(classifyQuality({ rtt: 0.02, loss: 0, outgoingBitrate: 2_000_000, sendingVideo: true })).toBe('good');
    expect(classifyQuality({ rtt: 0.2, loss: 0, outgoingBitrate: null, sendingVideo: false })).toBe('ok');
    expect(classifyQuality({ rtt: 0.02, loss: 0, outgoingBitrate: 100_000, sendingVideo: true })).toBe('ok');
    expect(classifyQuality({ rtt: 0.02, loss: 0, outgoingBitrate: 100_000, sendingVideo: false })).toBe('good');
    expect(classifyQuality({ rtt: 0.05, loss: 0.12, outgoingBitrate: null, sendingVideo: false })).toBe('poor');
    expect(classifyQuality({ rtt: 0.6, loss: null, outgoingBitrate: null, sendingVideo: false })).toBe('poor');
  });

  it('ignores a single spike: the median of the last samples decides', () => {
    const ok = { rtt: 0.02, loss: 0, outgoingBitrate: 900_000, sendingVideo: true };
    const spike = { rtt: 2.0, loss: 0.99, outgoingBitrate: 300_000, sendingVideo: true };
    expect(classifyQuality(smoothQuality([ok, spike, ok]))).toBe('good');
    expect(classifyQuality(smoothQuality([ok, spike, spike]))).toBe('poor');
    expect(smoothQuality([{ rtt: null, loss: null, outgoingBitrate: null, sendingVideo: false }, ok])).toEqual({ rtt: 0.02, loss: 0, outgoingBitrate: 900_000, sendingVideo: true });
  });
});
