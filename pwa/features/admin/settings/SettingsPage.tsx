// 设置: school name, time zone, default language, 2FA for admins, password length.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { authApi } from '../../../api/endpoints';
import type { Settings } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { schoolTimeZone, timeZones } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { me } from '../../../state/session-signals';
import { Alert, Button, Card, LoadingBlock, Select, Switch, TextField, toast } from '../../../ui';
import { settingsApi } from '../admin.api';

export default function SettingsPage(_: RouteProps) {
  usePageTitle(t('admin.nav.settings'));
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z.replace(/_/g, ' ') })), []);

  useEffect(() => {
    settingsApi.get().then((s) => (setSaved(s), setDraft(s)), (e) => setError(errorText(e)));
  }, []);

  if (!draft || !saved) return <div class="page">{error ? <Alert tone="danger">{error}</Alert> : <LoadingBlock />}</div>;

  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setDraft({ ...draft, [k]: v });
  const changed = (Object.keys(draft) as (keyof Settings)[]).filter((k) => draft[k] !== saved[k]);
  const minLenOk = Number.isInteger(draft.passwordMinLength) && draft.passwordMinLength >= 8 && draft.passwordMinLength <= 64;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!draft.schoolName.trim()) return setError(t('setup.schoolNameMissing'));
    if (!minLenOk) return setError(t('settings.minLengthRange'));
    setBusy(true);
    setError(null);
    try {
      const patch = Object.fromEntries(changed.map((k) => [k, k === 'schoolName' ? draft.schoolName.trim() : draft[k]])) as Partial<Settings>;
      const next = await settingsApi.update(patch);
      setSaved(next);
      setDraft(next);
      if (me.value) me.value = { ...me.value, school: { name: next.schoolName, timeZone: next.timeZone } };
      authApi.refreshOfflineCopy();
      schoolTimeZone.value = next.timeZone;
      toast(t('common.saved'), 'success');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.settings')}</h1>
          <p>{t('settings.subtitle')}</p>
        </div>
      </div>
      <form class="stack" onSubmit={save} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <Card title={t('settings.schoolSection')}>
          <div class="form-grid">
            <TextField label={t('setup.schoolName')} value={draft.schoolName} onValue={(v) => set('schoolName', v)} maxLength={100} />
            <Select label={t('setup.timeZone')} value={draft.timeZone} options={zones} onValue={(v) => set('timeZone', v)} />
            <Select
              label={t('settings.defaultLocale')}
              value={draft.defaultLocale}
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
              onValue={(v) => set('defaultLocale', v as Settings['defaultLocale'])}
              hint={t('settings.defaultLocaleHint')}
            />
          </div>
        </Card>
        <Card title={t('settings.securitySection')}>
          <div class="stack">
            <Switch label={t('settings.require2fa')} hint={t('settings.require2faHint')} checked={draft.require2faForAdmins} onChange={(v) => set('require2faForAdmins', v)} />
            <TextField
              label={t('settings.passwordMinLength')}
              type="number"
              inputMode="numeric"
              min={8}
              max={64}
              value={String(draft.passwordMinLength)}
              onValue={(v) => set('passwordMinLength', Number(v))}
              error={minLenOk ? null : t('settings.minLengthRange')}
              hint={t('settings.passwordMinLengthHint')}
              class="narrow-field"
            />
          </div>
        </Card>
        <div class="form-actions sticky-actions">
          <span class="small muted">{changed.length ? t('settings.unsaved', { n: changed.length }) : t('settings.allSaved')}</span>
          <Button variant="ghost" disabled={!changed.length} onClick={() => setDraft(saved)}>
            {t('common.reset')}
          </Button>
          <Button type="submit" variant="primary" loading={busy} disabled={!changed.length}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}
