import { t } from '../i18n';
import { Icon } from '../ui';
import { online } from '../state/connectivity';

export function OfflineBanner() {
  if (online.value) return null;
  return (
    <div class="offline-banner" role="status">
      <Icon name="wifiOff" size={18} />
      <span>{t('offline.banner')}</span>
    </div>
  );
}
