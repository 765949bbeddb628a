// Sign-in, lockout, passwords, TOTP 2FA and sessions. The only writer of credentials and sessions.
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Clock } from '../../lib/clock.js';
import { MINUTE, DAY } from '../../lib/clock.js';
import { newId, newToken, sha256 } from '../../lib/ids.js';
import type { CurrentUser, SessionResolver } from '../../core/request-context.js';
import type { AuditService } from '../audit/index.js';
import type { EventBus } from '../../core/events.js';
import './auth.events.js';
import type { OrgService, AccountsPort } from '../org/index.js';
import type { SettingsService } from '../settings/index.js';
import type { AuthRepo } from './auth.repo.js';
import { AuthErrors } from './auth.errors.js';
import { checkPasswordPolicy, generateInitialPassword, type PasswordHasher } from './auth.password.js';
import { describeDevice } from './auth.device.js';
import type { Me, SessionView } from './auth.dto.js';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
const TOUCH_EVERY_MS = MINUTE;

export interface AuthDeps {
  repo: AuthRepo;
  org: OrgService;
  settings: SettingsService;
  audit: AuditService;
  events: EventBus;
  clock: Clock;
  hasher: PasswordHasher;
  session: { idleDays: number; maxDays: number };
  /** Called after a session is revoked, e.g. to close its websockets. */
  onSessionRevoked?: (sessionId: string, userId: string) => void;
}

export interface RequestMeta {
  ip: string;
  userAgent?: string;
}

