// Admin endpoints: people, departments, org chart, staff import, audit, settings, document rules.
import { api, buildUrl } from '../../api/client';
import type {
  AuditEntry,
  ChartNode,
  Department,
  FilesPolicy,
  ImportPreview,
  ImportResult,
  Page,
  Person,
  Position,
  QuotaUsage,
  RoleGrant,
  Settings,
  Spaces,
} from '../../api/types';

export interface PersonInput {
  username?: string;
  displayName?: string;
  employeeNo?: string | null;
  phone?: string | null;
  email?: string | null;
  departmentId?: string | null;
  positionId?: string | null;
  supervisorId?: string | null;
  active?: boolean;
  roles?: { role: string; departmentId?: string | null }[];
}

export interface AuditFilters {
  event?: string;
  actor?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

export const orgApi = {
  departments: () => api.get<{ items: Department[] }>('/api/org/departments'),
  createDepartment: (body: { name: string; parentId?: string | null; headId?: string | null }) =>
    api.post<Department>('/api/org/departments', body, { idempotencyKey: true }),
  updateDepartment: (id: string, body: { name?: string; parentId?: string | null; headId?: string | null; sortOrder?: number }) =>
    api.patch<Department>(`/api/org/departments/${id}`, body),
  deleteDepartment: (id: string) => api.del(`/api/org/departments/${id}`),
  positions: () => api.get<{ items: Position[] }>('/api/org/positions'),
  createPosition: (name: string) => api.post<Position>('/api/org/positions', { name }, { idempotencyKey: true }),
  chart: () => api.get<{ roots: ChartNode[] }>('/api/org/chart'),
  people: (q: { q?: string; departmentId?: string; cursor?: string | null; limit?: number }) => api.get<Page<Person>>('/api/org/people', { query: q }),
  person: (id: string) => api.get<Person>(`/api/org/people/${id}`),
  createPerson: (body: PersonInput) => api.post<{ person: Person; initialPassword: string }>('/api/org/people', body, { idempotencyKey: true }),
  updatePerson: (id: string, body: PersonInput) => api.patch<Person>(`/api/org/people/${id}`, body),
  setRoles: (id: string, roles: Pick<RoleGrant, 'role' | 'departmentId'>[]) => api.put<Person>(`/api/org/people/${id}/roles`, { roles }),
  resetPassword: (id: string) => api.post<{ initialPassword: string }>(`/api/org/people/${id}/reset-password`, undefined, { idempotencyKey: true }),
  unlock: (id: string) => api.post<Person>(`/api/org/people/${id}/unlock`),
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const importApi = {
  templateCsvUrl: '/api/org/imports/template.csv',
  templateXlsxUrl: '/api/org/imports/template.xlsx',
  upload: (file: File) => {
    const isXlsx = /\.xlsx$/i.test(file.name);
    return api.post<ImportPreview & { willCreate?: { departments: string[]; positions: string[] } }>('/api/org/imports', file, {
      headers: { 'Content-Type': isXlsx ? XLSX_TYPE : 'text/csv', 'X-File-Name': encodeURIComponent(file.name) },
    });
  },
  commit: (id: string) => api.post<ImportResult & { failed?: { row: number; code: string; message: string }[] }>(`/api/org/imports/${id}/commit`, undefined, { idempotencyKey: true }),
};

export const auditApi = {
  list: (filters: AuditFilters, cursor?: string | null) => api.get<Page<AuditEntry>>('/api/admin/audit', { query: { ...filters, cursor, limit: 50 } }),
  exportUrl: (filters: AuditFilters) => buildUrl('/api/admin/audit/export.csv', { ...filters }),
};

export const settingsApi = {
  get: () => api.get<Settings>('/api/admin/settings'),
  update: (patch: Partial<Settings>) => api.patch<Settings>('/api/admin/settings', patch),
};

export const filesAdminApi = {
  policy: () => api.get<FilesPolicy>('/api/files/policy'),
  updatePolicy: (patch: Partial<FilesPolicy>) => api.patch<FilesPolicy>('/api/files/policy', patch),
  /** Spaces appear on first use; listing them as an admin creates every department's space. */
  spaces: () => api.get<Spaces>('/api/files/spaces'),
  quotas: () => api.get<{ items: QuotaUsage[] }>('/api/files/quotas'),
  setQuota: (spaceId: string, limit: number | null) => api.put<QuotaUsage>('/api/files/quotas', { spaceId, limit }),
};
