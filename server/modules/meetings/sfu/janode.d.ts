// The part of janode (plain JavaScript, no types) our adapter uses.
declare module 'janode' {
  import type { EventEmitter } from 'node:events';
  export interface JanodeHandle extends EventEmitter {
    id: number;
    feed: number | null;
    detach(): Promise<void>;
    hangup(): Promise<void>;
  }
  export interface JanodeSession extends EventEmitter {
    id: number;
    attach<H>(plugin: { id: string; Handle: unknown }): Promise<H>;
    destroy(): Promise<void>;
  }
  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
  }
  const Janode: {
    connect(config: { address: { url: string; apisecret?: string }[]; retry_time_secs?: number; max_retries?: number }): Promise<JanodeConnection>;
    Logger: { setLevel(level: string): string };
    EVENT: Record<string, string>;
  };
  export default Janode;
}
declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle } from 'janode';
  type Jsep = { type: string; sdp: string };
  type Obj = Record<string, unknown>;
  export interface VideoRoomHandle extends JanodeHandle {
    create(p: Obj): Promise<Obj>;
    destroy(p: Obj): Promise<Obj>;
    exists(p: { room: number }): Promise<{ exists: boolean }>;
    joinPublisher(p: Obj): Promise<{ feed: number; private_id: number; publishers: Obj[] }>;
    publish(p: Obj & { jsep: Jsep }): Promise<{ jsep?: Jsep; streams?: Obj[] }>;
    configure(p: Obj): Promise<{ jsep?: Jsep; streams?: Obj[] }>;
    unpublish(): Promise<Obj>;
    joinSubscriber(p: Obj): Promise<{ jsep?: Jsep; streams?: Obj[] }>;
    start(p: { jsep: Jsep }): Promise<Obj>;
    update(p: { subscribe?: Obj[]; unsubscribe?: Obj[] }): Promise<{ jsep?: Jsep; streams?: Obj[] }>;
    leave(): Promise<Obj>;
    kick(p: Obj): Promise<Obj>;
  }
  const plugin: { id: string; Handle: unknown; EVENT: Record<string, string> };
  export default plugin;
}
