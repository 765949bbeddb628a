// Staff import from Excel/CSV: parse → validate against the current org chart → preview (stored) →
// commit. Commit validates the stored rows again, because the org chart may have changed since the preview.
import { eq } from 'drizzle-orm';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { AppError } from '../../lib/errors.js';
import type { AuditService } from '../audit/index.js';
import type { OrgRepo } from './org.repo.js';
import type { Actor, OrgService } from './org.service.js';
import { OrgErrors } from './org.errors.js';
import { staffImports } from './org.tables.js';
import { ROLES, type ImportPreview, type ImportResult, type RoleName } from './org.dto.js';
import {
  buildImportContext, missingToCreate, parseStaffFile, summarizeImport, validateStaffRows,
  type ImportPreviewRow, type RawStaffRow, type StaffFileFormat,
} from './org.import-parse.js';

/** Who runs the import: roles other than staff can only be granted by someone who manages roles. */
export interface ImportActor extends Actor {
  canGrantRoles: boolean;
}

export function createStaffImportService(org: OrgService, repo: OrgRepo, clock: Clock, audit: AuditService) {
  function validate(raw: RawStaffRow[], actor: ImportActor): ImportPreviewRow[] {
    const everyone = repo.allUsers();
    const roles = new Map<string, string[]>();
    for (const r of repo.rolesOfMany(everyone.map((u) => u.id))) roles.set(r.userId, [...(roles.get(r.userId) ?? []), r.role]);
    const ctx = buildImportContext({
      people: everyone.map((u) => ({ ...u, roles: roles.get(u.id) ?? [] })),
      departments: org.listDepartments(),
      positions: org.listPositions(),
      knownRoles: actor.canGrantRoles ? ROLES : ['staff'],
      createMissingDepartments: true,
      createMissingPositions: true,
    });
    return validateStaffRows(raw, ctx);
  }

  function toPreview(id: string, fileName: string, rows: ImportPreviewRow[]): ImportPreview {
    const missing = missingToCreate(rows);
    return {
      id, fileName, summary: summarizeImport(rows),
      willCreate: { departments: missing.departments.map((p) => p.join('/')), positions: missing.positions },
      rows: rows.map(({ plan: _plan, ...rest }) => rest),
    };
  }

  function ensureDepartmentPath(path: string[]): string {
    let parentId: string | null = null;
    for (const name of path) {
      const existing = org.listDepartments().find((d) => d.name === name && d.parentId === parentId);
      parentId = existing ? existing.id : org.createDepartment({ name, parentId }, null).id;
    }
    return parentId!;
  }

  async function runCommit(stored: typeof staffImports.$inferSelect, actor: ImportActor): Promise<ImportResult> {
    const id = stored.id;
    const rows = validate(JSON.parse(stored.rows) as RawStaffRow[], actor);
    const result: ImportResult = { created: 0, updated: 0, skipped: 0, failed: [], credentials: [] };
    const missing = missingToCreate(rows);
    const newDepts = new Map(missing.departments.map((p) => [p.join('/'), ensureDepartmentPath(p)]));
    const newPositions = new Map(missing.positions.map((name) => [name, org.ensurePosition(name)]));
    const personOfRow = new Map<number, string>();
    // Supervisors given as another row must exist first: process rows whose supervisor is ready.
    const queue = rows.filter((r) => r.action === 'create' || r.action === 'update');
    result.skipped = rows.filter((r) => r.action === 'skip').length;
    for (const r of rows) if (r.action === 'error') result.failed.push({ row: r.row, code: r.errors[0]?.code ?? 'INVALID', message: r.errors.map((e) => e.message).join('；') });
    while (queue.length) {
      let index = queue.findIndex((r) => !r.plan!.supervisor || 'existingId' in r.plan!.supervisor || personOfRow.has(r.plan!.supervisor.row) || !queue.some((q) => q.row === (r.plan!.supervisor as { row: number }).row));
      if (index < 0) index = 0;
      const [row] = queue.splice(index, 1);
      const plan = row!.plan!;
      const departmentId = plan.newDepartmentPath ? newDepts.get(plan.newDepartmentPath.join('/'))! : plan.departmentId;
      const positionId = plan.newPositionName ? newPositions.get(plan.newPositionName)! : plan.positionId;
      const supervisorId = plan.supervisor ? ('existingId' in plan.supervisor ? plan.supervisor.existingId : (personOfRow.get(plan.supervisor.row) ?? null)) : null;
      const roles = plan.roles?.map((role: RoleName) => ({ role, departmentId: role === 'dept_head' ? departmentId : null }));
      try {
        if (!plan.existingId) {
          const { person, initialPassword } = await org.createPerson(
            { username: plan.username, displayName: plan.displayName, employeeNo: plan.employeeNo, phone: plan.phone, email: plan.email, departmentId, positionId, supervisorId, roles: roles ?? [{ role: 'staff' }] },
            actor,
          );
          personOfRow.set(row!.row, person.id);
          result.credentials.push({ username: person.username, displayName: person.displayName, initialPassword });
          result.created++;
        } else {
          const patch = Object.fromEntries(
            Object.entries({ displayName: plan.displayName, employeeNo: plan.employeeNo, phone: plan.phone, email: plan.email, departmentId, positionId, supervisorId }).filter(([, v]) => v !== null && v !== undefined),
          );
          org.updatePerson(plan.existingId, patch, actor);
          if (roles) org.setRoles(plan.existingId, roles, actor);
          personOfRow.set(row!.row, plan.existingId);
          result.updated++;
        }
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.failed.push({ row: row!.row, code: err.code, message: err.detail ?? err.title });
      }
    }
    result.failed.sort((a, b) => a.row - b.row);
    repo.db
      .update(staffImports)
      .set({ status: 'committed', committedAt: clock.now().toISOString(), result: JSON.stringify({ ...result, credentials: result.credentials.length }) })
      .where(eq(staffImports.id, id))
      .run();
    audit.record({ event: 'org.import.committed', actor, ip: actor.ip, target: { type: 'import', id, name: stored.fileName }, details: { created: result.created, updated: result.updated, skipped: result.skipped, failed: result.failed.length } });
    return result;
  }

  return {
    async preview(buffer: Buffer, format: StaffFileFormat, fileName: string, actor: ImportActor): Promise<ImportPreview> {
      const parsed = await parseStaffFile(buffer, format);
      if (parsed.problems.length) {
        const p = parsed.problems[0]!;
        throw new AppError(p.code, 400, 'The file cannot be imported', p.message, { problems: parsed.problems });
      }
      const rows = validate(parsed.rows, actor);
      const id = newId();
      repo.db.insert(staffImports).values({ id, createdBy: actor.id, fileName: fileName.slice(0, 200), rows: JSON.stringify(parsed.rows), createdAt: clock.now().toISOString() }).run();
      audit.record({ event: 'org.import.previewed', actor, ip: actor.ip, target: { type: 'import', id, name: fileName }, details: { ...summarizeImport(rows) } });
      return toPreview(id, fileName, rows);
    },

    async commit(id: string, actor: ImportActor): Promise<ImportResult> {
      const stored = repo.db.select().from(staffImports).where(eq(staffImports.id, id)).get();
      if (!stored || stored.createdBy !== actor.id) throw OrgErrors.importNotFound();
      if (stored.status !== 'preview') throw OrgErrors.importDone();
      repo.db.update(staffImports).set({ status: 'committing' }).where(eq(staffImports.id, id)).run();
      try {
        return await runCommit(stored, actor);
      } catch (err) {
        // Never leave it stuck in 'committing': say it failed (rows written so far stay, as the audit log shows).
        repo.db.update(staffImports).set({ status: 'failed', result: JSON.stringify({ error: (err as Error).message }) }).where(eq(staffImports.id, id)).run();
        throw err;
      }
    },
  };
}
export type StaffImportService = ReturnType<typeof createStaffImportService>;
