// Admin › 通知: who may publish notices to the whole school besides the administrators and principals (department
// heads publish to their own departments anyway). GET/PUT /api/admin/notices/settings.
import { useEffect, useState } from 'preact/hooks';
import type { NoticeSettings } from '../../../../server/modules/notices/notices.dto';
import { t } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, Card, LoadingBlock, toast } from '../../../ui';
import { PersonPicker } from '../../forms/renderer/PersonPicker';
import { noticesApi } from '../../notices/api-notices';
import { noticeErrorText } from '../../notices/notices-errors';
import '../../forms/renderer/renderer.css';

export default function NoticeSettingsPage(_: RouteProps) {
  usePageTitle(t('notices.admin.title'));
  const [saved, setSaved] = useState<NoticeSettings | null>(null);
  const [ids, setIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    noticesApi.settings().then(
      (s) => {
        setSaved(s);
        setIds(s.publishers.map((p) => p.id));
      },
      (e) => setError(noticeErrorText(e)),
    );
  }, []);

  if (!saved) return <div class="page">{error ? <Alert tone="danger">{error}</Alert> : <LoadingBlock />}</div>;
  const names = Object.fromEntries(saved.publishers.map((p) => [p.id, p.displayName]));
  const changed = ids.join(',') !== saved.publishers.map((p) => p.id).join(',');

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const next = await noticesApi.saveSettings(ids);
      setSaved(next);
      setIds(next.publishers.map((p) => p.id));
      toast(t('common.saved'), 'success');
    } catch (err) {
      setError(noticeErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('notices.admin.title')}</h1>
          <p>{t('notices.admin.subtitle')}</p>
        </div>
      </div>
      <form class="stack" onSubmit={save} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <Card title={t('notices.admin.publishers')} description={t('notices.admin.publishersHint')}>
          <PersonPicker label={t('notices.admin.publishers')} hideLabel value={ids} onChange={setIds} multiple names={names} />
          <p class="fr-help">{t('notices.admin.alwaysCan')}</p>
        </Card>
        <div class="form-actions sticky-actions">
          <span class="small muted">{changed ? t('notices.admin.unsaved') : t('settings.allSaved')}</span>
          <Button variant="ghost" disabled={!changed} onClick={() => setIds(saved.publishers.map((p) => p.id))}>
            {t('common.reset')}
          </Button>
          <Button type="submit" variant="primary" loading={busy} disabled={!changed}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}
