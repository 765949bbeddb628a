// Real encoded media for the bench's publishing bots: ffmpeg encodes a test pattern (VP8) and a sine tone
// (Opus) in real time and sends plain RTP to local UDP ports; the packets are handed to every subscribed
// werift track (the sender rewrites SSRC, payload type and sequence numbers as negotiated). One encoder can
// feed several bots: each track gets its own copy of the packet.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';

export type RtpListener = (packet: Buffer) => void;

export class RtpFeed {
  private readonly listeners = new Set<RtpListener>();
  packets = 0;
  bytes = 0;
  constructor(readonly kind: 'audio' | 'video') {}
  on(l: RtpListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(packet: Buffer) {
    this.packets++;
    this.bytes += packet.length;
    for (const l of this.listeners) l(packet);
  }
}

export interface MediaSourceOptions {
  /** e.g. '1280x720' */
  size: string;
  fps: number;
  videoKbps: number;
  /** Opus audio as well (a camera); a screen share has none. */
  audio: boolean;
  /** lavfi pattern: testsrc2 looks like a camera; a slide-like screen compresses better with 'smptebars'. */
  pattern?: string;
}

export interface MediaSource {
  video: RtpFeed;
  audio: RtpFeed | null;
  /** The ffmpeg encoder's pid (its CPU belongs to the bots, not to Janus or the server). */
  pid: number;
  stop(): Promise<void>;
}

async function bindUdp(feed: RtpFeed): Promise<{ socket: dgram.Socket; port: number }> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg) => {
    // RTCP from ffmpeg (PT 200–204 in the second byte) is not forwarded: werift writes its own.
    const pt = msg[1]! & 0x7f;
    if (pt >= 72 && pt <= 76) return;
    feed.emit(msg);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, port: socket.address().port };
}

export async function startMediaSource(o: MediaSourceOptions): Promise<MediaSource> {
  const video = new RtpFeed('video');
  const audio = o.audio ? new RtpFeed('audio') : null;
  const v = await bindUdp(video);
  const a = audio ? await bindUdp(audio) : null;
  const gop = o.fps * 4; // a keyframe every 4 s; Janus asks for more with PLI when subscribers join
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-re', '-f', 'lavfi', '-i', `${o.pattern ?? 'testsrc2'}=size=${o.size}:rate=${o.fps}`,
    ...(a ? ['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
    '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', `${o.videoKbps}k`,
    '-g', String(gop), '-auto-alt-ref', '0', '-error-resilient', '1', '-threads', '1',
    '-payload_type', '96', '-ssrc', String(0x1000 + Math.floor(Math.random() * 1e6)),
    '-f', 'rtp', `rtp://127.0.0.1:${v.port}?pkt_size=1200`,
    ...(a
      ? ['-map', '1:a', '-c:a', 'libopus', '-b:a', '32k', '-ac', '1', '-application', 'voip', '-frame_duration', '20',
        '-payload_type', '111', '-f', 'rtp', `rtp://127.0.0.1:${a.port}?pkt_size=1200`]
      : []),
  ];
  const child: ChildProcess = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    video,
    audio,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      v.socket.close();
      a?.socket.close();
    },
  };
}
