import { api } from '../../api/client';
import type { Me, TotpSetup } from '../../api/types';

export const totpApi = {
  setup: () => api.post<TotpSetup>('/api/auth/totp/setup'),
  enable: (code: string) => api.post<Me>('/api/auth/totp/enable', { code }),
  disable: (password: string) => api.post<Me>('/api/auth/totp/disable', { password }),
};
