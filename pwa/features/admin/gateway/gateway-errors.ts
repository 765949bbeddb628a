// The gateway's problem codes in words, with the channel and the field they name; anything else goes
// through the app-wide errorText().
import type { ChannelName } from '../../../../server/modules/gateway/gateway.dto';
import { ApiError } from '../../../api/client';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { channelLabel } from './ladder';

const isChannel = (v: unknown): v is ChannelName => v === 'webpush' || v === 'email' || v === 'sms';

export function gatewayErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return errorText(err);
  const channel = isChannel(err.extras.channel) ? err.extras.channel : null;
  switch (err.code) {
    case 'CHANNEL_NOT_CONFIGURED':
      return t('gatewayAdmin.errors.notConfigured', { channel: channel ? channelLabel(channel) : '' });
    case 'CHANNEL_NO_ADDRESS':
      if (channel === 'webpush') return t('gatewayAdmin.errors.noPushDevice');
      if (channel === 'sms') return t('gatewayAdmin.errors.noPhone');
      return t('gatewayAdmin.errors.noEmail');
    case 'GATEWAY_CONFIG_INVALID': {
      const field = typeof err.extras.field === 'string' ? err.extras.field : '';
      if (field === 'smtp') return t('gatewayAdmin.errors.configSmtp');
      if (field === 'sms.http.url') return t('gatewayAdmin.sms.urlInvalid');
      if (field === 'sms.gammu.device') return t('gatewayAdmin.sms.deviceMissing');
      return t('gatewayAdmin.errors.configInvalid');
    }
    default:
      return errorText(err);
  }
}
