import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  event: text('event').notNull(),
  outcome: text('outcome', { enum: ['success', 'failure'] }).notNull().default('success'),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  targetType: text('target_type'),
  targetId: text('target_id'),
  targetName: text('target_name'),
  ip: text('ip'),
  details: text('details'),
});