export function createAuthService(deps: AuthDeps) {
  const { repo, org, settings, audit, events, clock, hasher } = deps;
  const now = () => clock.now();
  // A hash to verify against when the username does not exist, so timing does not reveal it.
  const dummyHash = hasher.hash('not-a-real-password-1');
  // Unknown usernames get the same attempt counting and lockout answers as real ones.
  const phantomFailures = new Map<string, { count: number; lockedUntil: number }>();

  function lockedProblem(lockedUntil: Date) {
    const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now().getTime()) / 1000));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return AuthErrors.locked(`Try again in ${minutes} minute(s)`, { lockedUntil: lockedUntil.toISOString(), retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
  }

  function phantomFailure(username: string): never {
    const key = username.toLowerCase();
    const entry = phantomFailures.get(key) ?? { count: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now().getTime()) throw lockedProblem(new Date(entry.lockedUntil));
    entry.count++;
    if (phantomFailures.size > 10_000) phantomFailures.clear();
    if (entry.count >= MAX_FAILURES) {
      phantomFailures.set(key, { count: 0, lockedUntil: now().getTime() + LOCK_MINUTES * MINUTE });
      throw lockedProblem(new Date(now().getTime() + LOCK_MINUTES * MINUTE));
    }
    phantomFailures.set(key, entry);
    throw AuthErrors.invalidCredentials(undefined, { attemptsLeft: MAX_FAILURES - entry.count });
  }

  function totpFor(username: string, secret: string) {
    return new OTPAuth.TOTP({ issuer: '校办 xiaoban', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
  }

  /** Checks a code and burns its time step (atomically) so it cannot be replayed. */
  function checkTotp(userId: string, username: string, secret: string, code: string): boolean {
    const totp = totpFor(username, secret);
    const delta = totp.validate({ token: code.replace(/\s/g, ''), timestamp: now().getTime(), window: 1 });
    if (delta === null) return false;
    return repo.burnTotpStep(userId, Math.floor(now().getTime() / 30_000) + delta);
  }

  function mustEnrollTotp(userId: string, totpEnabled: boolean): boolean {
    return !totpEnabled && settings.get().require2faForAdmins && org.grants(userId).some((g) => g.role === 'admin');
  }

  function createSession(userId: string, meta: RequestMeta): { token: string; sessionId: string; maxAgeSeconds: number } {
    const token = newToken();
    const id = newId();
    const at = now();
    repo.insertSession({
      id, tokenHash: sha256(token), userId, createdAt: at.toISOString(), lastSeenAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + deps.session.maxDays * DAY).toISOString(), ip: meta.ip, userAgent: meta.userAgent?.slice(0, 400) ?? null,
    });
    return { token, sessionId: id, maxAgeSeconds: deps.session.maxDays * 86_400 };
  }

  function revokeSession(sessionId: string, userId: string, reason: string): boolean {
    const changed = repo.revoke(sessionId, now().toISOString(), reason) > 0;
    if (changed) deps.onSessionRevoked?.(sessionId, userId);
    return changed;
  }

  const service = {
    async login(input: { username: string; password: string; totp?: string }, meta: RequestMeta) {
      const user = org.userByUsername(input.username.trim());
      const cred = user ? repo.credentials(user.id) : undefined;
      const actor = user ? { id: user.id, displayName: user.displayName } : null;
      const fail = (reason: string) =>
        audit.record({ event: 'auth.login.failed', outcome: 'failure', actor, ip: meta.ip, target: { type: 'user', id: user?.id ?? null, name: input.username.slice(0, 64) }, details: { reason } });

      if (!user || !cred?.passwordHash) {
        await hasher.verify(await dummyHash, input.password);
        fail('unknown_user');
        phantomFailure(input.username);
      }
      const lockedUntil = () => {
        const current = repo.credentials(user.id)?.lockedUntil;
        return current && new Date(current) > now() ? new Date(current) : null;
      };
      const passwordOk = await hasher.verify(cred.passwordHash, input.password); // always paid: locked answers take as long as unknown users'
      const locked = lockedUntil(); // read after the await: another sign-in may have locked it meanwhile
      if (locked) {
        fail('locked');
        throw lockedProblem(locked);
      }
      const registerFailure = (reason: string, problem: (failures: number) => Error): never => {
        const failures = repo.addFailure(user.id);
        fail(reason);
        if (failures >= MAX_FAILURES) {
          const until = new Date(now().getTime() + LOCK_MINUTES * MINUTE);
          repo.updateCredentials(user.id, { failedAttempts: 0, lockedUntil: until.toISOString() });
          audit.record({ event: 'auth.account.locked', outcome: 'failure', actor, ip: meta.ip, target: { type: 'user', id: user.id, name: user.displayName }, details: { minutes: LOCK_MINUTES } });
          events.emit('auth.account.locked', { userId: user.id, until: until.toISOString(), ip: meta.ip });
          throw lockedProblem(until);
        }
        throw problem(failures);
      };
      if (!passwordOk) {
        registerFailure('wrong_password', (failures) => AuthErrors.invalidCredentials(undefined, { attemptsLeft: MAX_FAILURES - failures }));
      }
      if (!user.active) {
        fail('disabled');
        throw AuthErrors.disabled();
      }
      if (cred.totpEnabled && cred.totpSecret) {
        if (!input.totp) throw AuthErrors.totpRequired();
        if (!checkTotp(user.id, user.username, cred.totpSecret, input.totp)) {
          registerFailure('wrong_totp', () => AuthErrors.totpInvalid());
        }
      }
      const fresh = repo.credentials(user.id); // not `cred`: parallel failures may have counted meanwhile
      if (fresh?.failedAttempts || fresh?.lockedUntil) repo.updateCredentials(user.id, { failedAttempts: 0, lockedUntil: null });
      const session = createSession(user.id, meta);
      audit.record({ event: 'auth.login.succeeded', actor, ip: meta.ip, target: { type: 'session', id: session.sessionId }, details: { device: describeDevice(meta.userAgent) } });
      return session;
    },

    /** Session for a user who just proved who they are another way (setup wizard). */
    startSession: createSession,

    logout(user: CurrentUser, meta: RequestMeta): void {
      revokeSession(user.sessionId, user.id, 'logout');
      audit.record({ event: 'auth.logout', actor: user, ip: meta.ip, target: { type: 'session', id: user.sessionId } });
    },

    /** Still valid (not revoked, not expired, not idle too long)? For long-lived websockets. */
    sessionActive(sessionId: string): boolean {
      const s = repo.session(sessionId);
      const at = now().getTime();
      return !!s && !s.revokedAt && new Date(s.expiresAt).getTime() > at && new Date(s.lastSeenAt).getTime() + deps.session.idleDays * DAY > at;
    },

    resolver(): SessionResolver {
      return {
        resolve(token, meta) {
          const session = repo.sessionByTokenHash(sha256(token));
          if (!session || session.revokedAt) return null;
          const at = now();
          if (new Date(session.expiresAt) <= at) return null;
          if (new Date(session.lastSeenAt).getTime() + deps.session.idleDays * DAY <= at.getTime()) return null;
          const user = org.userRow(session.userId);
          if (!user?.active) return null;
          if (at.getTime() - new Date(session.lastSeenAt).getTime() > TOUCH_EVERY_MS) repo.touchSession(session.id, at.toISOString(), meta.ip);
          const cred = repo.credentials(user.id);
          const roles = org.grants(user.id);
          const { permissions, scopedPermissions } = org.permissionsOf(roles);
          return {
            id: user.id, username: user.username, displayName: user.displayName, departmentId: user.departmentId, locale: user.locale,
            sessionId: session.id, roles, permissions, scopedPermissions,
            mustChangePassword: cred?.mustChangePassword ?? true,
            mustEnrollTotp: mustEnrollTotp(user.id, cred?.totpEnabled ?? false),
          };
        },
      };
    },

    me(user: CurrentUser): Me {
      const person = org.person(user.id)!;
      const cred = repo.credentials(user.id);
      const s = settings.get();
      const allPermissions = new Set([...user.permissions, ...user.scopedPermissions.keys()]);
      return {
        user: {
          id: person.id, username: person.username, displayName: person.displayName, departmentId: person.departmentId, departmentName: person.departmentName,
          positionName: person.positionName, phone: person.phone, email: person.email, locale: user.locale === 'en' ? 'en' : 'zh-CN',
          roles: user.roles.map((r) => ({ role: r.role, departmentId: r.departmentId })),
        },
        permissions: [...allPermissions].sort(),
        mustChangePassword: user.mustChangePassword,
        mustEnrollTotp: user.mustEnrollTotp,
        totpEnabled: cred?.totpEnabled ?? false,
        school: { name: s.schoolName, timeZone: s.timeZone },
      };
    },

    policyProblems(password: string, who: { username?: string }) {
      return checkPasswordPolicy(password, { minLength: settings.get().passwordMinLength, username: who.username });
    },

    async changePassword(user: CurrentUser, input: { currentPassword: string; newPassword: string }, meta: RequestMeta): Promise<void> {
      const cred = repo.credentials(user.id);
      if (!cred?.passwordHash || !(await hasher.verify(cred.passwordHash, input.currentPassword))) {
        audit.record({ event: 'auth.password.change_failed', outcome: 'failure', actor: user, ip: meta.ip, target: { type: 'user', id: user.id, name: user.displayName } });
        throw AuthErrors.currentPasswordWrong();
      }
      const rules = service.policyProblems(input.newPassword, user);
      if (input.newPassword === input.currentPassword) rules.push('SAME_AS_CURRENT');
      if (rules.length) throw AuthErrors.passwordPolicy(rules.join(', '), { rules });
      const hash = await hasher.hash(input.newPassword);
      repo.updateCredentials(user.id, { passwordHash: hash, mustChangePassword: false, passwordChangedAt: now().toISOString() });
      // Other devices signed in with the old password are signed out.
      for (const s of repo.activeSessions(user.id, now().toISOString())) if (s.id !== user.sessionId) revokeSession(s.id, user.id, 'password_changed');
      audit.record({ event: 'auth.password.changed', actor: user, ip: meta.ip, target: { type: 'user', id: user.id, name: user.displayName } });
      if (!cred.mustChangePassword) events.emit('auth.password.changed', { userId: user.id, device: describeDevice(meta.userAgent), ip: meta.ip });
    },

    /** A new secret waits in the pending column; the current one (if any) stays in force until a code proves the new one. */
    async totpSetup(user: CurrentUser): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
      if (repo.credentials(user.id)?.totpEnabled) throw AuthErrors.totpAlreadyEnabled();
      const secret = new OTPAuth.Secret({ size: 20 }).base32;
      repo.updateCredentials(user.id, { totpPendingSecret: secret });
      const otpauthUrl = totpFor(user.username, secret).toString();
      const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { secret, otpauthUrl, qrSvg };
    },

    totpEnable(user: CurrentUser, code: string, meta: RequestMeta): void {
      const cred = repo.credentials(user.id);
      if (!cred?.totpPendingSecret) throw AuthErrors.totpNotStarted();
      if (!checkTotp(user.id, user.username, cred.totpPendingSecret, code)) throw AuthErrors.totpInvalidBody();
      repo.updateCredentials(user.id, { totpSecret: cred.totpPendingSecret, totpPendingSecret: null, totpEnabled: true });
      audit.record({ event: 'auth.totp.enabled', actor: user, ip: meta.ip, target: { type: 'user', id: user.id, name: user.displayName } });
      events.emit('auth.totp.changed', { userId: user.id, enabled: true, device: describeDevice(meta.userAgent) });
    },

    async totpDisable(user: CurrentUser, password: string, meta: RequestMeta): Promise<void> {
      const cred = repo.credentials(user.id);
      if (!cred?.passwordHash || !(await hasher.verify(cred.passwordHash, password))) throw AuthErrors.currentPasswordWrong();
      if (settings.get().require2faForAdmins && user.roles.some((r) => r.role === 'admin')) throw AuthErrors.totpRequiredByPolicy();
      repo.updateCredentials(user.id, { totpEnabled: false, totpSecret: null, totpPendingSecret: null, totpLastStep: null });
      audit.record({ event: 'auth.totp.disabled', actor: user, ip: meta.ip, target: { type: 'user', id: user.id, name: user.displayName } });
      events.emit('auth.totp.changed', { userId: user.id, enabled: false, device: describeDevice(meta.userAgent) });
    },

    listSessions(user: CurrentUser): SessionView[] {
      return repo.activeSessions(user.id, now().toISOString()).map((s) => ({
        id: s.id, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, ip: s.ip, userAgent: s.userAgent,
        device: describeDevice(s.userAgent ?? undefined), current: s.id === user.sessionId,
      }));
    },

    revokeOwnSession(user: CurrentUser, sessionId: string, meta: RequestMeta): void {
      const s = repo.session(sessionId);
      if (!s || s.userId !== user.id || s.revokedAt) throw AuthErrors.sessionNotFound();
      revokeSession(sessionId, user.id, 'revoked_by_user');
      audit.record({ event: 'auth.session.revoked', actor: user, ip: meta.ip, target: { type: 'session', id: sessionId }, details: { device: describeDevice(s.userAgent ?? undefined) } });
    },

    revokeOtherSessions(user: CurrentUser, meta: RequestMeta): number {
      let n = 0;
      for (const s of repo.activeSessions(user.id, now().toISOString())) if (s.id !== user.sessionId && revokeSession(s.id, user.id, 'revoked_by_user')) n++;
      audit.record({ event: 'auth.session.revoked_others', actor: user, ip: meta.ip, target: { type: 'user', id: user.id }, details: { count: n } });
      return n;
    },

    pruneSessions(): number {
      return repo.deleteExpired(new Date(now().getTime() - 30 * DAY).toISOString());
    },

    /** What the org module needs from us (bound in app.ts). */
    accountsPort(): AccountsPort {
      return {
        newInitialPassword: async () => {
          const password = generateInitialPassword();
          return { password, hash: await hasher.hash(password) };
        },
        saveCredentials: (userId, passwordHash, mustChange) =>
          repo.upsertCredentials({ userId, passwordHash, mustChangePassword: mustChange, failedAttempts: 0, lockedUntil: null, passwordChangedAt: now().toISOString() }),
        unlock: (userId) => repo.updateCredentials(userId, { failedAttempts: 0, lockedUntil: null }),
        status: (userIds) => {
          const at = now().toISOString();
          return new Map(repo.credentialsOf(userIds).map((c) => [c.userId, { lockedUntil: c.lockedUntil && c.lockedUntil > at ? c.lockedUntil : null, totpEnabled: c.totpEnabled }]));
        },
        revokeAllSessions: (userId, reason) => {
          for (const s of repo.activeSessions(userId, now().toISOString())) revokeSession(s.id, userId, reason);
        },
      };
    },
  };
  return service;
}
export type AuthService = ReturnType<typeof createAuthService>;
