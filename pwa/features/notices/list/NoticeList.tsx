// The caller's notices for one filter and category: cursor paging with infinite scroll, reloaded when a
// notice changes (a new one arrives, one is edited or withdrawn, or the caller read or confirmed one).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Alert, Button, Card, EmptyState, Icon, LoadingBlock, toast } from '../../../ui';
import { noticesApi, type MyNoticesQuery, type NoticeCategory, type NoticeSummary } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { mergePage } from '../notices-format';
import { noticesVersion } from '../notices-state';
import { NoticeRow } from './NoticeRow';

export type MyFilter = NonNullable<MyNoticesQuery['filter']>;

export function NoticeList({ filter, category, label }: { filter: MyFilter; category?: NoticeCategory; label: string }) {
  const [items, setItems] = useState<NoticeSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [stale, setStale] = useState(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const request = useRef(0);
  const pages = useRef(0);

  const loadFirst = () => {
    const mine = ++request.current;
    setError(null);
    setStale(false);
    noticesApi
      .mine({ filter, category })
      .then((page) => {
        if (mine !== request.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        pages.current = 1;
      })
      .catch((e) => mine === request.current && setError(noticeErrorText(e)));
  };

  const loadMore = () => {
    if (!cursor || loadingMore) return;
    const mine = request.current;
    setLoadingMore(true);
    noticesApi
      .mine({ filter, category, cursor })
      .then((page) => {
        if (mine !== request.current) return;
        setItems((shown) => mergePage(shown ?? [], page.items));
        setCursor(page.nextCursor);
        pages.current++;
      })
      .catch((e) => toast(noticeErrorText(e), 'danger'))
      .finally(() => setLoadingMore(false));
  };

  useEffect(() => {
    setItems(null);
    loadFirst();
  }, [filter, category]);

  // Live: reload quietly while only the first page is shown; otherwise offer it, so the list does not jump.
  const version = noticesVersion.value;
  const seen = useRef(version);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    if (pages.current <= 1) loadFirst();
    else setStale(true);
  }, [version]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: '240px' });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, loadingMore, items]);

  const empty = category ? t('notices.empty.category') : t(`notices.empty.${filter}`);
  return (
    <>
      {stale ? (
        <button type="button" class="nt-stale" onClick={loadFirst}>
          <Icon name="refresh" size={16} />
          {t('notices.listUpdated')}
        </button>
      ) : null}
      {error && !items ? (
        <Alert tone="danger">
          {error}{' '}
          <button type="button" class="link-btn" onClick={loadFirst}>
            {t('common.reload')}
          </button>
        </Alert>
      ) : null}
      <Card flush class="nt-list-card">
        {!items && !error ? <LoadingBlock /> : null}
        {items && items.length === 0 ? <EmptyState icon="megaphone" title={empty} /> : null}
        {items && items.length > 0 ? (
          <ul class="nt-list" aria-label={label}>
            {items.map((item) => (
              <NoticeRow key={item.id} item={item} />
            ))}
          </ul>
        ) : null}
      </Card>
      {cursor ? (
        <div class="center" ref={sentinel}>
          <Button variant="ghost" onClick={loadMore} loading={loadingMore}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
