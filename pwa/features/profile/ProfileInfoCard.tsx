import type { RoleGrant } from '../../api/types';
import { t, tMaybe } from '../../i18n';
import { me } from '../../state/session-signals';
import { Avatar, Badge, Card } from '../../ui';

export function roleLabel(r: RoleGrant): string {
  const name = tMaybe(`roles.${r.role}`) ?? r.role;
  return r.departmentName ? t('roles.withDepartment', { role: name, department: r.departmentName }) : name;
}

export function ProfileInfoCard() {
  const user = me.value?.user;
  if (!user) return null;
  const rows: [string, string | null][] = [
    [t('profile.username'), user.username],
    [t('profile.department'), user.departmentName],
    [t('profile.position'), user.positionName],
    [t('profile.phone'), user.phone],
    [t('profile.email'), user.email],
  ];
  return (
    <Card>
      <div class="profile-head">
        <Avatar name={user.displayName} />
        <div class="grow">
          <h1 class="profile-name">{user.displayName}</h1>
          <p class="small muted">{me.value?.school.name}</p>
        </div>
      </div>
      <dl class="kv">
        {rows.map(([k, v]) => (
          <div class="kv-row" key={k}>
            <dt>{k}</dt>
            <dd>{v || <span class="muted">{t('common.notSet')}</span>}</dd>
          </div>
        ))}
        <div class="kv-row">
          <dt>{t('profile.roles')}</dt>
          <dd class="row">
            {user.roles.length ? user.roles.map((r) => <Badge key={`${r.role}-${r.departmentId}`} tone="primary">{roleLabel(r)}</Badge>) : <span class="muted">{t('common.notSet')}</span>}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
