// Departments shared by the admin pages: loaded once per visit, flattened into an indented tree order.
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Department } from '../../api/types';
import type { SelectOption } from '../../ui';
import { orgApi } from './admin.api';

export const departments = signal<Department[] | null>(null);

export async function reloadDepartments(): Promise<Department[]> {
  const { items } = await orgApi.departments();
  departments.value = items;
  return items;
}

export function useDepartments(): Department[] | null {
  useEffect(() => {
    if (!departments.value) void reloadDepartments().catch(() => undefined);
  }, []);
  return departments.value;
}

export interface DepartmentNode extends Department {
  depth: number;
}

/** Parents before children, siblings by sortOrder then name. */
export function flattenDepartments(items: Department[]): DepartmentNode[] {
  const byParent = new Map<string | null, Department[]>();
  const ids = new Set(items.map((d) => d.id));
  for (const d of items) {
    const key = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), d]);
  }
  const out: DepartmentNode[] = [];
  const walk = (parent: string | null, depth: number) => {
    const kids = (byParent.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'));
    for (const d of kids) {
      out.push({ ...d, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function departmentOptions(items: Department[] | null, empty?: string, exclude?: string): SelectOption[] {
  const flat = flattenDepartments(items ?? []);
  const excluded = new Set<string>();
  if (exclude) {
    // a department cannot move under itself or its descendants
    excluded.add(exclude);
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of flat) {
        if (d.parentId && excluded.has(d.parentId) && !excluded.has(d.id)) {
          excluded.add(d.id);
          grew = true;
        }
      }
    }
  }
  const opts = flat.filter((d) => !excluded.has(d.id)).map((d) => ({ value: d.id, label: `${'\u3000'.repeat(d.depth)}${d.name}` }));
  return empty !== undefined ? [{ value: '', label: empty }, ...opts] : opts;
}
