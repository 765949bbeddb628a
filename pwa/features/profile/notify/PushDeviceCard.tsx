// Push on this device (on/off, with the reason when the browser cannot) and the list of my devices with push on.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../../api/client';
import { t, type MessageKey } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Alert, Badge, Button, Card, Icon, Switch, toast } from '../../../ui';
import { notifyApi, type PushDevice } from './notify.api';
import { PushSetupError, currentSubscription, permission, pushSupport, turnOff, turnOn } from './push-device';

const SUPPORT_TEXT: Record<Exclude<ReturnType<typeof pushSupport>, 'ok'>, MessageKey> = {
  insecure: 'notify.push.insecure',
  unsupported: 'notify.push.unsupported',
  ios: 'notify.push.ios',
  wechat: 'notify.push.wechat',
};

function failureText(err: unknown): string {
  if (err instanceof PushSetupError) return t(`notify.push.${err.reason}`);
  if (err instanceof ApiError && err.code === 'PUSH_ENDPOINT_NOT_ALLOWED') return t('notify.push.endpointNotAllowed');
  if (err instanceof ApiError && err.code === 'CHANNEL_NOT_CONFIGURED') return t('notify.push.serverOff');
  return errorText(err);
}

const isPhone = (d: PushDevice) => /Android|iOS/.test(d.device);

/** Tells the page the number of devices changed (the channel list shows it). */
export function PushDeviceCard({ onDevicesChanged }: { onDevicesChanged: () => void }) {
  const support = pushSupport();
  const [serverOn, setServerOn] = useState<boolean | null>(null);
  const [publicKey, setPublicKey] = useState('');
  const [sub, setSub] = useState<PushSubscription | null>(null);
  const [devices, setDevices] = useState<PushDevice[] | null>(null);
  const [perm, setPerm] = useState(permission());
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const loadDevices = () => notifyApi.devices().then((r) => setDevices(r.items), (e) => setProblem(errorText(e)));
  useEffect(() => {
    notifyApi.pushKey().then(
      (k) => {
        setServerOn(k.enabled);
        setPublicKey(k.publicKey);
      },
      (e) => setProblem(errorText(e)),
    );
    void loadDevices();
    if (support === 'ok') void currentSubscription().then(setSub, () => setSub(null));
  }, []);

  // On here = this browser has a subscription and the server knows it.
  const here = sub && devices ? devices.find((d) => d.endpoint === sub.endpoint) ?? null : null;

  const toggle = async (on: boolean) => {
    setBusy('toggle');
    setProblem(null);
    try {
      if (on) {
        setSub(await turnOn(publicKey));
        toast(t('notify.push.turnedOn'), 'success');
      } else {
        await turnOff(sub);
        setSub(null);
        toast(t('notify.push.turnedOff'), 'success');
      }
      await loadDevices();
      onDevicesChanged();
    } catch (e) {
      setProblem(failureText(e));
    } finally {
      setPerm(permission());
      setBusy(null);
    }
  };

  const remove = async (d: PushDevice) => {
    setBusy(d.id);
    try {
      if (here?.id === d.id) await turnOff(sub);
      else await notifyApi.unsubscribe(d.endpoint);
      if (here?.id === d.id) setSub(null);
      setDevices((list) => list?.filter((x) => x.id !== d.id) ?? null);
      onDevicesChanged();
      toast(t('notify.push.removed'), 'success');
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };

  const blocker =
    serverOn === false ? t('notify.push.serverOff') : support !== 'ok' ? t(SUPPORT_TEXT[support]) : perm === 'denied' && !here ? t('notify.push.denied') : null;

  return (
    <Card title={t('notify.push.title')} description={t('notify.push.description')} flush>
      <div class="card-pad stack-sm">
        <Switch
          label={t('notify.push.switch')}
          hint={here ? t('notify.push.on') : t('notify.push.switchHint')}
          checked={!!here}
          disabled={!!blocker || serverOn === null || devices === null || busy !== null}
          onChange={(v) => void toggle(v)}
        />
        {blocker ? <Alert tone="warning">{blocker}</Alert> : null}
        {problem ? <Alert tone="danger">{problem}</Alert> : null}
      </div>
      <h3 class="notify-subhead">{t('notify.push.devicesTitle')}</h3>
      {devices && devices.length === 0 ? <p class="card-pad small muted notify-empty">{t('notify.push.noDevices')}</p> : null}
      {devices && devices.length ? (
        <ul class="session-list" aria-label={t('notify.push.devicesTitle')}>
          {devices.map((d) => {
            const name = d.device || t('notify.push.unknownDevice');
            return (
              <li key={d.id} class="session-row">
                <span class="session-icon" aria-hidden="true">
                  <Icon name={isPhone(d) ? 'phone' : 'device'} />
                </span>
                <div class="grow">
                  <p class="session-name">
                    {name}
                    {here?.id === d.id ? <Badge tone="success">{t('notify.push.thisDevice')}</Badge> : null}
                  </p>
                  <p class="xsmall muted">
                    {d.lastSuccessAt ? t('notify.push.lastSuccess', { when: formatRelative(d.lastSuccessAt) }) : t('notify.push.addedAt', { when: formatDateTime(d.createdAt) })}
                  </p>
                  {d.failures > 0 ? <p class="xsmall danger-text">{t('notify.push.failing', { n: d.failures })}</p> : null}
                </div>
                <Button size="sm" variant="ghost" loading={busy === d.id} onClick={() => void remove(d)} aria-label={t('notify.push.removeNamed', { device: name })}>
                  {t('notify.push.remove')}
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </Card>
  );
}
