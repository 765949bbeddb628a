// Above a listing: filter button with the active filters as removable chips, sort key and direction,
// list/grid switch. Sort and view are remembered on this device.
import type { Sensitivity } from '../../../api/types';
import { t, type MessageKey } from '../../../i18n';
import { useIsDesktop } from '../../../layout/use-media';
import { Button, Icon, Select } from '../../../ui';
import type { FileFilters, SortKey } from '../files.api';
import { docTypeLabel, sensitivityLabel } from '../files-format';
import { fileDepartments, policy, setViewPrefs, viewPrefs } from '../files-state';

const SORTS: SortKey[] = ['name', 'updated', 'size', 'type'];

export function filterCount(f: FileFilters): number {
  return Object.values(f).filter((v) => v !== undefined && v !== '').length;
}

function chipText(key: keyof FileFilters, value: string): string {
  switch (key) {
    case 'docType':
      return docTypeLabel(value, policy.value?.docTypes) ?? value;
    case 'departmentId':
      return fileDepartments.value?.find((d) => d.id === value)?.name ?? value;
    case 'sensitivity':
      return sensitivityLabel(value as Sensitivity);
    case 'schoolYear':
      return t('files.schoolYear', { from: value.slice(0, 4), to: value.slice(5) });
    default:
      return value;
  }
}

export function FolderToolbar({ filters, onFilters, onOpenFilters }: { filters: FileFilters; onFilters: (f: FileFilters) => void; onOpenFilters: () => void }) {
  const prefs = viewPrefs.value;
  const desktop = useIsDesktop();
  const n = filterCount(filters);
  const active = (Object.entries(filters) as [keyof FileFilters, string | undefined][]).filter(([, v]) => v);
  return (
    <div class="files-toolbar">
      <div class="files-toolbar-row">
        <Button icon="filter" variant={n ? 'primary' : 'secondary'} size="sm" onClick={onOpenFilters} aria-haspopup="dialog">
          {n ? t('files.filter.buttonActive', { n }) : t('files.filter.button')}
        </Button>
        <div class="grow" />
        <Select
          class="files-sort"
          label={t('files.sort.label')}
          hideLabel
          value={prefs.sort}
          onValue={(v) => setViewPrefs({ sort: v as SortKey })}
          options={SORTS.map((s) => ({ value: s, label: t(`files.sort.${s}` as MessageKey) }))}
        />
        <button
          type="button"
          class="icon-btn toolbar-icon"
          aria-label={prefs.order === 'asc' ? t('files.sort.asc') : t('files.sort.desc')}
          title={prefs.order === 'asc' ? t('files.sort.asc') : t('files.sort.desc')}
          onClick={() => setViewPrefs({ order: prefs.order === 'asc' ? 'desc' : 'asc' })}
        >
          <Icon name={prefs.order === 'asc' ? 'arrowUp' : 'arrowDown'} size={18} />
        </button>
        {desktop ? (
          <div class="segmented" role="group" aria-label={t('files.view.label')}>
            <button type="button" aria-pressed={prefs.mode === 'list'} aria-label={t('files.view.list')} title={t('files.view.list')} onClick={() => setViewPrefs({ mode: 'list' })}>
              <Icon name="list" size={18} />
            </button>
            <button type="button" aria-pressed={prefs.mode === 'grid'} aria-label={t('files.view.grid')} title={t('files.view.grid')} onClick={() => setViewPrefs({ mode: 'grid' })}>
              <Icon name="grid" size={18} />
            </button>
          </div>
        ) : (
          <button
            type="button"
            class="icon-btn toolbar-icon"
            aria-label={prefs.mode === 'list' ? t('files.view.grid') : t('files.view.list')}
            title={prefs.mode === 'list' ? t('files.view.grid') : t('files.view.list')}
            onClick={() => setViewPrefs({ mode: prefs.mode === 'list' ? 'grid' : 'list' })}
          >
            <Icon name={prefs.mode === 'list' ? 'grid' : 'list'} size={18} />
          </button>
        )}
      </div>
      {active.length ? (
        <ul class="filter-chips" aria-label={t('files.filter.active')}>
          {active.map(([key, value]) => (
            <li key={key}>
              <span class="filter-chip">
                <span class="filter-chip-key">{t(`files.filter.${key}` as MessageKey)}</span>
                {chipText(key, value!)}
                <button
                  type="button"
                  aria-label={t('files.filter.remove', { name: chipText(key, value!) })}
                  onClick={() => onFilters({ ...filters, [key]: undefined })}
                >
                  <Icon name="close" size={14} />
                </button>
              </span>
            </li>
          ))}
          <li>
            <button type="button" class="link-btn small" onClick={() => onFilters({})}>
              {t('files.filter.clear')}
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
