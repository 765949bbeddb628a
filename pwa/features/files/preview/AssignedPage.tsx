// /files/assigned — "指派给我的批注": annotations others assigned to me, open ones first; each opens the
// file's preview at that annotation.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Badge, Button, Card, EmptyState, Icon, LoadingBlock, Tabs } from '../../../ui';
import { annotationLink, previewApi, type AssignedFilter } from './preview.api';
import './preview.css';

function AssignedRow({ a }: { a: Annotation }) {
  return (
    <a class="as-row" href={annotationLink(a)}>
      <span class="as-kind" style={{ '--pin': a.colour } as JSX.CSSProperties} aria-hidden="true">
        <Icon name={a.shape.type === 'note' ? 'chat' : a.shape.type === 'ink' ? 'edit' : 'file'} size={18} />
      </span>
      <span class="grow as-main">
        <span class="as-file ellipsis">{a.fileName}</span>
        <span class={a.text ? 'as-text' : 'as-text muted'}>{a.text || t(`preview.kind.${a.shape.type}`)}</span>
        <span class="as-meta">
          <span>{t('preview.assigned.from', { name: a.authorName })}</span>
          <span>{t('preview.page', { n: a.page })}</span>
          <span>{t('preview.assigned.version', { n: a.versionNumber })}</span>
          {a.replies.length ? <span>{t('preview.repliesCount', { n: a.replies.length })}</span> : null}
        </span>
      </span>
      <span class="as-side">
        <Badge tone={a.status === 'resolved' ? 'success' : 'warning'}>{t(`preview.status.${a.status}`)}</Badge>
        <time class="xsmall muted" dateTime={a.createdAt} title={formatDateTime(a.createdAt)}>
          {formatRelative(a.createdAt)}
        </time>
      </span>
      <Icon name="chevronRight" size={18} class="as-chevron" />
    </a>
  );
}

export default function AssignedPage(_: RouteProps) {
  usePageTitle(t('preview.assigned.title'));
  const [filter, setFilter] = useState<AssignedFilter>('open');
  const [items, setItems] = useState<Annotation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setItems(null);
    setError(null);
    previewApi
      .assigned(filter, ctrl.signal)
      .then((r) => setItems([...r.items].sort((x, y) => (x.status === y.status ? y.createdAt.localeCompare(x.createdAt) : x.status === 'open' ? -1 : 1))))
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(errorText(e));
      });
    return () => ctrl.abort();
  }, [filter, reload]);

  const empty = filter === 'resolved' ? t('preview.assigned.emptyResolved') : t('preview.assigned.empty');
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('preview.assigned.title')}</h1>
          <p>{t('preview.assigned.subtitle')}</p>
        </div>
        <a class="link-more" href="/files">
          {t('preview.assigned.toFiles')}
          <Icon name="chevronRight" size={16} />
        </a>
      </div>
      <Tabs
        label={t('preview.assigned.filter')}
        value={filter}
        onChange={(v) => setFilter(v as AssignedFilter)}
        items={[
          { id: 'open', label: t('preview.assigned.open') },
          { id: 'resolved', label: t('preview.assigned.resolved') },
          { id: 'all', label: t('preview.assigned.all') },
        ]}
      />
      {error ? (
        <Alert tone="danger">
          {error}{' '}
          <Button size="sm" variant="ghost" onClick={() => setReload(reload + 1)}>
            {t('preview.retry')}
          </Button>
        </Alert>
      ) : null}
      <Card flush>
        {!items && !error ? <LoadingBlock /> : null}
        {items && items.length === 0 ? <EmptyState icon="checklist" title={empty} description={t('preview.assigned.emptyHint')} /> : null}
        {items && items.length > 0 ? (
          <ul class="as-list" aria-label={t('preview.assigned.title')}>
            {items.map((a) => (
              <li key={a.id}>
                <AssignedRow a={a} />
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
    </div>
  );
}
