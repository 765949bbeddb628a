// GET /api/meetings/:id/recordings (server/modules/meetings/recording/recording.dto.ts is the contract;
// imported type-only). The bytes are the documents store's: /api/files/nodes/:fileId/content serves Range.
import { api } from '../../../api/client';
import type { MeetingRecording, MeetingRecordings } from '../../../../server/modules/meetings/meetings.recordings.dto';

export type { MeetingRecording, MeetingRecordings };

export const recordingsApi = {
  list: (meetingId: string) => api.get<MeetingRecordings>(`/api/meetings/${encodeURIComponent(meetingId)}/recordings`),
};

export const recordingUrl = (fileId: string) => `/api/files/nodes/${encodeURIComponent(fileId)}/content`;

/** 1:02:03 / 4:05 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
