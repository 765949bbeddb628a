// Form definitions: the builder's drafts, publishing them as numbered versions, archiving, the catalogue of
// forms a person may submit, and the FormsCatalog the submissions and statistics parts read. The only writer
// of the forms and form_versions tables. Access: managers of a form see it; everyone else gets the same 404.
import type { CurrentUser } from '../../core/request-context.js';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { Flow, FormSchema, SchoolCalendar } from '../../lib/form-schema.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { OrgService } from '../org/index.js';
import { canManageOwner, defaultOwner, inAudience, managedScope, managesSchool, maySeeStats } from './forms.access.js';
import { createCalendarStore } from './forms.calendar.js';
import { checkDraft, hasApproval, problem, type DefinitionLookup, type Problem } from './forms.definitions-checks.js';
import { createDefinitionsRepo, type FormMetaRow, type FormRow, type VersionRow } from './forms.definitions-repo.js';
import type {
  Audience, FormAdminSummary, FormCreate, FormDefinition, FormDraftSave, FormFill, FormSettings, FormSummary, FormVersionSummary, StatsFormSummary,
  TemplateSummary,
} from './forms.dto.js';
import { FormErrors } from './forms.errors.js';
import type { FormRecord, FormsCatalog, FormVersionRecord } from './forms.ports.js';
import { templateDraft, templateSummaries } from './forms.templates.js';

export interface FormDefinitionsDeps {
  sqlite: Sqlite;
  org: OrgService;
  audit: AuditService;
  clock: Clock;
}

/** Who did it, for the audit log (`ip` from the request). */
export interface ActorMeta {
  ip?: string;
}

export interface FormDefinitions extends FormsCatalog {
  templates(): TemplateSummary[];
  /** Published forms the user may submit, with `taken` from the submissions part. */
  catalogue(user: CurrentUser, liveCount: (formId: string) => number): FormSummary[];
  /** Forms the user manages, newest change first. */
  managed(user: CurrentUser): FormAdminSummary[];
  /** Published (or since archived) forms whose statistics the user may see; archived ones last. */
  statsForms(user: CurrentUser): StatsFormSummary[];
  create(user: CurrentUser, input: FormCreate, meta?: ActorMeta): FormDefinition;
  get(user: CurrentUser, id: string): FormDefinition;
  save(user: CurrentUser, id: string, input: FormDraftSave, meta?: ActorMeta): FormDefinition;
  publish(user: CurrentUser, id: string, meta?: ActorMeta): FormDefinition;
  archive(user: CurrentUser, id: string, meta?: ActorMeta): FormDefinition;
  restore(user: CurrentUser, id: string, meta?: ActorMeta): FormDefinition;
  versions(user: CurrentUser, id: string): FormVersionSummary[];
  fill(user: CurrentUser, id: string, liveCount: (formId: string) => number): FormFill;
  setCalendar(user: CurrentUser, calendar: SchoolCalendar, meta?: ActorMeta): SchoolCalendar;
}

const BLANK_SCHEMA: FormSchema = { sections: [{ key: 'main', title: '', fields: [] }] };
const json = <T>(s: string) => JSON.parse(s) as T;

/** '20261128-0007': the UTC date of `now` and the form's running number. */
export function formatSerial(now: Date, seq: number): string {
  return `${now.toISOString().slice(0, 10).replace(/-/g, '')}-${String(seq).padStart(4, '0')}`;
}

