// First-run wizard: school → first administrator → done. Shown while GET /api/setup/status says needsSetup.
import { useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../api/client';
import { setupApi } from '../../api/endpoints';
import type { Me } from '../../api/types';
import { locale, setLocale, t, type Locale } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { timeZones } from '../../i18n/format';
import { PublicLayout } from '../../layout/PublicLayout';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { applyMe } from '../../state/session';
import { setupStatus } from '../../state/session-signals';
import { Alert, Button, Icon, Select, TextField } from '../../ui';
import { NewPasswordFields, newPasswordProblem } from '../auth/NewPasswordFields';
import { Stepper } from './Stepper';

type Step = 0 | 1 | 2;

export default function SetupPage(_: RouteProps) {
  usePageTitle(t('setup.title'));
  const { route } = useLocation();
  const [step, setStep] = useState<Step>(0);
  const [school, setSchool] = useState({ name: '', timeZone: setupStatus.value?.timeZone || 'Asia/Shanghai' });
  const [admin, setAdmin] = useState({ username: 'admin', displayName: '' });
  const [pw, setPw] = useState({ password: '', confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Me | null>(null);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), []);

  const nextFromSchool = (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!school.name.trim()) return setError(t('setup.schoolNameMissing'));
    setError(null);
    setTried(false);
    setStep(1);
  };

  const createAdmin = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    const username = admin.username.trim();
    let problem: string | null = null;
    if (!/^[a-zA-Z][a-zA-Z0-9._-]{2,31}$/.test(username)) problem = t('setup.usernameRule');
    else if (!admin.displayName.trim()) problem = t('setup.displayNameMissing');
    else problem = newPasswordProblem(pw, { minLength: 8, username });
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      const me = await setupApi.run({
        schoolName: school.name.trim(),
        timeZone: school.timeZone,
        defaultLocale: locale.value,
        admin: { username, displayName: admin.displayName.trim(), password: pw.password },
      });
      setCreated(me);
      setStep(2);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SETUP_DONE') {
        setupStatus.value = setupStatus.value ? { ...setupStatus.value, needsSetup: false } : null;
        route('/login', true);
        return;
      }
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    if (!created) return;
    await applyMe(created, true);
    route('/', true);
  };

  const steps = [t('setup.stepSchool'), t('setup.stepAdmin'), t('setup.stepDone')];

  return (
    <PublicLayout wide>
      <div class="auth-card auth-card-wide">
        <div class="auth-card-head">
          <h1>{t('setup.title')}</h1>
          <p class="muted">{t('setup.subtitle')}</p>
        </div>
        <Stepper steps={steps} current={step} label={t('setup.progress')} />
        {error ? <Alert tone="danger">{error}</Alert> : null}

        {step === 0 ? (
          <form class="stack" onSubmit={nextFromSchool} noValidate>
            <h2 class="step-title">{t('setup.stepSchool')}</h2>
            <TextField
              label={t('setup.schoolName')}
              value={school.name}
              onValue={(name) => setSchool({ ...school, name })}
              placeholder={t('setup.schoolNamePlaceholder')}
              error={tried && !school.name.trim() ? t('setup.schoolNameMissing') : null}
              maxLength={100}
              autoFocus
            />
            <Select label={t('setup.timeZone')} value={school.timeZone} options={zones} onValue={(timeZone) => setSchool({ ...school, timeZone })} hint={t('setup.timeZoneHint')} />
            <Select
              label={t('setup.language')}
              value={locale.value}
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
              onValue={(v) => void setLocale(v as Locale)}
              hint={t('setup.languageHint')}
            />
            <div class="form-actions">
              <Button type="submit" variant="primary">
                {t('common.next')}
              </Button>
            </div>
          </form>
        ) : null}

        {step === 1 ? (
          <form class="stack" onSubmit={createAdmin} noValidate>
            <h2 class="step-title">{t('setup.stepAdmin')}</h2>
            <p class="small muted">{t('setup.adminIntro')}</p>
            <TextField
              label={t('setup.username')}
              value={admin.username}
              onValue={(username) => setAdmin({ ...admin, username })}
              autoComplete="username"
              autoCapitalize="none"
              spellcheck={false}
              hint={t('setup.usernameRule')}
            />
            <TextField
              label={t('setup.displayName')}
              value={admin.displayName}
              onValue={(displayName) => setAdmin({ ...admin, displayName })}
              placeholder={t('setup.displayNamePlaceholder')}
              autoComplete="name"
            />
            <NewPasswordFields
              value={pw}
              onChange={setPw}
              username={admin.username}
              showMismatch={tried}
              labels={{ password: t('setup.password'), confirm: t('setup.passwordConfirm') }}
            />
            <div class="form-actions">
              <Button variant="ghost" onClick={() => (setStep(0), setError(null))}>
                {t('common.back')}
              </Button>
              <Button type="submit" variant="primary" loading={busy}>
                {t('setup.create')}
              </Button>
            </div>
          </form>
        ) : null}

        {step === 2 ? (
          <div class="stack setup-done">
            <div class="done-mark" aria-hidden="true">
              <Icon name="check" size={32} />
            </div>
            <h2 class="step-title">{t('setup.doneTitle')}</h2>
            <p class="text-2">{t('setup.doneText', { school: school.name.trim(), name: admin.displayName.trim() })}</p>
            <ul class="done-list">
              <li>{t('setup.doneTip1')}</li>
              <li>{t('setup.doneTip2')}</li>
              <li>{t('setup.doneTip3')}</li>
            </ul>
            <Button variant="primary" block onClick={() => void finish()}>
              {t('setup.start')}
            </Button>
          </div>
        ) : null}
      </div>
    </PublicLayout>
  );
}
