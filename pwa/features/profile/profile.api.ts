import { api } from '../../api/client';
import type { SessionInfo } from '../../api/types';

export const sessionsApi = {
  list: () => api.get<{ items: SessionInfo[] }>('/api/auth/sessions'),
  revoke: (id: string) => api.del(`/api/auth/sessions/${encodeURIComponent(id)}`),
  revokeOthers: () => api.post<{ revoked: number }>('/api/auth/sessions/revoke-others'),
};
