// 空间用量: every space with what it uses and its quota — a table on desktop, cards on phones — and
// a dialog to change one space's quota.
import { useEffect, useState } from 'preact/hooks';
import type { QuotaUsage, SpaceKind } from '../../../api/types';
import { t, type MessageKey } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatBytes } from '../../../i18n/format';
import { useIsDesktop } from '../../../layout/use-media';
import { Alert, Badge, Button, Card, EmptyState, LoadingBlock } from '../../../ui';
import { filesAdminApi } from '../admin.api';
import { KIND_ORDER, spaceKindsOf, usageRatio, usageTone } from './files-admin';
import { QuotaDialog } from './QuotaDialog';

interface Row extends QuotaUsage {
  kind: SpaceKind | null;
}

const kindLabel = (k: SpaceKind) => t(`filesAdmin.kind.${k}` as MessageKey);

function sortRows(rows: Row[]): Row[] {
  const rank = (k: SpaceKind | null) => (k ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
  return [...rows].sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name, 'zh-CN'));
}

function UsageBar({ row }: { row: Row }) {
  const ratio = usageRatio(row.used, row.limit);
  if (ratio === null) return <span class="xsmall muted">{t('filesAdmin.unlimited')}</span>;
  const pct = Math.round(ratio * 100);
  return (
    <span class={`usage-meter usage-${usageTone(ratio)}`}>
      <span
        class="usage-bar"
        role="progressbar"
        aria-label={t('filesAdmin.usageBar')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(pct, 100)}
        aria-valuetext={`${pct}%`}
      >
        <span class="usage-fill" style={{ width: `${Math.min(pct, 100)}%` }} />
      </span>
      <span class="usage-pct">{pct}%</span>
    </span>
  );
}

function NameCell({ row }: { row: Row }) {
  const over = row.limit !== null && row.used > row.limit;
  return (
    <span class="usage-name">
      <span class="strong ellipsis">{row.name}</span>
      {row.kind ? <Badge>{kindLabel(row.kind)}</Badge> : null}
      {over ? <Badge tone="danger">{t('filesAdmin.over')}</Badge> : null}
    </span>
  );
}

/** `reload`: a counter; a new value loads the list again (the default quotas changed). */
export function SpaceUsage({ reload }: { reload: number }) {
  const desktop = useIsDesktop();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);

  useEffect(() => {
    // Listing the spaces first makes every department's space exist, so its quota can be set before first use.
    setError(null);
    filesAdminApi
      .spaces()
      .catch(() => null)
      .then(async (spaces) => {
        const kinds = spaceKindsOf(spaces);
        const { items } = await filesAdminApi.quotas();
        setRows(sortRows(items.map((q) => ({ ...q, kind: spaces ? (kinds.get(q.spaceId) ?? 'personal') : null }))));
      })
      .catch((e) => setError(errorText(e)));
  }, [reload]);

  const saved = (next: QuotaUsage) => {
    setRows((rs) => rs && rs.map((r) => (r.spaceId === next.spaceId ? { ...r, ...next } : r)));
    setEditing(null);
  };

  const limitText = (r: Row) => (r.limit === null ? t('filesAdmin.unlimited') : formatBytes(r.limit));
  const editButton = (r: Row) => (
    <Button size="sm" variant="ghost" icon="edit" aria-label={t('filesAdmin.setQuotaNamed', { name: r.name })} onClick={() => setEditing(r)}>
      {desktop ? t('filesAdmin.setQuota') : null}
    </Button>
  );

  return (
    <Card flush title={t('filesAdmin.usage')} description={t('filesAdmin.usageHint')}>
      {error ? (
        <div class="card-pad">
          <Alert tone="danger">{error}</Alert>
        </div>
      ) : null}
      {!rows && !error ? <LoadingBlock /> : null}
      {rows && rows.length === 0 ? <EmptyState icon="folder" title={t('filesAdmin.usageEmpty')} description={t('filesAdmin.usageEmptyText')} /> : null}
      {rows && rows.length > 0 && desktop ? (
        <div class="table-wrap">
          <table class="table usage-table">
            <thead>
              <tr>
                <th scope="col">{t('filesAdmin.space')}</th>
                <th scope="col">{t('filesAdmin.used')}</th>
                <th scope="col" class="usage-bar-col">
                  {t('filesAdmin.usageBar')}
                </th>
                <th scope="col">{t('filesAdmin.limit')}</th>
                <th scope="col">
                  <span class="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.spaceId} data-space={r.spaceId}>
                  <td>
                    <NameCell row={r} />
                  </td>
                  <td class="nowrap">{formatBytes(r.used)}</td>
                  <td>
                    <UsageBar row={r} />
                  </td>
                  <td class="nowrap usage-limit">{limitText(r)}</td>
                  <td class="cell-actions">{editButton(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rows && rows.length > 0 && !desktop ? (
        <ul class="usage-cards" aria-label={t('filesAdmin.usage')}>
          {rows.map((r) => (
            <li key={r.spaceId} class="usage-card" data-space={r.spaceId}>
              <NameCell row={r} />
              <div class="usage-card-edit">{editButton(r)}</div>
              {r.limit !== null ? <UsageBar row={r} /> : null}
              <span class="xsmall muted usage-limit">
                {r.limit === null ? t('filesAdmin.usedOnly', { used: formatBytes(r.used) }) : t('filesAdmin.usedOf', { used: formatBytes(r.used), limit: limitText(r) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <QuotaDialog space={editing} onClose={() => setEditing(null)} onSaved={saved} />
    </Card>
  );
}
