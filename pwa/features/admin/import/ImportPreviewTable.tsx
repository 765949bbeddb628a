// The preview: every row with what will happen to it and, for bad rows, why.
import type { ImportAction, ImportRow } from '../../../api/types';
import { locale, t, tMaybe } from '../../../i18n';
import { useIsDesktop } from '../../../layout/use-media';
import { Badge, type Tone } from '../../../ui';

const ACTION_TONE: Record<ImportAction, Tone> = { create: 'success', update: 'primary', skip: 'neutral', error: 'danger' };

export function ActionBadge({ action }: { action: ImportAction }) {
  return <Badge tone={ACTION_TONE[action]}>{t(`import.action.${action}` as 'import.action.create')}</Badge>;
}

/** The server writes row errors in Chinese; in English we translate the code when we know it. */
function rowErrorText(e: ImportRow['errors'][number]): string {
  if (locale.value === 'zh-CN') return e.message;
  return tMaybe(`importErrors.${e.code}`) ?? e.message;
}

function fieldName(field: string): string {
  return tMaybe(`import.fields.${field}`) ?? field;
}

function RowErrors({ row }: { row: ImportRow }) {
  if (!row.errors.length) return null;
  return (
    <ul class="row-errors">
      {row.errors.map((e, i) => (
        <li key={i}>
          <span class="strong">{fieldName(e.field)}</span>{t('common.colon')}{rowErrorText(e)}
        </li>
      ))}
    </ul>
  );
}

export function ImportPreviewTable({ rows }: { rows: ImportRow[] }) {
  const desktop = useIsDesktop();
  if (desktop) {
    return (
      <div class="table-wrap">
        <table class="table import-table">
          <thead>
            <tr>
              <th scope="col">{t('import.rowNo')}</th>
              <th scope="col">{t('import.fields.displayName')}</th>
              <th scope="col">{t('import.fields.employeeNo')}</th>
              <th scope="col">{t('import.fields.phone')}</th>
              <th scope="col">{t('import.fields.department')}</th>
              <th scope="col">{t('import.fields.position')}</th>
              <th scope="col">{t('import.actionLabel')}</th>
              <th scope="col">{t('import.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row} class={r.action === 'error' ? 'row-bad' : undefined}>
                <td class="mono small">{r.row}</td>
                <td class="strong">{r.data.displayName || '—'}</td>
                <td class="mono small">{r.data.employeeNo || '—'}</td>
                <td class="mono small nowrap">{r.data.phone || '—'}</td>
                <td>{r.data.department || '—'}</td>
                <td>{r.data.position || '—'}</td>
                <td><ActionBadge action={r.action} /></td>
                <td>{r.errors.length ? <RowErrors row={r} /> : <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <ul class="import-cards">
      {rows.map((r) => (
        <li key={r.row} class={`import-card ${r.action === 'error' ? 'import-card-bad' : ''}`}>
          <div class="row-between">
            <span>
              <span class="xsmall muted mono">{t('import.rowN', { n: r.row })}</span> <span class="strong">{r.data.displayName || '—'}</span>
            </span>
            <ActionBadge action={r.action} />
          </div>
          <p class="small muted">{[r.data.department, r.data.position, r.data.phone].filter(Boolean).join(' · ')}</p>
          <RowErrors row={r} />
        </li>
      ))}
    </ul>
  );
}