export function createFormDefinitions(d: FormDefinitionsDeps): FormDefinitions {
  const { org, audit, clock } = d;
  const repo = createDefinitionsRepo(d.sqlite);
  const calendarStore = createCalendarStore(d.sqlite, clock, audit);
  const now = () => clock.now().toISOString();
  const actor = (user: CurrentUser, meta?: ActorMeta) => ({ id: user.id, displayName: user.displayName, ip: meta?.ip });

  const lookup: DefinitionLookup = {
    personActive: (id) => org.userRow(id)?.active === true,
    departmentExists: (id) => org.departmentName(id) !== null,
  };

  // Published versions never change, so they are cached once read.
  const versionCache = new Map<string, FormVersionRecord>();
  function versionRecord(formId: string, version: number): FormVersionRecord | null {
    const key = `${formId}:${version}`;
    const hit = versionCache.get(key);
    if (hit) return hit;
    const row = repo.version(formId, version);
    if (!row) return null;
    const record: FormVersionRecord = { formId, version, schema: json(row.schema), flow: json(row.flow), settings: json(row.settings) };
    versionCache.set(key, record);
    return record;
  }

  function toRecord(row: FormMetaRow): FormRecord {
    return {
      id: row.id, name: row.name, icon: row.icon, category: row.category, status: row.status, publishedVersion: row.publishedVersion,
      ownerDepartmentId: row.ownerDepartmentId, audience: json<Audience>(row.audience), adminIds: json<string[]>(row.adminIds),
    };
  }

  /** The form if the user manages it; else the 404 a missing form gives. */
  function managedRow(user: CurrentUser, id: string): FormRow {
    const row = repo.form(id);
    if (!row || !canManageOwner(user, row.ownerDepartmentId)) throw FormErrors.notFound();
    return row;
  }

  function userPath(user: CurrentUser): string[] {
    return user.departmentId ? org.departmentPath(user.departmentId) : [];
  }

  function problemsOf(row: FormRow): Problem[] {
    return checkDraft(
      { schema: json(row.draftSchema), flow: json(row.draftFlow), settings: json(row.draftSettings), audience: json(row.audience) },
      lookup,
    );
  }

  function definition(row: FormRow): FormDefinition {
    const adminIds = json<string[]>(row.adminIds);
    return {
      id: row.id, name: row.name, description: row.description, icon: row.icon, category: row.category, template: row.template,
      status: row.status, publishedVersion: row.publishedVersion, draftChanged: row.draftChanged === 1, ownerDepartmentId: row.ownerDepartmentId,
      audience: json(row.audience),
      admins: adminIds.map((id) => {
        const p = org.personSummary(id);
        return { id, displayName: p?.displayName ?? id, departmentName: p?.departmentName ?? null };
      }),
      schema: json(row.draftSchema), flow: json(row.draftFlow), settings: json(row.draftSettings),
      problems: problemsOf(row), updatedAt: row.updatedAt,
    };
  }

  /** 400 when the draft names people or departments that do not exist; pointers into the request body. */
  function checkReferences(input: { ownerDepartmentId: string | null; adminIds?: string[]; audience?: Audience }): void {
    const errors: Problem[] = [];
    if (input.ownerDepartmentId !== null && !lookup.departmentExists(input.ownerDepartmentId)) {
      errors.push(problem('/ownerDepartmentId', 'unknownDepartment', `Unknown department ${input.ownerDepartmentId}`, { id: input.ownerDepartmentId }));
    }
    (input.adminIds ?? []).forEach((id, i) => {
      if (!lookup.personActive(id)) errors.push(problem(`/adminIds/${i}`, 'unknownPerson', `Unknown or inactive person ${id}`, { id }));
    });
    (input.audience?.departmentIds ?? []).forEach((id, i) => {
      if (!lookup.departmentExists(id)) errors.push(problem(`/audience/departmentIds/${i}`, 'unknownDepartment', `Unknown department ${id}`, { id }));
    });
    if (errors.length) throw FormErrors.referenceUnknown(errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
  }

  function setStatus(user: CurrentUser, id: string, to: 'archive' | 'restore', meta?: ActorMeta): FormDefinition {
    const row = managedRow(user, id);
    const next = to === 'archive' ? 'archived' : row.status !== 'archived' ? row.status : row.publishedVersion !== null ? 'published' : 'draft';
    if (next !== row.status) {
      repo.setStatus(id, next, user.id, now());
      audit.record({ event: `forms.form.${to === 'archive' ? 'archived' : 'restored'}`, actor: actor(user, meta), ip: meta?.ip, target: { type: 'form', id, name: row.name } });
    }
    return definition(repo.form(id)!);
  }

  const service: FormDefinitions = {
    // ── FormsCatalog ─────────────────────────────────────────────
    form(id) {
      const row = repo.meta(id);
      return row ? toRecord(row) : null;
    },
    version: versionRecord,
    submittable(user, formId) {
      const row = repo.meta(formId);
      if (!row || row.status !== 'published' || row.publishedVersion === null) throw FormErrors.notFound();
      const form = toRecord(row);
      if (!inAudience(form.audience, userPath(user))) throw FormErrors.notFound();
      const version = versionRecord(formId, row.publishedVersion);
      if (!version) throw FormErrors.notFound();
      return { form, version };
    },
    canManage: (user, form) => canManageOwner(user, form.ownerDepartmentId),
    canSeeStats: maySeeStats,
    calendar: () => calendarStore.get(),
    nextSerial(formId, at) {
      const seq = repo.nextSeq(formId);
      if (seq === null) throw FormErrors.notFound();
      return formatSerial(at, seq);
    },

    // ── catalogue and management lists ───────────────────────────
    templates: templateSummaries,
    catalogue(user, liveCount) {
      const path = userPath(user);
      const out: FormSummary[] = [];
      for (const row of repo.published()) {
        const form = toRecord(row);
        if (!inAudience(form.audience, path)) continue;
        const version = versionRecord(row.id, row.publishedVersion!);
        if (!version) continue;
        out.push({
          id: row.id, name: row.name, description: row.description, icon: row.icon, category: row.category, version: version.version,
          hasApproval: hasApproval(version.flow), capacity: version.settings.capacity ?? null, taken: liveCount(row.id),
        });
      }
      return out;
    },
    managed(user) {
      const scope = managedScope(user);
      const counts = repo.submissionCounts();
      return repo
        .all()
        .filter((row) => scope === 'all' || (row.ownerDepartmentId !== null && scope.has(row.ownerDepartmentId)))
        .map((row) => ({
          id: row.id, name: row.name, description: row.description, icon: row.icon, category: row.category, status: row.status,
          publishedVersion: row.publishedVersion, draftChanged: row.draftChanged === 1, ownerDepartmentId: row.ownerDepartmentId,
          ownerDepartmentName: row.ownerDepartmentId ? org.departmentName(row.ownerDepartmentId) : null,
          submissionCount: counts.get(row.id) ?? 0, updatedAt: row.updatedAt,
        }));
    },
    statsForms(user) {
      const counts = repo.submissionCounts();
      const rank = (row: FormMetaRow) => (row.status === 'archived' ? 1 : 0);
      return repo
        .all()
        .filter((row) => row.publishedVersion !== null && maySeeStats(user, { ownerDepartmentId: row.ownerDepartmentId, adminIds: json<string[]>(row.adminIds) }))
        .sort((a, b) => rank(a) - rank(b) || a.category.localeCompare(b.category) || a.name.localeCompare(b.name))
        .map((row) => ({
          id: row.id, name: row.name, icon: row.icon, category: row.category, status: row.status, publishedVersion: row.publishedVersion!,
          ownerDepartmentName: row.ownerDepartmentId ? org.departmentName(row.ownerDepartmentId) : null, submissionCount: counts.get(row.id) ?? 0,
        }));
    },

    // ── the builder ──────────────────────────────────────────────
    create(user, input, meta) {
      const owner = input.ownerDepartmentId !== undefined ? input.ownerDepartmentId : defaultOwner(user);
      if (owner === undefined || !canManageOwner(user, owner)) throw FormErrors.forbidden(owner ? 'You do not manage forms of that department' : 'Only school-wide form managers may create school-wide forms');
      checkReferences({ ownerDepartmentId: owner });
      const byName = new Map(org.listDepartments().map((dep) => [dep.name, dep.id]));
      const draft = input.template
        ? templateDraft(input.template, (name) => byName.get(name) ?? null)
        : { description: '', icon: 'form', category: '', schema: BLANK_SCHEMA, flow: { nodes: [] } as Flow, settings: {} as FormSettings };
      const id = newId(clock.now().getTime());
      repo.insert({
        id, name: input.name, description: draft.description, icon: draft.icon, category: draft.category, template: input.template ?? null,
        ownerDepartmentId: owner, audience: JSON.stringify({ all: true, departmentIds: [] } satisfies Audience), adminIds: '[]',
        draftSchema: JSON.stringify(draft.schema), draftFlow: JSON.stringify(draft.flow), draftSettings: JSON.stringify(draft.settings),
        by: user.id, at: now(),
      });
      audit.record({ event: 'forms.form.created', actor: actor(user, meta), ip: meta?.ip, target: { type: 'form', id, name: input.name }, details: { template: input.template ?? null, ownerDepartmentId: owner } });
      return definition(repo.form(id)!);
    },
    get: (user, id) => definition(managedRow(user, id)),
    save(user, id, input, meta) {
      const row = managedRow(user, id);
      if (input.ownerDepartmentId !== row.ownerDepartmentId) {
        if (!canManageOwner(user, input.ownerDepartmentId)) throw FormErrors.forbidden('You do not manage forms of the new owning department');
        audit.record({ event: 'forms.form.owner_changed', actor: actor(user, meta), ip: meta?.ip, target: { type: 'form', id, name: row.name }, details: { from: row.ownerDepartmentId, to: input.ownerDepartmentId } });
      }
      checkReferences(input);
      repo.saveDraft({
        id, name: input.name, description: input.description, icon: input.icon, category: input.category, ownerDepartmentId: input.ownerDepartmentId,
        audience: JSON.stringify({ all: input.audience.all, departmentIds: [...new Set(input.audience.departmentIds)] }),
        adminIds: JSON.stringify([...new Set(input.adminIds)]),
        draftSchema: JSON.stringify(input.schema), draftFlow: JSON.stringify(input.flow), draftSettings: JSON.stringify(input.settings),
        by: user.id, at: now(),
      });
      return definition(repo.form(id)!);
    },
    publish(user, id, meta) {
      const version = repo.tx(() => {
        const row = managedRow(user, id);
        const problems = problemsOf(row);
        if (problems.length) throw FormErrors.invalid(`${problems.length} problem(s) to fix before publishing`, { errors: problems });
        const next = (row.publishedVersion ?? 0) + 1;
        const v: VersionRow = {
          formId: id, version: next, schema: row.draftSchema, flow: row.draftFlow, settings: row.draftSettings, publishedBy: user.id, publishedAt: now(),
        };
        repo.publish(v);
        return { next, name: row.name };
      });
      audit.record({ event: 'forms.form.published', actor: actor(user, meta), ip: meta?.ip, target: { type: 'form', id, name: version.name }, details: { version: version.next } });
      return definition(repo.form(id)!);
    },
    archive: (user, id, meta) => setStatus(user, id, 'archive', meta),
    restore: (user, id, meta) => setStatus(user, id, 'restore', meta),
    versions(user, id) {
      managedRow(user, id);
      const counts = repo.versionCounts(id);
      return repo.versions(id).map((v) => ({
        version: v.version, publishedAt: v.publishedAt,
        publishedBy: v.publishedBy ? (org.userRow(v.publishedBy)?.displayName ?? null) : null,
        submissionCount: counts.get(v.version) ?? 0,
      }));
    },
    fill(user, id, liveCount) {
      const { form, version } = service.submittable(user, id);
      const row = repo.meta(id)!;
      return {
        formId: id, version: version.version, name: form.name, description: row.description, icon: form.icon, schema: version.schema,
        hasApproval: hasApproval(version.flow), capacity: version.settings.capacity ?? null, taken: liveCount(id), calendar: calendarStore.get(),
      };
    },

    // ── school calendar ──────────────────────────────────────────
    setCalendar(user, calendar, meta) {
      if (!managesSchool(user)) throw FormErrors.forbidden('Only school-wide form managers may change the school calendar');
      return calendarStore.set(calendar, actor(user, meta));
    },
  };
  return service;
}
