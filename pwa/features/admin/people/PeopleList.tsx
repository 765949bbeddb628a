// People as a table on desktop and as cards on phones.
import type { Person } from '../../../api/types';
import { t } from '../../../i18n';
import { useIsDesktop } from '../../../layout/use-media';
import { Avatar, Badge, Icon } from '../../../ui';
import { personStatus } from './person-format';
import { roleName } from './RolesEditor';

function Roles({ p }: { p: Person }) {
  return <span class="tag-list">{p.roles.map((r) => <Badge key={`${r.role}-${r.departmentId}`} tone="primary">{roleName(r.role)}</Badge>)}</span>;
}

export function PeopleList({ people, onOpen }: { people: Person[]; onOpen: (p: Person) => void }) {
  const desktop = useIsDesktop();
  if (desktop) {
    return (
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('people.displayName')}</th>
              <th scope="col">{t('people.employeeNo')}</th>
              <th scope="col">{t('people.department')}</th>
              <th scope="col">{t('people.position')}</th>
              <th scope="col">{t('people.phone')}</th>
              <th scope="col">{t('people.roles')}</th>
              <th scope="col">{t('people.statusLabel')}</th>
              <th scope="col"><span class="sr-only">{t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const s = personStatus(p);
              return (
                <tr key={p.id}>
                  <td>
                    <div class="person-cell">
                      <Avatar name={p.displayName} />
                      <div>
                        <div class="strong">{p.displayName}</div>
                        <div class="xsmall muted">{p.username}</div>
                      </div>
                    </div>
                  </td>
                  <td class="mono small">{p.employeeNo ?? '—'}</td>
                  <td>{p.departmentName ?? '—'}</td>
                  <td>{p.positionName ?? '—'}</td>
                  <td class="mono small nowrap">{p.phone ?? '—'}</td>
                  <td><Roles p={p} /></td>
                  <td><Badge tone={s.tone}>{s.label}</Badge></td>
                  <td class="cell-actions">
                    <button type="button" class="link-btn" onClick={() => onOpen(p)} aria-label={t('people.editNamed', { name: p.displayName })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <ul class="person-cards">
      {people.map((p) => {
        const s = personStatus(p);
        return (
          <li key={p.id}>
            <button type="button" class="person-card" onClick={() => onOpen(p)} aria-label={t('people.editNamed', { name: p.displayName })}>
              <Avatar name={p.displayName} />
              <span class="grow">
                <span class="person-card-top">
                  <span class="strong">{p.displayName}</span>
                  {s.tone !== 'success' ? <Badge tone={s.tone}>{s.label}</Badge> : null}
                </span>
                <span class="small muted ellipsis">{[p.departmentName, p.positionName].filter(Boolean).join(' · ') || p.username}</span>
                <span class="xsmall muted mono">{[p.employeeNo, p.phone].filter(Boolean).join(' · ')}</span>
              </span>
              <Icon name="chevronRight" size={18} class="muted" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
