// The SFU seam: the meeting room talks to this interface only, so another engine (or a pool of Janus hosts)
// can replace the one local Janus without touching the room logic. All ids are the SFU's own numbers.
import type { Jsep, SubStream } from '../meetings.signal.dto.js';

export interface SfuStatus {
  state: 'unavailable' | 'starting' | 'up' | 'down' | 'stopped';
  detail: string | null;
  pid: number | null;
  restarts: number;
  generation: number;
  upSince: string | null;
}

export interface SfuStreamInfo {
  mid: string;
  type: 'audio' | 'video' | 'data';
  simulcast: boolean;
}

export interface SfuRoomEvents {
  talking(feedId: number, talking: boolean, level: number | null): void;
  /** A publisher's media went away inside the SFU (hang-up, ICE failure). */
  feedGone(feedId: number): void;
}

export interface SfuPublisher {
  readonly feedId: number;
  readonly privateId: number;
  /** Offer in, answer out. `recordAs` starts recording at once: an absolute base path (Janus adds -audio-<mid>.mjr …). */
  publish(offer: Jsep, o: { bitrate: number; recordAs: string | null }): Promise<{ answer: Jsep; streams: SfuStreamInfo[] }>;
  setRecording(recordAs: string | null): Promise<void>;
  close(): Promise<void>;
  /** The publisher's media reached the SFU (ICE + DTLS done): only then can anyone subscribe to it. */
  onMediaUp(cb: () => void): void;
  onMediaDown(cb: (reason: string) => void): void;
}

export interface SfuSubscriber {
  /** Change what this subscriber receives; returns Janus's new offer (or null when nothing changed). */
  update(add: { feedId: number; mid: string }[], remove: { feedId: number; mid: string }[]): Promise<{ offer: Jsep | null; streams: SubStream[] }>;
  start(answer: Jsep): Promise<void>;
  /** Simulcast layer per received stream: 2 = high, 1 = medium, 0 = low. */
  setLayers(layers: { mid: string; substream: 0 | 1 | 2 }[]): Promise<void>;
  close(): Promise<void>;
  onMediaDown(cb: (reason: string) => void): void;
}

export interface SfuAdapter {
  status(): SfuStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** 'up' after (re)start: every room is gone and must be rebuilt; 'down' when the SFU died. */
  on(event: 'up' | 'down', cb: () => void): void;
  ensureRoom(roomNo: number, o: { maxPublishers: number; events: SfuRoomEvents }): Promise<void>;
  destroyRoom(roomNo: number): Promise<void>;
  publisher(roomNo: number, display: string): Promise<SfuPublisher>;
  subscriber(roomNo: number, privateId: number | null): SfuSubscriber;
}
