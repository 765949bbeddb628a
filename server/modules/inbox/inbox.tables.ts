import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const inboxItems = sqliteTable('inbox_items', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  link: text('link'),
  urgency: text('urgency', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull().default('normal'),
  sourceType: text('source_type'),
  sourceId: text('source_id'),
  createdAt: text('created_at').notNull(),
  seenAt: text('seen_at'),
  readAt: text('read_at'),
});
