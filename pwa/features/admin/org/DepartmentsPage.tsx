// 部门: the department tree as a list, with create / rename / move / delete.
import { useState } from 'preact/hooks';
import type { Department } from '../../../api/types';
import { t } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Button, Card, EmptyState, Icon, LoadingBlock } from '../../../ui';
import { flattenDepartments, useDepartments } from '../use-departments';
import { DepartmentDialog } from './DepartmentDialog';

export default function DepartmentsPage(_: RouteProps) {
  usePageTitle(t('admin.nav.departments'));
  const depts = useDepartments();
  const [dialog, setDialog] = useState<{ department: Department | null; parentId?: string | null } | null>(null);
  const flat = depts ? flattenDepartments(depts) : null;
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.departments')}</h1>
          <p>{t('departments.subtitle', { n: depts?.length ?? 0 })}</p>
        </div>
        <Button variant="primary" icon="plus" onClick={() => setDialog({ department: null })}>
          {t('departments.new')}
        </Button>
      </div>
      <Card flush>
        {!flat ? <LoadingBlock /> : null}
        {flat && flat.length === 0 ? <EmptyState icon="building" title={t('departments.emptyTitle')} description={t('departments.emptyText')} /> : null}
        {flat && flat.length > 0 ? (
          <ul class="dept-list" aria-label={t('admin.nav.departments')}>
            {flat.map((d) => (
              <li key={d.id} class="dept-row" style={{ '--depth': d.depth }}>
                <span class="dept-branch" aria-hidden="true">
                  <Icon name={d.depth === 0 ? 'building' : 'chevronRight'} size={16} />
                </span>
                <div class="grow">
                  <p class="strong">{d.name}</p>
                  <p class="xsmall muted">
                    {d.headName ? t('departments.headIs', { name: d.headName }) : t('departments.noHead')} · {t('departments.members', { n: d.memberCount })}
                  </p>
                </div>
                <Button size="sm" variant="ghost" icon="plus" aria-label={t('departments.addChild', { name: d.name })} onClick={() => setDialog({ department: null, parentId: d.id })} />
                <Button size="sm" variant="ghost" icon="edit" aria-label={t('departments.editNamed', { name: d.name })} onClick={() => setDialog({ department: d })} />
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <DepartmentDialog open={dialog !== null} department={dialog?.department ?? null} parentId={dialog?.parentId} onClose={() => setDialog(null)} />
    </div>
  );
}
