// Meetings' endpoints (server/modules/meetings/meetings.dto.ts is the contract; its types are imported
// type-only, so nothing from the server reaches the bundle).
import { api } from '../../api/client';
import type {
  CalendarOccurrences,
  FeedCreated,
  FeedStatus,
  InstantInput,
  MeetingAttendance,
  MeetingDetail,
  MeetingInput,
  MeetingList,
  MeetingRespond,
} from '../../../server/modules/meetings/meetings.dto';

export type {
  AnnotateMode,
  AttendanceRow,
  CalendarOccurrence,
  CalendarOccurrences,
  FeedCreated,
  FeedStatus,
  InstantInput,
  MeetingAttachment,
  MeetingAttendance,
  MeetingDetail,
  MeetingInput,
  MeetingList,
  MeetingListItem,
  MeetingMember,
  MeetingRecurrence,
  MeetingResponse,
  MeetingRole,
  Occurrence,
  RecurrenceFreq,
} from '../../../server/modules/meetings/meetings.dto';

const enc = encodeURIComponent;
export const meetingPath = (id: string) => `/api/meetings/${enc(id)}`;
export const attendanceXlsxUrl = (id: string) => `${meetingPath(id)}/attendance.xlsx`;
export const meetingAttachmentUrl = (id: string, fileId: string) => `${meetingPath(id)}/attachments/${enc(fileId)}`;

export const meetingsApi = {
  list: (when: 'upcoming' | 'past', limit = 100) => api.get<MeetingList>('/api/meetings', { query: { when, limit } }),
  calendar: (from: string, to: string) => api.get<CalendarOccurrences>('/api/meetings/calendar', { query: { from, to } }),
  detail: (id: string) => api.get<MeetingDetail>(meetingPath(id)),
  create: (input: MeetingInput) => api.post<MeetingDetail>('/api/meetings', input),
  update: (id: string, input: MeetingInput) => api.put<MeetingDetail>(meetingPath(id), input),
  cancel: (id: string, reason?: string) => api.post<MeetingDetail>(`${meetingPath(id)}/cancel`, reason ? { reason } : {}),
  respond: (id: string, response: MeetingRespond['response']) => api.post<MeetingDetail>(`${meetingPath(id)}/respond`, { response }),
  instant: (input: InstantInput) => api.post<MeetingDetail>('/api/meetings/instant', input),
  attendance: (id: string) => api.get<MeetingAttendance>(`${meetingPath(id)}/attendance`),
  feed: () => api.get<FeedStatus>('/api/meetings/feed'),
  rotateFeed: () => api.post<FeedCreated>('/api/meetings/feed'),
  deleteFeed: () => api.del('/api/meetings/feed'),
};
