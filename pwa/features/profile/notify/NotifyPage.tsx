// 消息通知: push on this device, the channels and my addresses there, per-category switches per channel and
// quiet hours. Reached from Profile.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Icon, LoadingBlock } from '../../../ui';
import { ChannelsCard } from './ChannelsCard';
import { DeliveryPrefsForm } from './DeliveryPrefsForm';
import { PushDeviceCard } from './PushDeviceCard';
import { notifyApi, type MyDeliveryPrefs } from './notify.api';
import './notify.css';

export default function NotifyPage(_: RouteProps) {
  usePageTitle(t('notify.title'));
  const [data, setData] = useState<MyDeliveryPrefs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => notifyApi.mine().then(setData, (e) => setError(errorText(e)));
  useEffect(() => void load(), []);

  return (
    <div class="page notify-page">
      <div class="page-head">
        <div>
          <a class="notify-back small" href="/profile">
            <Icon name="chevronRight" size={16} />
            {t('notify.backToProfile')}
          </a>
          <h1>{t('notify.title')}</h1>
          <p>{t('notify.subtitle')}</p>
        </div>
      </div>
      <Alert tone="info">{t('notify.urgentNote')}</Alert>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {!data && !error ? <LoadingBlock /> : null}
      {data ? (
        <div class="notify-grid">
          <div class="stack">
            <PushDeviceCard onDevicesChanged={() => void load()} />
            <ChannelsCard data={data} />
          </div>
          <DeliveryPrefsForm data={data} onSaved={setData} />
        </div>
      ) : null}
    </div>
  );
}
