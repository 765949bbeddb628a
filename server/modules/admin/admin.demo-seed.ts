// XB_DEMO=1 / `xb demo seed`: fill an empty box with the demo school so everything can be tried at once.
// Goes through the org, forms, notices and meetings services like any admin or teacher would, so the data obeys every rule.
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { PasswordHasher } from '../auth/index.js';
import type { OrgService } from '../org/index.js';
import type { SettingsService } from '../settings/index.js';
import { seedDemoForms, type DemoFormsPort } from './admin.demo-forms.js';
import { seedDemoMeetings, type DemoMeetingsPort } from './admin.demo-meetings-seed.js';
import { seedDemoNotices, type DemoNoticesPort } from './admin.demo-notices-seed.js';
import { demoSchool, type DemoPerson } from './admin.demo-school.js';

/** Every demo account signs in with this password (shown by the start command and the README). */
export const DEMO_PASSWORD = 'Xiaoban2026';

export interface DemoSeedDeps {
  org: OrgService;
  settings: SettingsService;
  hasher: PasswordHasher;
  /** The forms module: the demo publishes the shipped templates and files sample submissions through it. */
  forms: DemoFormsPort;
  /** The notices module: the demo publishes sample notices through it and lets recipients read and confirm them. */
  notices: DemoNoticesPort;
  /** The meetings module: the demo schedules sample meetings through it (invitations go out through the gateway). */
  meetings: DemoMeetingsPort;
  /** The database, only to date the sample notices' and meetings' story back (admin.demo-*-seed.ts say why). */
  sqlite: Sqlite;
  /** Sample dates (leave periods, use dates) are counted from this clock's today. */
  clock: Clock;
}

export interface DemoSeedResult {
  people: number;
  departments: number;
  forms: number;
  submissions: number;
  notices: number;
  /** Recipients who opened a sample notice (some also confirmed it). */
  noticeReceipts: number;
  meetings: number;
}

/** Call only on an empty box (no administrator yet): the callers check, and nothing here is written twice. */
export async function seedDemoSchool(deps: DemoSeedDeps): Promise<DemoSeedResult> {
  const { org, settings, hasher } = deps;
  const school = demoSchool();
  settings.update({ schoolName: school.school.name, timeZone: school.school.timeZone }, null);

  const deptIds = new Map<string, string>();
  const pendingDepts = [...school.departments];
  while (pendingDepts.length) {
    const ready = pendingDepts.findIndex((d) => !d.parentKey || deptIds.has(d.parentKey));
    if (ready < 0) throw new Error('demo school: department parent cycle');
    const [d] = pendingDepts.splice(ready, 1);
    const created = org.createDepartment({ name: d!.name, parentId: d!.parentKey ? deptIds.get(d!.parentKey)! : null }, null);
    deptIds.set(d!.key, created.id);
  }
  const positionIds = new Map<string, string>();
  for (const p of school.positions) positionIds.set(p.name, org.ensurePosition(p.name, p.rank));

  const preset = { password: DEMO_PASSWORD, hash: await hasher.hash(DEMO_PASSWORD), mustChange: false };
  const personIds = new Map<string, string>();
  const seeded = new Map<string, { id: string; person: DemoPerson }>();
  const pending = [...school.people];
  while (pending.length) {
    const ready = pending.findIndex((p) => !p.supervisorKey || personIds.has(p.supervisorKey));
    if (ready < 0) throw new Error('demo school: supervisor cycle');
    const [p] = pending.splice(ready, 1);
    const { person } = await org.createPerson(
      {
        username: p!.username, displayName: p!.displayName, employeeNo: p!.employeeNo, phone: p!.phone, email: p!.email,
        departmentId: p!.departmentKey ? deptIds.get(p!.departmentKey) ?? null : null,
        positionId: p!.position ? positionIds.get(p!.position) ?? org.ensurePosition(p!.position) : null,
        supervisorId: p!.supervisorKey ? personIds.get(p!.supervisorKey)! : null,
        roles: p!.roles.map((r) => ({ role: r.role, departmentId: r.departmentKey ? deptIds.get(r.departmentKey)! : null })),
      },
      null,
      preset,
    );
    personIds.set(p!.key, person.id);
    seeded.set(p!.key, { id: person.id, person: p! });
  }
  for (const d of school.departments) {
    if (d.headKey) org.updateDepartment(deptIds.get(d.key)!, { headId: personIds.get(d.headKey)! }, null);
  }
  const forms = seedDemoForms({
    forms: deps.forms, org, clock: deps.clock, timeZone: school.school.timeZone, people: seeded, departmentIds: deptIds,
    headKeys: new Map(school.departments.filter((d) => d.headKey).map((d) => [d.key, d.headKey!])),
  });
  const notices = await seedDemoNotices({
    notices: deps.notices, sqlite: deps.sqlite, org, clock: deps.clock, timeZone: school.school.timeZone, people: seeded,
    departments: school.departments, departmentIds: deptIds,
  });
  const meetings = seedDemoMeetings({
    meetings: deps.meetings, sqlite: deps.sqlite, org, clock: deps.clock, timeZone: school.school.timeZone, people: seeded, departmentIds: deptIds,
  });
  return {
    people: personIds.size, departments: deptIds.size, ...forms, notices: notices.notices, noticeReceipts: notices.receipts, meetings: meetings.meetings,
  };
}
