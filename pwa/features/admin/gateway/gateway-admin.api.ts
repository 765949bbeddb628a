// Admin › 通知渠道: the channel configuration, the delivery dashboard and "send test".
import type { Static } from 'typebox';
import type { ChannelName, GatewayConfig, GatewayConfigView, GatewayDashboard, SendTestResult } from '../../../../server/modules/gateway/gateway.dto';
import { api } from '../../../api/client';

export type TestResult = Static<typeof SendTestResult>;

export const gatewayAdminApi = {
  get: () => api.get<GatewayConfigView>('/api/admin/gateway'),
  /** The whole configuration; secrets left out keep their stored value. */
  save: (config: GatewayConfig) => api.put<GatewayConfigView>('/api/admin/gateway', config),
  dashboard: () => api.get<GatewayDashboard>('/api/admin/gateway/dashboard', { query: { days: 14 } }),
  test: (channel: ChannelName, to?: string) => api.post<TestResult>('/api/admin/gateway/test', to ? { channel, to } : { channel }),
};
