import { useState } from 'preact/hooks';
import { authApi } from '../../api/endpoints';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { me } from '../../state/session-signals';
import { Alert, Button, Card, TextField, toast } from '../../ui';
import { NewPasswordFields, newPasswordProblem } from '../auth/NewPasswordFields';

export function PasswordCard() {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState({ password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setOpen(false);
    setCurrent('');
    setNext({ password: '', confirm: '' });
    setError(null);
    setTried(false);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    const problem = !current ? t('forcedPassword.currentMissing') : newPasswordProblem(next, { minLength: 8, username: me.value?.user.username });
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword({ currentPassword: current, newPassword: next.password });
      toast(t('password.changed'), 'success');
      reset();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('profile.passwordTitle')}
      description={t('profile.passwordDesc')}
      actions={
        open ? null : (
          <Button icon="key" onClick={() => setOpen(true)}>
            {t('profile.changePassword')}
          </Button>
        )
      }
    >
      {open ? (
        <form class="stack narrow-form" onSubmit={submit} noValidate>
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <TextField label={t('password.current')} type="password" revealable autoComplete="current-password" value={current} onValue={setCurrent} />
          <NewPasswordFields value={next} onChange={setNext} username={me.value?.user.username} showMismatch={tried} />
          <div class="row">
            <Button type="submit" variant="primary" loading={busy}>
              {t('common.save')}
            </Button>
            <Button variant="ghost" onClick={reset}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </Card>
  );
}
