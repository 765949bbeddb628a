// Admin › 备份与恢复: overview (status, back up now), snapshots (browse and restore), history (runs, drills),
// settings (target, policy). The first visit without a target opens the setup wizard; after a setup the
// recovery sheet replaces the page until the admin confirms it is stored.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { BackupOverview, RecoverySheet, TargetView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, LoadingBlock, Tabs } from '../../../ui';
import { backupApi } from './backup.api';
import { runsVersion, useBackupLive } from './backup-live';
import { backupErrorText } from './backup-view';
import { HistoryTab } from './HistoryTab';
import { MaintenanceView } from './MaintenanceView';
import { OverviewTab } from './OverviewTab';
import { RecoverySheetView } from './RecoverySheetView';
import { SettingsTab } from './SettingsTab';
import { SnapshotsTab } from './SnapshotsTab';
import { TargetWizard } from './TargetWizard';
import './backup.css';

const TABS = ['overview', 'snapshots', 'history', 'settings'] as const;
type Tab = (typeof TABS)[number];

export default function BackupPage(_: RouteProps) {
  usePageTitle(t('backup.nav'));
  useBackupLive();
  const { query, route } = useLocation();
  const tab: Tab = (TABS as readonly string[]).includes(query.tab ?? '') ? (query.tab as Tab) : 'overview';
  const [view, setView] = useState<BackupOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sheet, setSheet] = useState<{ sheet: RecoverySheet; target: TargetView } | null>(null);
  const [wizard, setWizard] = useState(false);
  /** Set when this page started a whole-box restore (the server may go away before it says maintenance). */
  const [restoring, setRestoring] = useState(false);

  const reload = useCallback(() => {
    backupApi.overview().then(
      (v) => (setView(v), setError(null)),
      (e) => setError(backupErrorText(e)),
    );
  }, []);
  useEffect(reload, [reload, runsVersion.value]);

  const go = (next: Tab) => route(next === 'overview' ? '/admin/backup' : `/admin/backup?tab=${next}`, true);

  if (restoring || view?.maintenance) return <MaintenanceView />;
  if (sheet) return <RecoverySheetView sheet={sheet.sheet} target={sheet.target} onDone={() => (setSheet(null), setWizard(false), reload())} />;

  const head = (
    <div class="page-head">
      <div>
        <h1>{t('backup.nav')}</h1>
        <p>{t('backup.subtitle')}</p>
      </div>
    </div>
  );
  if (!view) return <div class="page bk">{head}{error ? <Alert tone="danger">{error}</Alert> : <LoadingBlock />}</div>;

  const onSetUp = (r: { sheet: RecoverySheet | null; target: TargetView }) => {
    if (r.sheet) return setSheet({ sheet: r.sheet, target: r.target });
    setWizard(false);
    reload();
  };

  if (!view.configured || wizard)
    return (
      <div class="page bk">
        {head}
        <TargetWizard first={!view.configured} current={view.target} onDone={onSetUp} onCancel={view.configured ? () => setWizard(false) : undefined} />
      </div>
    );

  return (
    <div class="page bk">
      {head}
      <Tabs label={t('backup.tabs.label')} value={tab} onChange={(id) => go(id as Tab)} items={TABS.map((id) => ({ id, label: t(`backup.tabs.${id}`) }))} />
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <div class="bk-tab" role="tabpanel">
        {tab === 'overview' ? <OverviewTab view={view} reload={reload} onChangeTarget={() => setWizard(true)} openHistory={() => go('history')} /> : null}
        {tab === 'snapshots' ? <SnapshotsTab onWholeBoxStarted={() => setRestoring(true)} /> : null}
        {tab === 'history' ? <HistoryTab view={view} /> : null}
        {tab === 'settings' ? <SettingsTab view={view} onSaved={setView} onChangeTarget={() => setWizard(true)} /> : null}
      </div>
    </div>
  );
}
