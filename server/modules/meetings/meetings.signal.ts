// The websocket door to the meeting rooms: every `{ type: 'meeting' }` frame from a client is checked
// against the protocol's schema here, handed to the rooms, and answered with the same reqId. Errors become
// `{ op: 'error', status, code, detail }` frames (the websocket's problem+json); internals never leak.
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { ClientChannel, MessageHandler } from '../../core/realtime/realtime.hub.js';
import type { ClientOp } from './meetings.signal.dto.js';
import { RoomError, type MeetingRooms } from './meetings.room.js';

const ReqId = Type.String({ minLength: 1, maxLength: 40 });
const MeetingId = Type.String({ pattern: '^[0-9a-z]{26}$' });
const Jsep = (type?: 'offer' | 'answer') =>
  Type.Object({ type: type ? Type.Literal(type) : Type.Union([Type.Literal('offer'), Type.Literal('answer')]), sdp: Type.String({ minLength: 10, maxLength: 200_000 }) });
const Source = Type.Union([Type.Literal('camera'), Type.Literal('screen')]);
const Layer = Type.Union([Type.Literal('h'), Type.Literal('m'), Type.Literal('l')]);
const FeedRef = { feedId: Type.Integer({ minimum: 1 }), mid: Type.String({ maxLength: 8 }) };
const Point = Type.Object({ x: Type.Number({ minimum: -0.1, maximum: 1.1 }), y: Type.Number({ minimum: -0.1, maximum: 1.1 }) });
const Stroke = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40 }),
  tool: Type.Union(['pen', 'highlighter', 'arrow', 'text', 'laser', 'clear'].map((t) => Type.Literal(t))),
  color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  width: Type.Number({ minimum: 0.001, maximum: 0.05 }),
  points: Type.Array(Point, { maxItems: 200 }),
  text: Type.Optional(Type.String({ maxLength: 200 })),
  part: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  done: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
const HostActions = ['mute', 'mute-all', 'remove', 'lock', 'unlock', 'lobby-on', 'lobby-off', 'admit', 'deny', 'cohost', 'uncohost', 'lower-hand', 'annotate-presenter', 'annotate-hosts', 'annotate-all', 'record-start', 'record-stop', 'end'];

const op = <P extends Record<string, ReturnType<typeof Type.String> | object>>(name: string, props: P) =>
  Type.Object({ type: Type.Literal('meeting'), op: Type.Literal(name), reqId: ReqId, meetingId: Type.Optional(MeetingId), ...props });

const ClientFrame = Compile(
  Type.Union([
    op('join', { meetingId: MeetingId, device: Type.Union([Type.Literal('phone'), Type.Literal('desktop')]) }),
    op('publish', { source: Source, jsep: Jsep('offer'), audio: Type.Boolean(), video: Type.Boolean() }),
    op('unpublish', { source: Source }),
    op('view', { streams: Type.Array(Type.Object({ ...FeedRef, layer: Type.Optional(Layer) }), { maxItems: 60 }) }),
    op('sub-answer', { jsep: Jsep('answer') }),
    op('layer', { streams: Type.Array(Type.Object({ ...FeedRef, layer: Layer }), { maxItems: 60 }) }),
    op('media', { audio: Type.Boolean(), video: Type.Boolean() }),
    op('hand', { raised: Type.Boolean() }),
    op('chat', { text: Type.String({ minLength: 1, maxLength: 1000 }) }),
    op('annotate', { stroke: Stroke }),
    op('host', { action: Type.Union(HostActions.map((a) => Type.Literal(a))), targetId: Type.Optional(Type.String({ maxLength: 40 })) }),
    op('leave', {}),
    op('ping', {}),
  ]),
);

export function meetingSignalling(rooms: MeetingRooms, log: FastifyBaseLogger): MessageHandler {
  return {
    message(ch: ClientChannel, msg: Record<string, unknown>) {
      const reqId = typeof msg.reqId === 'string' ? msg.reqId.slice(0, 40) : null;
      const meetingId = typeof msg.meetingId === 'string' ? msg.meetingId.slice(0, 26) : '';
      if (!ClientFrame.Check(msg)) {
        const first = [...ClientFrame.Errors(msg)][0];
        ch.send({ type: 'meeting', meetingId, op: 'error', reqId, status: 400, code: 'MEETING_BAD_REQUEST', detail: `invalid ${String(msg.op ?? 'message')}: ${first ? `${first.instancePath || '/'} ${first.message}` : 'unknown op'}` });
        return;
      }
      const started = rooms.handle(ch, msg as unknown as ClientOp & { meetingId?: string });
      const inRoom = () => meetingId || rooms.meetingOf(ch) || '';
      started.then(
        (reply) => reply && ch.send({ type: 'meeting', meetingId: inRoom(), reqId, ...reply }),
        (err: unknown) => {
          const meetingId = inRoom();
          if (err instanceof RoomError) {
            ch.send({ type: 'meeting', meetingId, op: 'error', reqId, status: err.status, code: err.code, detail: err.message });
            return;
          }
          log.error({ err, event: 'meetings.signal_failed', op: msg.op }, 'meeting signalling failed');
          ch.send({ type: 'meeting', meetingId, op: 'error', reqId, status: 502, code: 'MEETING_SFU_ERROR', detail: 'the meeting server could not do that; try again' });
        },
      );
    },
    closed(ch: ClientChannel) {
      rooms.channelClosed(ch);
    },
  };
}
