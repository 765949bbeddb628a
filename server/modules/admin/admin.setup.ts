// First-run: an empty box shows the setup wizard until the first administrator exists.
import { createError } from '../../lib/errors.js';
import type { AuditService } from '../audit/index.js';
import type { AuthService, PasswordHasher } from '../auth/index.js';
import { AuthErrors } from '../auth/index.js';
import type { OrgService } from '../org/index.js';
import { isValidTimeZone, type SettingsService } from '../settings/index.js';

const setupDone = createError('SETUP_DONE', 409, 'This box is already set up');
const invalidTimeZone = createError('INVALID_TIME_ZONE', 400, 'Unknown time zone');

export interface SetupInput {
  schoolName: string;
  timeZone: string;
  defaultLocale?: 'zh-CN' | 'en';
  admin: { username: string; displayName: string; password: string };
}

export function createSetupService(deps: { org: OrgService; auth: AuthService; settings: SettingsService; audit: AuditService; hasher: PasswordHasher }) {
  const { org, auth, settings, audit, hasher } = deps;
  return {
    status() {
      const s = settings.get();
      return { needsSetup: !org.hasAdmin(), schoolName: s.schoolName || null, timeZone: s.timeZone, defaultLocale: s.defaultLocale };
    },
    async run(input: SetupInput, meta: { ip: string; userAgent?: string }) {
      if (org.hasAdmin()) throw setupDone();
      if (!isValidTimeZone(input.timeZone)) throw invalidTimeZone(`${input.timeZone} is not an IANA time zone`);
      const rules = auth.policyProblems(input.admin.password, { username: input.admin.username });
      if (rules.length) throw AuthErrors.passwordPolicy(rules.join(', '), { rules });
      const hash = await hasher.hash(input.admin.password);
      if (org.hasAdmin()) throw setupDone(); // someone finished while we hashed
      settings.update({ schoolName: input.schoolName.trim(), timeZone: input.timeZone, defaultLocale: input.defaultLocale ?? 'zh-CN' }, null);
      const { person } = await org.createPerson(
        { username: input.admin.username, displayName: input.admin.displayName, roles: [{ role: 'admin' }] },
        null,
        { password: input.admin.password, hash, mustChange: false },
      );
      audit.record({ event: 'admin.setup.completed', actor: { id: person.id, displayName: person.displayName }, ip: meta.ip, details: { schoolName: input.schoolName } });
      return { person, session: auth.startSession(person.id, meta) };
    },
  };
}
export type SetupService = ReturnType<typeof createSetupService>;
