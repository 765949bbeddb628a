import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { credentials, sessions } from './auth.tables.js';

export type CredentialRow = typeof credentials.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export function createAuthRepo(db: Db) {
  // Every request resolves its session: these run on the hot path, so they are prepared once.
  const credentialsStmt = db.select().from(credentials).where(eq(credentials.userId, sql.placeholder('userId'))).prepare();
  const sessionStmt = db.select().from(sessions).where(eq(sessions.tokenHash, sql.placeholder('tokenHash'))).prepare();
  return {
    db,
    credentials: (userId: string) => credentialsStmt.get({ userId }),
    credentialsOf: (userIds: string[]) => (userIds.length ? db.select().from(credentials).where(inArray(credentials.userId, userIds)).all() : []),
    upsertCredentials(row: typeof credentials.$inferInsert) {
      const { userId: _id, ...set } = row;
      db.insert(credentials).values(row).onConflictDoUpdate({ target: credentials.userId, set }).run();
    },
    updateCredentials: (userId: string, set: Partial<typeof credentials.$inferInsert>) => db.update(credentials).set(set).where(eq(credentials.userId, userId)).run(),
    /** Atomic: parallel failures each count (a read-then-write would let them overwrite each other). */
    addFailure(userId: string): number {
      return db
        .update(credentials)
        .set({ failedAttempts: sql`${credentials.failedAttempts} + 1` })
        .where(eq(credentials.userId, userId))
        .returning({ n: credentials.failedAttempts })
        .get()!.n;
    },
    /** Atomic: a TOTP time step can be used once, even by two sign-ins racing. */
    burnTotpStep(userId: string, step: number): boolean {
      return (
        db
          .update(credentials)
          .set({ totpLastStep: step })
          .where(and(eq(credentials.userId, userId), or(isNull(credentials.totpLastStep), lt(credentials.totpLastStep, step))))
          .run().changes === 1
      );
    },

    insertSession: (row: typeof sessions.$inferInsert) => db.insert(sessions).values(row).run(),
    sessionByTokenHash: (tokenHash: string) => sessionStmt.get({ tokenHash }),
    touchSession: (id: string, at: string, ip: string) => db.update(sessions).set({ lastSeenAt: at, ip }).where(eq(sessions.id, id)).run(),
    activeSessions: (userId: string, now: string) =>
      db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
        .orderBy(desc(sessions.lastSeenAt))
        .all(),
    session: (id: string) => db.select().from(sessions).where(eq(sessions.id, id)).get(),
    revoke: (id: string, at: string, reason: string) =>
      db.update(sessions).set({ revokedAt: at, revokedReason: reason }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt))).run().changes,
    deleteExpired: (before: string) => db.delete(sessions).where(or(lt(sessions.expiresAt, before), lt(sessions.revokedAt, before))).run().changes,
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
