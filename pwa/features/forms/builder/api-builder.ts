// The builder's endpoints: the forms I manage, templates, one form's working draft (save, publish, versions,
// archive/restore) and the school calendar. Shapes come from server/modules/forms/forms.dto.ts.
import { api } from '../../../api/client';
import type { SchoolCalendar } from '../../../../server/lib/form-schema';
import type {
  FormAdminSummary,
  FormCreate,
  FormDefinition,
  FormDraftSave,
  FormVersionSummary,
  SchoolCalendarDto,
  TemplateSummary,
} from '../../../../server/modules/forms/forms.dto';

export type { FormAdminSummary, FormCreate, FormDefinition, FormDraftSave, FormVersionSummary, TemplateSummary } from '../../../../server/modules/forms/forms.dto';

const enc = encodeURIComponent;
const path = (id: string) => `/api/forms/${enc(id)}`;

/** Lists may come bare or as { items }. */
const items = <T>(r: T[] | { items: T[] }): T[] => (Array.isArray(r) ? r : r.items);

export const builderApi = {
  list: async () => items(await api.get<FormAdminSummary[] | { items: FormAdminSummary[] }>('/api/forms/manage')),
  templates: async () => items(await api.get<TemplateSummary[] | { items: TemplateSummary[] }>('/api/forms/templates')),
  create: (body: FormCreate) => api.post<FormDefinition>('/api/forms', body, { idempotencyKey: true }),
  get: (id: string) => api.get<FormDefinition>(path(id)),
  save: (id: string, body: FormDraftSave) => api.put<FormDefinition>(path(id), body),
  publish: (id: string) => api.post<FormDefinition>(`${path(id)}/publish`, {}),
  archive: (id: string) => api.post<FormDefinition>(`${path(id)}/archive`, {}),
  restore: (id: string) => api.post<FormDefinition>(`${path(id)}/restore`, {}),
  versions: async (id: string) => items(await api.get<FormVersionSummary[] | { items: FormVersionSummary[] }>(`${path(id)}/versions`)),
  calendar: () => api.get<SchoolCalendarDto>('/api/forms/calendar'),
  saveCalendar: (cal: SchoolCalendar) => api.put<SchoolCalendarDto>('/api/forms/calendar', { holidays: cal.holidays, workdays: cal.workdays }),
};

/** What a PUT sends, taken from the loaded definition and the builder's edits. */
export function draftOf(def: FormDefinition): FormDraftSave {
  return {
    name: def.name,
    description: def.description,
    icon: def.icon,
    category: def.category,
    ownerDepartmentId: def.ownerDepartmentId,
    audience: def.audience,
    adminIds: def.admins.map((a) => a.id),
    schema: def.schema,
    flow: def.flow,
    settings: def.settings,
  };
}
