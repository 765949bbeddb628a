// First sign-in with an initial password (or after a reset): a new password is required before anything else.
import { useState } from 'preact/hooks';
import { authApi } from '../../api/endpoints';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { me } from '../../state/session-signals';
import { refreshMe, signOut } from '../../state/session';
import { Alert, Button, TextField, toast } from '../../ui';
import { NewPasswordFields, newPasswordProblem } from './NewPasswordFields';

export default function ForcedPasswordPage(_: RouteProps) {
  usePageTitle(t('forcedPassword.title'));
  const username = me.value?.user.username;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState({ password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    const problem = !current ? t('forcedPassword.currentMissing') : newPasswordProblem(next, { minLength: 8, username });
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword({ currentPassword: current, newPassword: next.password });
      toast(t('password.changed'), 'success');
      await refreshMe();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="auth-card" onSubmit={submit} noValidate>
      <div class="auth-card-head">
        <h1>{t('forcedPassword.title')}</h1>
        <p class="muted">{t('forcedPassword.subtitle')}</p>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <TextField
        label={t('forcedPassword.current')}
        type="password"
        revealable
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <NewPasswordFields value={next} onChange={setNext} username={username} showMismatch={tried} />
      <Button type="submit" variant="primary" block loading={busy}>
        {t('forcedPassword.submit')}
      </Button>
      <Button variant="ghost" block onClick={() => void signOut()}>
        {t('profile.signOut')}
      </Button>
    </form>
  );
}
