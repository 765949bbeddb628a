// /admin/*: sub-navigation plus lazily loaded sub-pages, each shown only with its permission.
import { useLocation } from 'preact-iso';
import { t } from '../../i18n';
import { Redirect, Routes, lazyPage, type RouteProps } from '../../layout/routing';
import { permissions } from '../../state/session-signals';
import { TabLinks } from '../../ui';
import { ADMIN_SECTIONS } from './admin-sections';

const PeoplePage = lazyPage(() => import('./people/PeoplePage'));
const DepartmentsPage = lazyPage(() => import('./org/DepartmentsPage'));
const OrgChartPage = lazyPage(() => import('./org/OrgChartPage'));
const ImportPage = lazyPage(() => import('./import/ImportPage'));
const AuditPage = lazyPage(() => import('./audit/AuditPage'));
const SettingsPage = lazyPage(() => import('./settings/SettingsPage'));
const FilesSettingsPage = lazyPage(() => import('./files/FilesSettingsPage'));
const GatewayPage = lazyPage(() => import('./gateway/GatewayPage'));
const NoticeSettingsPage = lazyPage(() => import('./notices/NoticeSettingsPage'));
const BackupPage = lazyPage(() => import('./backup/BackupPage'));


export default function AdminSection(_: RouteProps) {
  const { path } = useLocation();
  const perms = permissions.value;
  const visible = ADMIN_SECTIONS.filter((s) => perms.has(s.permission));
  const allowed = (slug: string) => visible.some((s) => s.slug === slug);
  return (
    <div class="admin">
      <div class="admin-nav-wrap">
        <TabLinks label={t('admin.navLabel')} current={path} items={visible.map((s) => ({ href: `/admin/${s.slug}`, label: t(s.label) }))} />
      </div>
      <Routes>
        {allowed('people') ? <PeoplePage path="/people" /> : null}
        {allowed('departments') ? <DepartmentsPage path="/departments" /> : null}
        {allowed('org') ? <OrgChartPage path="/org" /> : null}
        {allowed('import') ? <ImportPage path="/import" /> : null}
        {allowed('audit') ? <AuditPage path="/audit" /> : null}
        {allowed('files') ? <FilesSettingsPage path="/files" /> : null}
        {allowed('gateway') ? <GatewayPage path="/gateway" /> : null}
        {allowed('notices') ? <NoticeSettingsPage path="/notices" /> : null}
        {allowed('backup') ? <BackupPage path="/backup" /> : null}
        {allowed('settings') ? <SettingsPage path="/settings" /> : null}
        <Redirect default to={`/admin/${visible[0]?.slug ?? 'org'}`} />
      </Routes>
    </div>
  );
}
