// The admin sub-pages and the permission each needs: one list for the admin tabs and the home shortcuts.
import type { MessageKey } from '../../i18n';
import type { IconName } from '../../ui';

export interface AdminSectionInfo {
  slug: 'people' | 'departments' | 'org' | 'import' | 'audit' | 'files' | 'gateway' | 'notices' | 'backup' | 'settings';
  label: MessageKey;
  permission: string;
  icon: IconName;
}

export const ADMIN_SECTIONS: readonly AdminSectionInfo[] = [
  { slug: 'people', label: 'admin.nav.people', permission: 'people.manage', icon: 'users' },
  { slug: 'departments', label: 'admin.nav.departments', permission: 'org.manage', icon: 'tree' },
  { slug: 'org', label: 'admin.nav.org', permission: 'admin.access', icon: 'tree' },
  { slug: 'import', label: 'admin.nav.import', permission: 'import.manage', icon: 'upload' },
  { slug: 'audit', label: 'admin.nav.audit', permission: 'audit.read', icon: 'list' },
  { slug: 'files', label: 'admin.nav.files', permission: 'files.manage', icon: 'folder' },
  { slug: 'gateway', label: 'gatewayAdmin.nav', permission: 'gateway.manage', icon: 'bell' },
  { slug: 'notices', label: 'notices.admin.nav', permission: 'settings.manage', icon: 'megaphone' },
  { slug: 'backup', label: 'backup.nav', permission: 'backup.manage', icon: 'hardDrive' },
  { slug: 'settings', label: 'admin.nav.settings', permission: 'settings.manage', icon: 'settings' },
];
