// The fill page's endpoints: the published form, the route preview, submitting (with an Idempotency-Key), and a
// returned submission to edit and resubmit. Shapes come from server/modules/forms/forms.dto.ts.
import { api } from '../../../api/client';
import type { Answers, SchoolCalendar } from '../../../../server/lib/form-schema';
import type { FormFill, RoutePreview, SubmissionDetail } from '../../../../server/modules/forms/forms.dto';

export type { FormFill, RoutePreview, SubmissionDetail } from '../../../../server/modules/forms/forms.dto';

const enc = encodeURIComponent;

export const submitPath = (formId: string) => `/api/forms/${enc(formId)}/submissions`;
export const resubmitPath = (submissionId: string) => `/api/submissions/${enc(submissionId)}`;

export const fillApi = {
  form: (formId: string) => api.get<FormFill>(`/api/forms/${enc(formId)}/fill`),
  routePreview: (formId: string, answers: Answers) => api.post<RoutePreview>(`/api/forms/${enc(formId)}/route-preview`, { answers }),
  submit: (formId: string, version: number, answers: Answers, key: string) =>
    api.post<{ id: string }>(submitPath(formId), { version, answers }, { idempotencyKey: key }),
  calendar: () => api.get<SchoolCalendar>('/api/forms/calendar'),
  submission: (id: string) => api.get<SubmissionDetail>(resubmitPath(id)),
  resubmit: (id: string, answers: Answers, key: string) => api.put<{ id: string }>(resubmitPath(id), { answers }, { idempotencyKey: key }),
};
