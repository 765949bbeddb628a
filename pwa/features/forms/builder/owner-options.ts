// Which departments may own a form the signed-in person builds: school-wide managers (the admin role) choose
// 全校 or any department; a department head chooses among the departments they head and those below them.
import { useEffect, useState } from 'preact/hooks';
import type { Department } from '../../../api/types';
import { t } from '../../../i18n';
import { me } from '../../../state/session-signals';
import { rendererApi } from '../renderer/api-renderer';

export interface OwnerOption {
  value: string;
  label: string;
}

/** '' stands for 全校 (ownerDepartmentId null) in a <select>. */
export function useOwnerOptions(current?: string | null): { options: OwnerOption[]; schoolWide: boolean } {
  const [depts, setDepts] = useState<Department[]>([]);
  useEffect(() => {
    let live = true;
    rendererApi
      .departments()
      .then((d) => live && setDepts(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const roles = me.value?.user.roles ?? [];
  const schoolWide = roles.some((r) => r.role === 'admin');
  const headed = new Set(roles.filter((r) => r.role === 'dept_head' && r.departmentId).map((r) => r.departmentId!));
  // A head manages the forms of their department's whole subtree.
  const byId = new Map(depts.map((d) => [d.id, d]));
  const underHead = (d: Department): boolean => {
    for (let n: Department | undefined = d, guard = 0; n && guard < 30; n = n.parentId ? byId.get(n.parentId) : undefined, guard++) if (headed.has(n.id)) return true;
    return false;
  };
  const mine = depts.filter((d) => schoolWide || underHead(d) || d.id === current);
  const options: OwnerOption[] = [];
  if (schoolWide || current === null) options.push({ value: '', label: t('forms.builder.schoolWide') });
  for (const d of mine) options.push({ value: d.id, label: d.name });
  // A department not loaded yet (or outside the list) still shows as chosen.
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: t('forms.field.unknownDepartment') });
  return { options, schoolWide };
}
