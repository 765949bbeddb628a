// /notices/:id/versions — the edit history: the text as it was before each published edit, newest first,
// each one opened on demand.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Card, EmptyState, LoadingBlock } from '../../../ui';
import { noticesApi, type NoticeVersions } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { BackLink } from '../NoticeBits';

export default function VersionsPage({ id }: RouteProps & { id?: string }) {
  const noticeId = id ?? '';
  usePageTitle(t('notices.versions.title'));
  const [data, setData] = useState<NoticeVersions | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    noticesApi.versions(noticeId).then(setData, (e) => setError(noticeErrorText(e)));
  }, [noticeId]);
  return (
    <div class="page nt-versions">
      <BackLink href={`/notices/${encodeURIComponent(noticeId)}`} label={t('notices.versions.back')} />
      <div class="page-head">
        <div>
          <h1>{t('notices.versions.title')}</h1>
          {data ? <p>{t('notices.versions.current', { n: data.current })}</p> : null}
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {!data && !error ? <LoadingBlock /> : null}
      {data && !data.items.length ? <EmptyState icon="history" title={t('notices.versions.none')} /> : null}
      {data
        ? [...data.items].reverse().map((v) => (
            <Card key={v.version} title={t('notices.versions.version', { n: v.version })} description={t('notices.versions.meta', { name: v.by.displayName, at: formatDateTime(v.at), replaced: formatDateTime(v.replacedAt) })}>
              <details class="nt-version">
                <summary>{v.title}</summary>
                <article class="nt-body" dangerouslySetInnerHTML={{ __html: v.bodyHtml }} />
              </details>
            </Card>
          ))
        : null}
    </div>
  );
}
