// /files/search?q= — results across names, classification and contents, each with its folder path and the
// matching passage.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { SearchHit } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatRelative } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { Alert, Card, EmptyState, LoadingBlock } from '../../ui';
import { FileIcon } from './components/FileIcon';
import { NodeBadges } from './components/FileList';
import { filesApi } from './files.api';
import { formatBytes, nodeHref } from './files-format';
import { usePolicy } from './files-state';

/** The snippet with the query's terms highlighted (plain text in, <mark> out; no HTML from the server). */
function Snippet({ text, q }: { text: string; q: string }) {
  const terms = q
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!terms.length) return <>{text}</>;
  const parts = text.split(new RegExp(`(${terms.join('|')})`, 'gi'));
  return <>{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p))}</>;
}

export default function SearchPage(_: RouteProps) {
  usePageTitle(t('files.search.title'));
  usePolicy();
  const { query } = useLocation();
  const q = (query.q ?? '').trim();
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!q) return setHits(null);
    let stale = false;
    setHits(null);
    setError(null);
    filesApi
      .search(q)
      .then((r) => !stale && setHits(r.items))
      .catch((e) => !stale && setError(errorText(e)));
    return () => {
      stale = true;
    };
  }, [q]);

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{q ? t('files.search.resultsFor', { q }) : t('files.search.title')}</h1>
          {hits ? <p aria-live="polite">{t('files.search.count', { n: hits.length })}</p> : null}
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {!q ? (
        <Card>
          <EmptyState icon="search" title={t('files.search.prompt')} description={t('files.search.promptText')} />
        </Card>
      ) : (
        <Card flush>
          {!hits && !error ? <LoadingBlock /> : null}
          {hits && hits.length === 0 ? <EmptyState icon="search" title={t('files.search.none')} description={t('files.search.noneText')} /> : null}
          {hits && hits.length > 0 ? (
            <ul class="search-list" aria-label={t('files.search.results')}>
              {hits.map((h) => (
                <li key={h.node.id}>
                  <a class="search-hit" href={nodeHref(h.node)}>
                    <FileIcon node={h.node} size="md" />
                    <span class="search-text">
                      <span class="search-name">
                        <Snippet text={h.node.name} q={q} />
                      </span>
                      <span class="search-path ellipsis">{h.path}</span>
                      {h.snippet ? (
                        <span class="search-snippet">
                          <Snippet text={h.snippet} q={q} />
                        </span>
                      ) : null}
                      <span class="search-meta">
                        <NodeBadges node={h.node} />
                        <span>{[h.node.kind === 'file' ? formatBytes(h.node.size) : null, formatRelative(h.node.updatedAt)].filter(Boolean).join(' · ')}</span>
                      </span>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      )}
    </div>
  );
}
