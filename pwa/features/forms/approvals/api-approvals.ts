// Approvals endpoints used by the approvals pages: the catalogue, the four boxes, one submission and its
// actions, batch approval and delegation. Shapes come from the server's DTOs (server/modules/forms/forms.dto.ts).
import { api } from '../../../api/client';
import type {
  ActionRequest,
  ApprovalBox,
  ApprovalCounts,
  BatchResult,
  Delegation,
  DelegationSet,
  FormSummary,
  StatsFormSummary,
  SubmissionDetail,
  SubmissionPage,
  SubmissionStatus,
} from '../../../../server/modules/forms/forms.dto';

export type {
  ActionRequest,
  ActionType,
  ApprovalBox,
  ApprovalCounts,
  BatchResult,
  Delegation,
  FormSummary,
  HistoryView,
  StatsFormSummary,
  PersonRef,
  StepView,
  SubmissionDetail,
  SubmissionListItem,
  SubmissionPage,
  SubmissionStatus,
  TaskView,
} from '../../../../server/modules/forms/forms.dto';

export interface BoxQuery {
  box: ApprovalBox;
  formId?: string;
  status?: SubmissionStatus;
  cursor?: string | null;
  limit?: number;
}

const id = (v: string) => encodeURIComponent(v);

export const submissionPath = (submissionId: string) => `/api/submissions/${id(submissionId)}`;
export const signatureUrl = (submissionId: string, historyId: number) => `${submissionPath(submissionId)}/signatures/${historyId}`;
export const pdfUrl = (submissionId: string) => `${submissionPath(submissionId)}/pdf`;

export const approvalsApi = {
  catalogue: () => api.get<FormSummary[]>('/api/forms'),
  /** Forms whose statistics the caller may see (managers, a form's own admins, school leaders): the 统计 picker. */
  statsForms: () => api.get<StatsFormSummary[]>('/api/forms/stats'),
  list: (q: BoxQuery) => api.get<SubmissionPage>('/api/approvals', { query: { limit: 30, ...q } }),
  counts: () => api.get<ApprovalCounts>('/api/approvals/counts'),
  batch: (ids: string[], comment?: string) => api.post<BatchResult>('/api/approvals/batch', comment ? { ids, comment } : { ids }, { idempotencyKey: true }),
  detail: (submissionId: string) => api.get<SubmissionDetail>(submissionPath(submissionId)),
  /** The same key is reused when the person retries the same action after a network failure. */
  act: (submissionId: string, body: ActionRequest, idempotencyKey: string) =>
    api.post<SubmissionDetail>(`${submissionPath(submissionId)}/actions`, body, { idempotencyKey }),
  delegation: () => api.get<{ delegation: Delegation | null }>('/api/approvals/delegation'),
  setDelegation: (body: DelegationSet) => api.put<{ delegation: Delegation | null }>('/api/approvals/delegation', body),
  clearDelegation: () => api.del('/api/approvals/delegation'),
};
