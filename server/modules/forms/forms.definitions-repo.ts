// SQL for form definitions: the forms table (meta + working draft) and its published versions. Prepared
// statements on better-sqlite3; what must be atomic runs inside `tx()`.
import type { Sqlite } from '../../db/client.js';

export interface FormMetaRow {
  id: string;
  name: string;
  description: string;
  icon: string;
  category: string;
  template: string | null;
  ownerDepartmentId: string | null;
  audience: string;
  adminIds: string;
  status: 'draft' | 'published' | 'archived';
  publishedVersion: number | null;
  draftChanged: number;
  updatedAt: string;
}

export interface FormRow extends FormMetaRow {
  draftSchema: string;
  draftFlow: string;
  draftSettings: string;
}

export interface VersionRow {
  formId: string;
  version: number;
  schema: string;
  flow: string;
  settings: string;
  publishedBy: string | null;
  publishedAt: string;
}

export interface NewForm {
  id: string;
  name: string;
  description: string;
  icon: string;
  category: string;
  template: string | null;
  ownerDepartmentId: string | null;
  audience: string;
  adminIds: string;
  draftSchema: string;
  draftFlow: string;
  draftSettings: string;
  by: string;
  at: string;
}

export type DraftUpdate = Omit<NewForm, 'template' | 'by' | 'at'> & { by: string; at: string };

const META = `id, name, description, icon, category, template, owner_department_id AS ownerDepartmentId, audience,
  admin_ids AS adminIds, status, published_version AS publishedVersion, draft_changed AS draftChanged, updated_at AS updatedAt`;

export function createDefinitionsRepo(sqlite: Sqlite) {
  const s = {
    insert: sqlite.prepare(`INSERT INTO forms (id, name, description, icon, category, template, owner_department_id, audience, admin_ids, status,
      draft_schema, draft_flow, draft_settings, draft_changed, created_by, created_at, updated_by, updated_at)
      VALUES (@id, @name, @description, @icon, @category, @template, @ownerDepartmentId, @audience, @adminIds, 'draft',
      @draftSchema, @draftFlow, @draftSettings, 1, @by, @at, @by, @at)`),
    form: sqlite.prepare(`SELECT ${META}, draft_schema AS draftSchema, draft_flow AS draftFlow, draft_settings AS draftSettings FROM forms WHERE id = ?`),
    meta: sqlite.prepare(`SELECT ${META} FROM forms WHERE id = ?`),
    all: sqlite.prepare(`SELECT ${META} FROM forms ORDER BY updated_at DESC, id DESC`),
    published: sqlite.prepare(`SELECT ${META} FROM forms WHERE status = 'published' AND published_version IS NOT NULL ORDER BY category, name, id`),
    saveDraft: sqlite.prepare(`UPDATE forms SET name = @name, description = @description, icon = @icon, category = @category,
      owner_department_id = @ownerDepartmentId, audience = @audience, admin_ids = @adminIds, draft_schema = @draftSchema,
      draft_flow = @draftFlow, draft_settings = @draftSettings, draft_changed = 1, updated_by = @by, updated_at = @at WHERE id = @id`),
    setStatus: sqlite.prepare(`UPDATE forms SET status = ?, updated_by = ?, updated_at = ? WHERE id = ?`),
    markPublished: sqlite.prepare(`UPDATE forms SET status = 'published', published_version = ?, draft_changed = 0, updated_by = ?, updated_at = ? WHERE id = ?`),
    insertVersion: sqlite.prepare(`INSERT INTO form_versions (form_id, version, schema, flow, settings, published_by, published_at)
      VALUES (@formId, @version, @schema, @flow, @settings, @publishedBy, @publishedAt)`),
    version: sqlite.prepare(`SELECT form_id AS formId, version, schema, flow, settings, published_by AS publishedBy, published_at AS publishedAt
      FROM form_versions WHERE form_id = ? AND version = ?`),
    versions: sqlite.prepare(`SELECT form_id AS formId, version, '' AS schema, '' AS flow, '' AS settings, published_by AS publishedBy, published_at AS publishedAt
      FROM form_versions WHERE form_id = ? ORDER BY version DESC`),
    countsByForm: sqlite.prepare(`SELECT form_id AS formId, count(*) AS n FROM submissions GROUP BY form_id`),
    countsByVersion: sqlite.prepare(`SELECT form_version AS version, count(*) AS n FROM submissions WHERE form_id = ? GROUP BY form_version`),
    nextSeq: sqlite.prepare(`UPDATE forms SET submission_seq = submission_seq + 1 WHERE id = ? RETURNING submission_seq AS seq`),
  };

  return {
    tx<T>(fn: () => T): T {
      return sqlite.transaction(fn)();
    },
    insert: (f: NewForm) => void s.insert.run(f),
    form: (id: string) => s.form.get(id) as FormRow | undefined,
    meta: (id: string) => s.meta.get(id) as FormMetaRow | undefined,
    all: () => s.all.all() as FormMetaRow[],
    published: () => s.published.all() as FormMetaRow[],
    saveDraft: (u: DraftUpdate) => void s.saveDraft.run(u),
    setStatus: (id: string, status: FormMetaRow['status'], by: string, at: string) => void s.setStatus.run(status, by, at, id),
    publish(v: VersionRow): void {
      s.insertVersion.run(v);
      s.markPublished.run(v.version, v.publishedBy, v.publishedAt, v.formId);
    },
    version: (formId: string, version: number) => s.version.get(formId, version) as VersionRow | undefined,
    versions: (formId: string) => s.versions.all(formId) as VersionRow[],
    submissionCounts(): Map<string, number> {
      return new Map((s.countsByForm.all() as { formId: string; n: number }[]).map((r) => [r.formId, r.n]));
    },
    versionCounts(formId: string): Map<number, number> {
      return new Map((s.countsByVersion.all(formId) as { version: number; n: number }[]).map((r) => [r.version, r.n]));
    },
    /** Bumps and returns the form's submission counter (null for an unknown form). */
    nextSeq: (formId: string): number | null => (s.nextSeq.get(formId) as { seq: number } | undefined)?.seq ?? null,
  };
}
export type DefinitionsRepo = ReturnType<typeof createDefinitionsRepo>;
