// The notice centre's endpoints (server/modules/notices/notices.dto.ts is the contract; its types are imported
// type-only, so nothing from the server reaches the bundle).
import { api, buildUrl } from '../../api/client';
import type {
  ManagedNoticePage,
  ManagedNoticesQuery,
  MyNoticesQuery,
  NoticeConfirm,
  NoticeCounts,
  NoticeDetail,
  NoticeInput,
  NoticePage,
  NoticePublish,
  NoticeRevision,
  NoticeRoster,
  NoticeSettings,
  NoticeVersions,
  PublishScope,
  RemindResult,
  RosterQuery,
} from '../../../server/modules/notices/notices.dto';

export type {
  ConfirmMode,
  DeliveryChannel,
  ManagedNoticePage,
  ManagedNoticesQuery,
  MyNoticesQuery,
  MyReceipt,
  NoticeAttachment,
  NoticeAudience,
  NoticeCategory,
  NoticeCounts,
  NoticeDetail,
  NoticeInput,
  NoticePage,
  NoticeStatus,
  NoticeSummary,
  NoticeUrgency,
  NoticeVersion,
  NoticeVersions,
  NoticeRoster,
  PersonRef,
  PublishScope,
  RemindResult,
  RosterAttempt,
  RosterDepartment,
  RosterEntry,
  RosterFilter,
  RosterCounts,
} from '../../../server/modules/notices/notices.dto';

const enc = encodeURIComponent;
export const noticePath = (id: string) => `/api/notices/${enc(id)}`;
export const attachmentUrl = (noticeId: string, fileId: string) => `${noticePath(noticeId)}/attachments/${enc(fileId)}`;
export const signatureUrl = (noticeId: string, userId: string) => `${noticePath(noticeId)}/roster/${enc(userId)}/signature`;
export const exportUrl = (noticeId: string) => `${noticePath(noticeId)}/export.xlsx`;

export const noticesApi = {
  mine: (q: MyNoticesQuery) => api.get<NoticePage>('/api/notices', { query: { limit: 20, ...q } }),
  counts: () => api.get<NoticeCounts>('/api/notices/counts'),
  scope: () => api.get<PublishScope>('/api/notices/scope'),
  managed: (q: ManagedNoticesQuery) => api.get<ManagedNoticePage>('/api/notices/managed', { query: { limit: 20, ...q } }),
  detail: (id: string) => api.get<NoticeDetail>(noticePath(id)),
  confirm: (id: string, body: NoticeConfirm, idempotencyKey: string) => api.post<NoticeDetail>(`${noticePath(id)}/confirm`, body, { idempotencyKey }),
  versions: (id: string) => api.get<NoticeVersions>(`${noticePath(id)}/versions`),
  create: (body: NoticeInput) => api.post<NoticeDetail>('/api/notices', body, { idempotencyKey: true }),
  update: (id: string, body: NoticeInput) => api.put<NoticeDetail>(noticePath(id), body),
  remove: (id: string) => api.del(noticePath(id)),
  publish: (id: string, body: NoticePublish) => api.post<NoticeDetail>(`${noticePath(id)}/publish`, body, { idempotencyKey: true }),
  unschedule: (id: string) => api.post<NoticeDetail>(`${noticePath(id)}/unschedule`),
  revise: (id: string, body: NoticeRevision) => api.post<NoticeDetail>(`${noticePath(id)}/revisions`, body, { idempotencyKey: true }),
  withdraw: (id: string, reason: string) => api.post<NoticeDetail>(`${noticePath(id)}/withdraw`, reason ? { reason } : {}, { idempotencyKey: true }),
  roster: (id: string, q: RosterQuery) => api.get<NoticeRoster>(`${noticePath(id)}/roster`, { query: { limit: 500, ...q } }),
  remind: (id: string) => api.post<RemindResult>(`${noticePath(id)}/remind`, undefined, { idempotencyKey: true }),
  settings: () => api.get<NoticeSettings>('/api/admin/notices/settings'),
  saveSettings: (publisherIds: string[]) => api.put<NoticeSettings>('/api/admin/notices/settings', { publisherIds }),
};

export { buildUrl };
