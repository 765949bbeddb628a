// /admin/*: sub-navigation plus lazily loaded sub-pages, each shown only with its permission.
import { useLocation } from 'preact-iso';
import { t, type MessageKey } from '../../i18n';
import { Redirect, Routes, lazyPage, type RouteProps } from '../../layout/routing';
import { permissions } from '../../state/session-signals';
import { TabLinks } from '../../ui';

const PeoplePage = lazyPage(() => import('./people/PeoplePage'));
const DepartmentsPage = lazyPage(() => import('./org/DepartmentsPage'));
const OrgChartPage = lazyPage(() => import('./org/OrgChartPage'));
const ImportPage = lazyPage(() => import('./import/ImportPage'));
const AuditPage = lazyPage(() => import('./audit/AuditPage'));
const SettingsPage = lazyPage(() => import('./settings/SettingsPage'));

const SECTIONS: { slug: string; label: MessageKey; permission: string }[] = [
  { slug: 'people', label: 'admin.nav.people', permission: 'people.manage' },
  { slug: 'departments', label: 'admin.nav.departments', permission: 'org.manage' },
  { slug: 'org', label: 'admin.nav.org', permission: 'admin.access' },
  { slug: 'import', label: 'admin.nav.import', permission: 'import.manage' },
  { slug: 'audit', label: 'admin.nav.audit', permission: 'audit.read' },
  { slug: 'settings', label: 'admin.nav.settings', permission: 'settings.manage' },
];

export default function AdminSection(_: RouteProps) {
  const { path } = useLocation();
  const perms = permissions.value;
  const visible = SECTIONS.filter((s) => perms.has(s.permission));
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
        {allowed('settings') ? <SettingsPage path="/settings" /> : null}
        <Redirect default to={`/admin/${visible[0]?.slug ?? 'org'}`} />
      </Routes>
    </div>
  );
}
