// Which channels the school uses and whether I have an address there (push devices, email, mobile number).
import { t, type MessageKey } from '../../../i18n';
import { Badge, Card, Icon, type IconName, type Tone } from '../../../ui';
import type { ChannelName, MyDeliveryPrefs } from './notify.api';

export const CHANNEL_LABEL: Record<ChannelName, MessageKey> = { webpush: 'notify.channels.webpush', email: 'notify.channels.email', sms: 'notify.channels.sms' };
const ICON: Record<ChannelName, IconName> = { webpush: 'bell', email: 'mail', sms: 'phone' };

function status(c: MyDeliveryPrefs['channels'][number], devices: number): { text: string; tone: Tone } {
  if (!c.enabled) return { text: t('notify.channels.off'), tone: 'neutral' };
  if (c.channel === 'webpush') return devices > 0 ? { text: t('notify.channels.pushDevices', { n: devices }), tone: 'success' } : { text: t('notify.channels.pushNone'), tone: 'warning' };
  if (c.channel === 'email') return c.reachable ? { text: t('notify.channels.emailSet'), tone: 'success' } : { text: t('notify.channels.emailMissing'), tone: 'warning' };
  return c.reachable ? { text: t('notify.channels.smsSet'), tone: 'success' } : { text: t('notify.channels.smsMissing'), tone: 'warning' };
}

export function ChannelsCard({ data }: { data: MyDeliveryPrefs }) {
  return (
    <Card title={t('notify.channels.title')} description={t('notify.channels.description')} flush>
      <ul class="notify-channels" aria-label={t('notify.channels.title')}>
        <li class="notify-channel">
          <span class="session-icon" aria-hidden="true">
            <Icon name="inbox" />
          </span>
          <span class="grow notify-channel-name">{t('notify.channels.app')}</span>
          <Badge tone="success">{t('notify.channels.appStatus')}</Badge>
        </li>
        {data.channels.map((c) => {
          const s = status(c, data.pushDevices);
          return (
            <li key={c.channel} class="notify-channel">
              <span class="session-icon" aria-hidden="true">
                <Icon name={ICON[c.channel]} />
              </span>
              <span class="grow notify-channel-name">{t(CHANNEL_LABEL[c.channel])}</span>
              <Badge tone={s.tone}>{s.text}</Badge>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
