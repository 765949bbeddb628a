// Sign-in: username + password, then a 6-digit code when the account has 2FA.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../api/client';
import { authApi } from '../../api/endpoints';
import { t } from '../../i18n';
import { errorText, minutesUntil } from '../../i18n/errors';
import { PublicLayout } from '../../layout/PublicLayout';
import { usePageTitle } from '../../layout/page-title';
import { nextPath } from '../../state/navigate';
import { applyMe } from '../../state/session';
import { setupStatus } from '../../state/session-signals';
import { Alert, Button, TextField } from '../../ui';

function loginErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return errorText(err);
  switch (err.code) {
    case 'INVALID_CREDENTIALS': {
      const left = err.extras.attemptsLeft;
      return typeof left === 'number' ? t('login.wrongWithAttempts', { n: left }) : t('errors.INVALID_CREDENTIALS');
    }
    case 'ACCOUNT_LOCKED':
      return t('errors.ACCOUNT_LOCKED', { minutes: minutesUntil(err.extras) });
    default:
      return errorText(err);
  }
}

export function LoginPage() {
  usePageTitle(t('login.title'));
  const { query, route } = useLocation();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    if (step === 'totp' && !/^\d{6}$/.test(code)) {
      setError(t('login.codeFormat'));
      return;
    }
    setBusy(true);
    try {
      const me = await authApi.login({ username: username.trim(), password, totp: step === 'totp' ? code : undefined });
      await applyMe(me, true);
      route(nextPath(query), true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        setStep('totp');
        setCode('');
      } else {
        if (err instanceof ApiError && err.code === 'TOTP_INVALID') setCode('');
        setError(loginErrorText(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout schoolName={setupStatus.value?.schoolName} showcase>
      <form class="auth-card" onSubmit={submit} noValidate>
        <div class="auth-card-head">
          <h1>{step === 'password' ? t('login.title') : t('login.totpTitle')}</h1>
          <p class="muted">{step === 'password' ? t('login.subtitle') : t('login.totpSubtitle')}</p>
        </div>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        {step === 'password' ? (
          <div class="stack">
            <TextField label={t('login.username')} value={username} onValue={setUsername} autoComplete="username" autoCapitalize="none" spellcheck={false} required />
            <TextField label={t('login.password')} type="password" revealable value={password} onValue={setPassword} autoComplete="current-password" required />
          </div>
        ) : (
          <TextField
            label={t('login.code')}
            value={code}
            onValue={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            class="code-field"
            hint={t('login.codeHint')}
            autoFocus
          />
        )}
        <Button type="submit" variant="primary" block loading={busy}>
          {step === 'password' ? t('login.submit') : t('login.verify')}
        </Button>
        {step === 'totp' ? (
          <Button variant="ghost" block onClick={() => (setStep('password'), setError(null))}>
            {t('login.back')}
          </Button>
        ) : (
          <p class="auth-note">{t('login.forgot')}</p>
        )}
      </form>
    </PublicLayout>
  );
}
