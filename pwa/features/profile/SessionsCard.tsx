// Where the account is signed in; sign out one device or every other device.
import { useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { Alert, Badge, Button, Card, Dialog, Icon, LoadingBlock, toast } from '../../ui';
import { sessionsApi } from './profile.api';

/** "Chrome · Windows" from the session's device field or, failing that, its user agent. */
export function deviceName(s: SessionInfo): string {
  if (s.device) return s.device;
  const ua = s.userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /MicroMessenger/.test(ua) ? t('sessions.wechat') : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return [browser, os].filter(Boolean).join(' · ') || t('sessions.unknownDevice');
}

function isPhone(s: SessionInfo): boolean {
  return /Android|iPhone|Mobile/.test(s.userAgent ?? s.device ?? '');
}

export function SessionsCard() {
  const [items, setItems] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);

  const load = () =>
    sessionsApi.list().then(
      (r) => setItems([...r.items].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt))),
      (e) => setError(errorText(e)),
    );
  useEffect(() => void load(), []);

  const revoke = async (s: SessionInfo) => {
    setBusyId(s.id);
    try {
      await sessionsApi.revoke(s.id);
      setItems((list) => list?.filter((x) => x.id !== s.id) ?? null);
      toast(t('sessions.revoked'), 'success');
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusyId(null);
    }
  };

  const revokeOthers = async () => {
    setBusyId('others');
    try {
      const r = await sessionsApi.revokeOthers();
      setConfirmAll(false);
      toast(t('sessions.revokedOthers', { n: r.revoked }), 'success');
      await load();
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusyId(null);
    }
  };

  const others = items?.filter((s) => !s.current).length ?? 0;
  return (
    <Card
      title={t('sessions.title')}
      description={t('sessions.description')}
      actions={
        others > 0 ? (
          <Button variant="danger-ghost" onClick={() => setConfirmAll(true)}>
            {t('sessions.revokeOthers')}
          </Button>
        ) : null
      }
      flush
    >
      {error ? <div class="card-pad"><Alert tone="danger">{error}</Alert></div> : null}
      {!items && !error ? <LoadingBlock /> : null}
      {items ? (
        <ul class="session-list" aria-label={t('sessions.title')}>
          {items.map((s) => (
            <li key={s.id} class="session-row" aria-label={s.current ? `${deviceName(s)} · ${t('sessions.thisDevice')}` : deviceName(s)}>
              <span class="session-icon" aria-hidden="true">
                <Icon name={isPhone(s) ? 'phone' : 'device'} />
              </span>
              <div class="grow">
                <p class="session-name">
                  {deviceName(s)}
                  {s.current ? <Badge tone="success">{t('sessions.thisDevice')}</Badge> : null}
                </p>
                <p class="small muted">
                  {[s.ip, t('sessions.lastSeen', { when: formatRelative(s.lastSeenAt) })].filter(Boolean).join(' · ')}
                </p>
                <p class="xsmall muted">{t('sessions.signedInAt', { when: formatDateTime(s.createdAt) })}</p>
              </div>
              {s.current ? null : (
                <Button size="sm" variant="ghost" loading={busyId === s.id} onClick={() => void revoke(s)} aria-label={t('sessions.revokeNamed', { device: deviceName(s) })}>
                  {t('sessions.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog open={confirmAll} onClose={() => setConfirmAll(false)} title={t('sessions.revokeOthers')} description={t('sessions.revokeOthersText', { n: others })}>
        <div class="dialog-actions">
          <Button variant="ghost" onClick={() => setConfirmAll(false)}>
            {t('common.cancel')}
          </Button>
          <Button variant="danger" loading={busyId === 'others'} onClick={() => void revokeOthers()}>
            {t('sessions.revokeOthersConfirm')}
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}
