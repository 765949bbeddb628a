// Role grants of one person: a role, plus a department for department heads.
import { useState } from 'preact/hooks';
import { ROLE_NAMES, type Person, type RoleName } from '../../../api/types';
import { t, tMaybe } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Select, toast } from '../../../ui';
import { orgApi } from '../admin.api';
import { departmentOptions, departments } from '../use-departments';

interface Grant {
  role: RoleName;
  departmentId: string | null;
}

export function roleName(role: string): string {
  return tMaybe(`roles.${role}`) ?? role;
}

export function RolesEditor({ person, onSaved }: { person: Person; onSaved: (p: Person) => void }) {
  const [grants, setGrants] = useState<Grant[]>(person.roles.map((r) => ({ role: r.role, departmentId: r.departmentId })));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleOptions = ROLE_NAMES.map((r) => ({ value: r, label: roleName(r) }));
  const deptOptions = departmentOptions(departments.value, t('people.chooseDepartment'));

  const update = (i: number, g: Partial<Grant>) => setGrants(grants.map((x, j) => (j === i ? { ...x, ...g } : x)));

  const save = async () => {
    if (grants.some((g) => g.role === 'dept_head' && !g.departmentId)) return setError(t('errors.ROLE_SCOPE_REQUIRED'));
    setBusy(true);
    setError(null);
    try {
      const saved = await orgApi.setRoles(
        person.id,
        grants.map((g) => ({ role: g.role, departmentId: g.role === 'dept_head' ? g.departmentId : null })),
      );
      toast(t('people.rolesSaved'), 'success');
      onSaved(saved);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="stack">
      <p class="small muted">{t('people.rolesHint')}</p>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <ul class="grant-list">
        {grants.map((g, i) => (
          <li key={i} class="grant-row">
            <Select label={t('people.role')} value={g.role} options={roleOptions} onValue={(v) => update(i, { role: v as RoleName })} />
            {g.role === 'dept_head' ? (
              <Select label={t('people.roleDepartment')} value={g.departmentId ?? ''} options={deptOptions} onValue={(v) => update(i, { departmentId: v || null })} />
            ) : null}
            <Button variant="danger-ghost" icon="trash" aria-label={t('people.removeRole', { role: roleName(g.role) })} onClick={() => setGrants(grants.filter((_, j) => j !== i))} />
          </li>
        ))}
      </ul>
      {grants.length === 0 ? <p class="small muted">{t('people.noRoles')}</p> : null}
      <div class="row-between">
        <Button icon="plus" variant="ghost" onClick={() => setGrants([...grants, { role: 'staff', departmentId: null }])}>
          {t('people.addRole')}
        </Button>
        <Button variant="primary" loading={busy} onClick={() => void save()}>
          {t('people.saveRoles')}
        </Button>
      </div>
    </div>
  );
}
