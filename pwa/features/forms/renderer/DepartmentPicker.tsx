// Choose departments: the list comes once from GET /api/org/departments and is filtered as you type; each
// result shows its path (教务处 › 语文组) so same-named groups in different departments are told apart.
import { useEffect, useState } from 'preact/hooks';
import type { Department } from '../../../api/types';
import { t } from '../../../i18n';
import { Icon } from '../../../ui';
import { rendererApi } from './api-renderer';
import { ChipPicker, type ChipPickerProps } from './ChipPicker';

export type DepartmentPickerProps = Omit<ChipPickerProps, 'value' | 'onChange'> & {
  value: string[];
  onChange: (ids: string[]) => void;
  names?: Record<string, string>;
};

/** 'A › B › C' for a department, from the flat list's parent ids. */
export function departmentPath(list: Department[], id: string): string {
  const byId = new Map(list.map((d) => [d.id, d]));
  const parts: string[] = [];
  let d = byId.get(id);
  for (let guard = 0; d && guard < 20; guard++) {
    parts.unshift(d.name);
    d = d.parentId ? byId.get(d.parentId) : undefined;
  }
  return parts.join(' › ');
}

export function DepartmentPicker({ label, value, onChange, multiple, exclude, names, ...rest }: DepartmentPickerProps) {
  const [list, setList] = useState<Department[] | null>(null);
  useEffect(() => {
    let live = true;
    rendererApi
      .departments()
      .then((l) => live && setList(l))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const nameOf = (id: string) => names?.[id] ?? list?.find((d) => d.id === id)?.name ?? (list ? t('forms.field.unknownDepartment') : '…');
  return (
    <ChipPicker
      {...rest}
      label={label}
      value={value}
      onChange={onChange}
      multiple={multiple}
      exclude={exclude}
      nameOf={nameOf}
      chipIcon={<Icon name="building" size={14} />}
      placeholder={rest.placeholder ?? t('forms.field.searchDepartments')}
      emptyText={t('forms.field.noDepartments')}
      debounceMs={0}
      search={async (q) => {
        const all = await rendererApi.departments();
        const needle = q.trim().toLowerCase();
        return all
          .map((d) => ({ d, path: departmentPath(all, d.id) }))
          .filter(({ path }) => !needle || path.toLowerCase().includes(needle))
          .sort((a, b) => a.path.localeCompare(b.path, 'zh-CN'))
          .slice(0, 30)
          .map(({ d, path }) => ({ id: d.id, name: d.name, detail: path !== d.name ? path : null, icon: <Icon name="building" size={18} /> }));
      }}
    />
  );
}
