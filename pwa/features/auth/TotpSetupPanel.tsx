// Two-factor enrolment: scan the QR code (or type the key), then confirm with one code.
import { useEffect, useState } from 'preact/hooks';
import type { Me, TotpSetup } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { Alert, Button, LoadingBlock, TextField } from '../../ui';
import { totpApi } from './totp.api';

function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function TotpSetupPanel({ onEnabled, onCancel }: { onEnabled: (me: Me) => void; onCancel?: () => void }) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    totpApi.setup().then(setSetup, (e) => setError(errorText(e)));
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) return setError(t('login.codeFormat'));
    setBusy(true);
    setError(null);
    try {
      onEnabled(await totpApi.enable(code));
    } catch (err) {
      setCode('');
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!setup) return error ? <Alert tone="danger">{error}</Alert> : <LoadingBlock />;
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <ol class="steps-list">
        <li>{t('totp.step1')}</li>
        <li>{t('totp.step2')}</li>
      </ol>
      <div class="totp-box">
        <img class="totp-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`} alt={t('totp.qrAlt')} width={176} height={176} />
        <div class="stack-sm grow">
          <span class="small muted">{t('totp.secretLabel')}</span>
          <code class="totp-secret mono" aria-label={t('totp.secretLabel')}>
            {groupSecret(setup.secret)}
          </code>
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <TextField
        label={t('totp.code')}
        value={code}
        onValue={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        class="code-field"
      />
      <div class="row">
        <Button type="submit" variant="primary" loading={busy}>
          {t('totp.enable')}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
