// 筛选: by document type, department, project, school year, tag and sensitivity, across this folder and
// everything below it.
import { useEffect, useState } from 'preact/hooks';
import type { Sensitivity } from '../../../api/types';
import { locale, t } from '../../../i18n';
import { Button, Dialog, Select, TextField } from '../../../ui';
import { departmentOptions } from '../../admin/use-departments';
import type { FileFilters } from '../files.api';
import { schoolYears, sensitivityLabel } from '../files-format';
import { useFileDepartments, usePolicy } from '../files-state';

const SENSITIVITIES: Sensitivity[] = ['public', 'internal', 'sensitive', 'secret'];

export function FilterDialog({ open, filters, onApply, onClose }: { open: boolean; filters: FileFilters; onApply: (f: FileFilters) => void; onClose: () => void }) {
  const policy = usePolicy();
  const depts = useFileDepartments();
  const [draft, setDraft] = useState<FileFilters>(filters);
  useEffect(() => {
    if (open) setDraft(filters);
  }, [open]);
  const set = (patch: Partial<FileFilters>) => setDraft({ ...draft, ...patch });
  const all = t('files.filter.any');

  const apply = (e: Event) => {
    e.preventDefault();
    const next: FileFilters = {};
    for (const [k, v] of Object.entries(draft) as [keyof FileFilters, string | undefined][]) if (v?.trim()) (next as Record<string, string>)[k] = v.trim();
    onApply(next);
    onClose();
  };

  return (
    <Dialog open={open} onClose={onClose} title={t('files.filter.title')} description={t('files.filter.hint')}>
      <form class="stack" onSubmit={apply}>
        <div class="form-grid">
          <Select
            label={t('files.filter.docType')}
            value={draft.docType ?? ''}
            onValue={(v) => set({ docType: v || undefined })}
            options={[{ value: '', label: all }, ...(policy?.docTypes ?? []).map((d) => ({ value: d.key, label: locale.value === 'en' ? d.en : d.zh }))]}
          />
          <Select
            label={t('files.filter.departmentId')}
            value={draft.departmentId ?? ''}
            onValue={(v) => set({ departmentId: v || undefined })}
            options={departmentOptions(depts, all)}
          />
          <TextField label={t('files.filter.project')} value={draft.project ?? ''} onValue={(v) => set({ project: v })} maxLength={100} />
          <Select
            label={t('files.filter.schoolYear')}
            value={draft.schoolYear ?? ''}
            onValue={(v) => set({ schoolYear: v || undefined })}
            options={[{ value: '', label: all }, ...schoolYears().map((y) => ({ value: y, label: t('files.schoolYear', { from: y.slice(0, 4), to: y.slice(5) }) }))]}
          />
          <TextField label={t('files.filter.tag')} value={draft.tag ?? ''} onValue={(v) => set({ tag: v })} maxLength={40} />
          <Select
            label={t('files.filter.sensitivity')}
            value={draft.sensitivity ?? ''}
            onValue={(v) => set({ sensitivity: (v || undefined) as Sensitivity | undefined })}
            options={[{ value: '', label: all }, ...SENSITIVITIES.map((s) => ({ value: s, label: sensitivityLabel(s) }))]}
          />
        </div>
        <div class="dialog-actions dialog-actions-split">
          <Button variant="ghost" onClick={() => setDraft({})}>
            {t('files.filter.clear')}
          </Button>
          <div class="row">
            <Button variant="ghost" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary">
              {t('files.filter.apply')}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
