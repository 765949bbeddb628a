// The file's annotations: a side panel on desktop, a bottom sheet on phones. The list (filter by status;
// tap one to scroll the document to it) or one annotation's thread.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Annotation } from '../../../api/types';
import { t } from '../../../i18n';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Alert, Badge, EmptyState, Icon, LoadingBlock, Tabs } from '../../../ui';
import { isFromOtherVersion, pinStyle } from './annotation-tools';
import { AnnotationThread } from './AnnotationThread';
import { PvIcon } from './preview-icons';
import { usePreview } from './preview-store';

type Filter = 'all' | 'open' | 'resolved';

function Item({ a, n, focused, old, onOpen }: { a: Annotation; n: number; focused: boolean; old: boolean; onOpen: () => void }) {
  return (
    <button type="button" class={`pv-item ${old ? 'is-old' : ''}`} aria-current={focused ? 'true' : undefined} onClick={onOpen} data-annotation={a.id}>
      <span class="pv-item-num" style={pinStyle(a.colour) as JSX.CSSProperties}>
        {n}
      </span>
      <span class="grow pv-item-main">
        <span class="pv-item-top">
          <span class="pv-item-author ellipsis">{a.authorName}</span>
          <time class="pv-item-time" dateTime={a.createdAt} title={formatDateTime(a.createdAt)}>
            {formatRelative(a.createdAt)}
          </time>
        </span>
        <span class={a.text ? 'pv-item-text' : 'pv-item-text muted'}>{a.text || t(`preview.kind.${a.shape.type}`)}</span>
        <span class="pv-item-meta">
          <span>{t('preview.page', { n: a.page })}</span>
          <Badge tone={a.status === 'resolved' ? 'success' : 'warning'}>{t(`preview.status.${a.status}`)}</Badge>
          {a.assigneeName ? <span class="ellipsis">{t('preview.assignedTo', { name: a.assigneeName })}</span> : null}
          {a.replies.length ? <span>{t('preview.repliesCount', { n: a.replies.length })}</span> : null}
          {old ? <Badge tone="neutral">{t('preview.oldVersion', { n: a.versionNumber })}</Badge> : null}
        </span>
      </span>
    </button>
  );
}

export function AnnotationPanel() {
  const store = usePreview();
  const [filter, setFilter] = useState<Filter>('all');
  const sorted = store.sorted.value;
  const view = store.panel.value;
  const open = store.sheetOpen.value;
  const viewed = store.viewedVersionId.value;
  const body = useRef<HTMLDivElement>(null);
  const numbered = sorted.map((a, i) => ({ a, n: i + 1 }));
  const shown = numbered.filter(({ a }) => filter === 'all' || a.status === filter);
  const thread = view.kind === 'thread' ? numbered.find((x) => x.a.id === view.id) : undefined;
  const openCount = sorted.filter((a) => a.status === 'open').length;

  useEffect(() => {
    body.current?.scrollTo({ top: 0 });
  }, [view.kind === 'thread' ? view.id : 'list']);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) store.sheetOpen.value = false;
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <>
      {open ? <div class="pv-sheet-backdrop" onClick={() => (store.sheetOpen.value = false)} aria-hidden="true" /> : null}
      <aside class={`pv-panel ${open ? 'is-open' : ''}`} aria-label={t('preview.annotations')}>
        <header class="pv-panel-head">
          <span class="pv-sheet-grip" aria-hidden="true" />
          {thread ? (
            <button type="button" class="pv-back-list" onClick={() => store.focus(null, false)}>
              <PvIcon name="back" size={18} />
              {t('preview.backToList')}
            </button>
          ) : (
            <h2 class="pv-panel-title">
              {t('preview.annotations')}
              <span class="pv-panel-count">{sorted.length}</span>
              {openCount ? <span class="xsmall muted">{t('preview.openCount', { n: openCount })}</span> : null}
            </h2>
          )}
          <button type="button" class="icon-btn pv-sheet-close" aria-label={t('preview.closeList')} onClick={() => (store.sheetOpen.value = false)}>
            <Icon name="close" />
          </button>
        </header>
        <div class="pv-panel-body" ref={body}>
          {store.loadError.value && !store.annotations.value ? <Alert tone="danger">{store.loadError.value}</Alert> : null}
          {!store.annotations.value && !store.loadError.value ? <LoadingBlock /> : null}
          {thread ? <AnnotationThread a={thread.a} n={thread.n} /> : null}
          {view.kind === 'thread' && !thread && store.annotations.value ? <Alert tone="warning">{t('preview.notFound')}</Alert> : null}
          {view.kind === 'list' && store.annotations.value ? (
            <>
              {sorted.length ? (
                <Tabs
                  label={t('preview.filter')}
                  value={filter}
                  onChange={(v) => setFilter(v as Filter)}
                  items={[
                    { id: 'all', label: t('preview.filterAll') },
                    { id: 'open', label: t('preview.filterOpen') },
                    { id: 'resolved', label: t('preview.filterResolved') },
                  ]}
                />
              ) : null}
              {shown.length ? (
                <ul class="pv-list">
                  {shown.map(({ a, n }) => (
                    <li key={a.id}>
                      <Item a={a} n={n} focused={a.id === store.focusedId.value} old={isFromOtherVersion(a, viewed)} onOpen={() => store.focus(a.id)} />
                    </li>
                  ))}
                </ul>
              ) : (
                <EmptyState
                  icon="chat"
                  title={sorted.length ? t('preview.emptyFiltered') : t('preview.empty')}
                  description={sorted.length ? undefined : t('preview.emptyHint')}
                />
              )}
            </>
          ) : null}
        </div>
      </aside>
    </>
  );
}
