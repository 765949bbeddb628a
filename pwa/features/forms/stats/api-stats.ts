// Statistics endpoints of one form: the numbers for a period and the Excel export of the same period.
import { api, buildUrl } from '../../../api/client';
import type { FormStats, StatsQuery } from '../../../../server/modules/forms/forms.dto';

export type { FormStats, StatsQuery } from '../../../../server/modules/forms/forms.dto';

const path = (formId: string) => `/api/forms/${encodeURIComponent(formId)}`;

export const statsApi = {
  get: (formId: string, q: StatsQuery, signal?: AbortSignal) => api.get<FormStats>(`${path(formId)}/stats`, { query: { ...q }, signal }),
  /** A plain link: the browser downloads the workbook with the server's file name. */
  exportUrl: (formId: string, q: StatsQuery) => buildUrl(`${path(formId)}/export.xlsx`, { ...q }),
};
