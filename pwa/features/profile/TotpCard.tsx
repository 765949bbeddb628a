import { useState } from 'preact/hooks';
import { authApi } from '../../api/endpoints';
import type { Me } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { me } from '../../state/session-signals';
import { Alert, Badge, Button, Card, Dialog, TextField, toast } from '../../ui';
import { TotpSetupPanel } from '../auth/TotpSetupPanel';
import { totpApi } from '../auth/totp.api';

function DisableTotpDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (m: Me) => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await totpApi.disable(password));
      setPassword('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('totp.disableTitle')} description={t('totp.disableText')}>
      <form class="stack" onSubmit={submit} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <TextField label={t('password.current')} type="password" revealable autoComplete="current-password" value={password} onValue={setPassword} />
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="danger" loading={busy} disabled={!password}>
            {t('totp.disable')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function TotpCard() {
  const enabled = me.value?.totpEnabled ?? false;
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const update = (m: Me) => {
    me.value = m;
    authApi.refreshOfflineCopy();
  };
  return (
    <>
      <Card
        title={
          <span class="row">
            {t('totp.title')}
            <Badge tone={enabled ? 'success' : 'neutral'}>{enabled ? t('totp.on') : t('totp.off')}</Badge>
          </span>
        }
        description={t('totp.description')}
        actions={
          enrolling ? null : enabled ? (
            <Button variant="danger-ghost" onClick={() => setDisabling(true)}>
              {t('totp.disable')}
            </Button>
          ) : (
            <Button icon="shield" onClick={() => setEnrolling(true)}>
              {t('totp.enable')}
            </Button>
          )
        }
      >
        {enrolling ? (
          <TotpSetupPanel
            onEnabled={(m) => {
              update(m);
              setEnrolling(false);
              toast(t('totp.enabled'), 'success');
            }}
            onCancel={() => setEnrolling(false)}
          />
        ) : null}
      </Card>
      <DisableTotpDialog
        open={disabling}
        onClose={() => setDisabling(false)}
        onDone={(m) => {
          update(m);
          setDisabling(false);
          toast(t('totp.disabled'), 'success');
        }}
      />
    </>
  );
}
