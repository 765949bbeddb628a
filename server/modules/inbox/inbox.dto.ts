import { Type, type Static } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Urgency = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
export type Urgency = Static<typeof Urgency>;

export const InboxItem = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  urgency: Urgency,
  createdAt: Type.String(),
  seenAt: Nullable(Type.String()),
  readAt: Nullable(Type.String()),
});
export type InboxItem = Static<typeof InboxItem>;

export const InboxQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9a-z]{26}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxPage = Type.Object({ items: Type.Array(InboxItem), nextCursor: Nullable(Type.String()), unread: Type.Integer() });
export const UnreadCount = Type.Object({ unread: Type.Integer() });
