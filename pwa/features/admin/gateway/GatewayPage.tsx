// Admin › 通知渠道: the delivery dashboard on top, then the channels (push, email, SMS) and the escalation
// policy, edited in one draft and saved together with PUT /api/admin/gateway.
import { useEffect, useState } from 'preact/hooks';
import type { GatewayConfigView } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, LoadingBlock, toast } from '../../../ui';
import { DashboardCard } from './DashboardCard';
import { gatewayAdminApi } from './gateway-admin.api';
import { checkDraft, draftOf, type GatewayDraft } from './gateway-draft';
import { gatewayErrorText } from './gateway-errors';
import { PolicyCard } from './PolicyCard';
import { PushCard } from './PushCard';
import { SmsCard } from './SmsCard';
import { SmtpCard } from './SmtpCard';
import './gateway-admin.css';

export default function GatewayPage(_: RouteProps) {
  usePageTitle(t('gatewayAdmin.nav'));
  const [view, setView] = useState<GatewayConfigView | null>(null);
  const [draft, setDraft] = useState<GatewayDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Bumped after a save so the dashboard shows the new state (a channel switched on, a new rate). */
  const [rev, setRev] = useState(0);

  useEffect(() => {
    gatewayAdminApi.get().then(
      (v) => (setView(v), setDraft(draftOf(v.config))),
      (e) => setError(gatewayErrorText(e)),
    );
  }, []);

  const check = draft && view ? checkDraft(draft, view.config) : null;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!check) return;
    if (!check.body) return setError(t('gatewayAdmin.fixErrors'));
    setBusy(true);
    setError(null);
    try {
      const next = await gatewayAdminApi.save(check.body);
      setView(next);
      setDraft(draftOf(next.config));
      setRev((n) => n + 1);
      toast(t('common.saved'), 'success');
    } catch (err) {
      setError(gatewayErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page gw-admin">
      <div class="page-head">
        <div>
          <h1>{t('gatewayAdmin.nav')}</h1>
          <p>{t('gatewayAdmin.subtitle')}</p>
        </div>
      </div>
      {view && draft && check ? (
        <>
          <DashboardCard config={view.config} rev={rev} />
          <form class="stack" onSubmit={save} noValidate>
            {error ? <Alert tone="danger">{error}</Alert> : null}
            <div class="gw-columns">
              <div class="gw-column">
                <PushCard draft={draft} check={check} view={view} update={setDraft} />
                <SmtpCard draft={draft} check={check} view={view} update={setDraft} />
              </div>
              <div class="gw-column">
                <SmsCard draft={draft} check={check} view={view} update={setDraft} />
              </div>
            </div>
            <PolicyCard draft={draft} check={check} update={setDraft} />
            <div class="form-actions sticky-actions">
              <span class="small muted">{check.changedCount ? t('settings.unsaved', { n: check.changedCount }) : t('settings.allSaved')}</span>
              <Button variant="ghost" disabled={!check.changedCount} onClick={() => (setDraft(draftOf(view.config)), setError(null))}>
                {t('common.reset')}
              </Button>
              <Button type="submit" variant="primary" loading={busy} disabled={!check.changedCount}>
                {t('common.save')}
              </Button>
            </div>
          </form>
        </>
      ) : (
        <div>{error ? <Alert tone="danger">{error}</Alert> : <LoadingBlock />}</div>
      )}
    </div>
  );
}
