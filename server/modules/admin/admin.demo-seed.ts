// XB_DEMO=1 / `xb demo seed`: fill an empty box with the demo school so everything can be tried at once.
// Goes through the org service like any admin would, so the data obeys every rule.
import type { PasswordHasher } from '../auth/index.js';
import type { OrgService } from '../org/index.js';
import type { SettingsService } from '../settings/index.js';
import { demoSchool } from './admin.demo-school.js';

/** Every demo account signs in with this password (shown by the start command and the README). */
export const DEMO_PASSWORD = 'Xiaoban2026';

export async function seedDemoSchool(deps: { org: OrgService; settings: SettingsService; hasher: PasswordHasher }): Promise<{ people: number; departments: number }> {
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
  }
  for (const d of school.departments) {
    if (d.headKey) org.updateDepartment(deptIds.get(d.key)!, { headId: personIds.get(d.headKey)! }, null);
  }
  return { people: personIds.size, departments: deptIds.size };
}
