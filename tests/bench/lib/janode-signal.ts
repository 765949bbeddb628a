// The bench's bare-Janus mode: a bot's BotSignal spoken straight to the VideoRoom through janode (no
// xiaoban server in between). Used to measure Janus alone, and as the spike before the server's signalling.
import type { Jsep, MediaSource, ViewStream } from '../../../server/modules/meetings/meetings.signal.dto.js';
import type { BotSignal } from '../meetings-bot.js';

// janode ships no types (the server has its own declarations); this adapter keeps it `any`.
const load = async (spec: string): Promise<any> => (await import(spec)).default;

export interface JanodeLink {
  session: any;
  connection: any;
  plugin: any;
}

export async function connectJanode(url: string, apisecret: string): Promise<JanodeLink> {
  const Janode = await load('janode');
  Janode.Logger.setLevel(process.env.XB_BENCH_JANODE_LOG ?? 'error');
  const plugin = await load('janode/plugins/videoroom');
  const connection = await Janode.connect({ is_admin: false, address: { url, apisecret } });
  const session = await connection.create();
  return { connection, session, plugin };
}

export async function createRoom(link: JanodeLink, room: number): Promise<void> {
  const h = await link.session.attach(link.plugin);
  await h.create({ room, max_publishers: 120, bitrate: 1_200_000, videocodec: 'vp8', audiocodec: 'opus', fir_freq: 10 });
  await h.detach();
}

/** Feeds the bots learned about from Janus: feed id → publisher mids. */
export class JanodeSignal implements BotSignal {
  private pub = new Map<MediaSource, any>();
  private sub: any = null;
  private subscribed = new Set<string>();
  /** Janus feed ids of what this bot published. */
  feeds = new Map<MediaSource, number>();

  constructor(
    private readonly link: JanodeLink,
    private readonly room: number,
    private readonly display: string,
  ) {}

  async publish(source: MediaSource, offer: Jsep, audio: boolean, video: boolean): Promise<Jsep> {
    const h = await this.link.session.attach(this.link.plugin);
    this.pub.set(source, h);
    const res = await h.joinConfigurePublisher({ room: this.room, display: `${this.display}:${source}`, audio, video, jsep: offer });
    this.feeds.set(source, res.feed as number);
    return res.jsep as Jsep;
  }

  async view(streams: ViewStream[]): Promise<Jsep> {
    const want = streams.map((s) => ({ feed: s.feedId, mid: s.mid }));
    if (!this.sub) {
      this.sub = await this.link.session.attach(this.link.plugin);
      const res = await this.sub.joinSubscriber({ room: this.room, streams: want });
      for (const s of want) this.subscribed.add(`${s.feed}/${s.mid}`);
      return res.jsep as Jsep;
    }
    const subscribe = want.filter((s) => !this.subscribed.has(`${s.feed}/${s.mid}`));
    const offer = new Promise<Jsep>((resolve) => this.sub.once('videoroom_updated', (e: { jsep: Jsep }) => resolve(e.jsep)));
    await this.sub.update({ subscribe });
    for (const s of subscribe) this.subscribed.add(`${s.feed}/${s.mid}`);
    return offer;
  }

  async subAnswer(answer: Jsep): Promise<void> {
    await this.sub.start({ jsep: answer });
  }

  async close(): Promise<void> {
    for (const h of [...this.pub.values(), this.sub]) await h?.detach().catch(() => {});
  }
}
