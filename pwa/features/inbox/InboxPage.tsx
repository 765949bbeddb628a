// Inbox: everything that needs the user's attention. Opening an item marks it read; live updates come
// over the websocket into the same signals.
import { useEffect, useState } from 'preact/hooks';
import type { InboxItem } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { inboxCursor, inboxItems, loadInbox, loadMoreInbox, markAllInboxRead, markItemRead, unreadCount } from '../../state/inbox';
import { Alert, Button, Card, EmptyState, LoadingBlock, Tabs, toast } from '../../ui';
import { InboxItemRow } from './InboxItemRow';

export default function InboxPage(_: RouteProps) {
  usePageTitle(t('nav.inbox'));
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'all' | 'more' | null>(null);

  useEffect(() => {
    loadInbox().catch((e) => setError(errorText(e)));
  }, []);

  const open = (item: InboxItem) => {
    setOpenId(openId === item.id ? null : item.id);
    if (!item.readAt) markItemRead(item).catch((e) => toast(errorText(e), 'danger'));
  };

  const readAll = async () => {
    setBusy('all');
    try {
      await markAllInboxRead();
      toast(t('inbox.allMarked'), 'success');
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };

  const more = async () => {
    setBusy('more');
    try {
      await loadMoreInbox();
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };

  const items = inboxItems.value;
  const shown = items?.filter((i) => filter === 'all' || !i.readAt) ?? null;
  const unread = unreadCount.value;

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('inbox.title')}</h1>
          <p aria-live="polite">{unread > 0 ? t('inbox.unreadCount', { n: unread }) : t('inbox.noUnread')}</p>
        </div>
        <Button icon="check" onClick={() => void readAll()} loading={busy === 'all'} disabled={unread === 0}>
          {t('inbox.markAll')}
        </Button>
      </div>
      <Tabs
        label={t('inbox.filter')}
        value={filter}
        onChange={(v) => setFilter(v as 'all' | 'unread')}
        items={[
          { id: 'all', label: t('inbox.filterAll') },
          { id: 'unread', label: unread > 0 ? `${t('inbox.filterUnread')} ${unread}` : t('inbox.filterUnread') },
        ]}
      />
      {error && !items ? <Alert tone="danger">{error}</Alert> : null}
      <Card flush>
        {!shown && !error ? <LoadingBlock /> : null}
        {shown && shown.length === 0 ? (
          <EmptyState
            icon="inbox"
            title={filter === 'unread' ? t('inbox.noUnreadTitle') : t('inbox.emptyTitle')}
            description={filter === 'unread' ? t('inbox.noUnreadText') : t('inbox.emptyText')}
          />
        ) : null}
        {shown && shown.length > 0 ? (
          <ul class="inbox-list" aria-label={t('inbox.title')}>
            {shown.map((item) => (
              <li key={item.id}>
                <InboxItemRow item={item} onOpen={open} expanded={openId === item.id} />
                {openId === item.id && item.link ? (
                  <div class="inbox-detail">
                    <a href={item.link}>{t('inbox.openLink')}</a>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      {inboxCursor.value && filter === 'all' ? (
        <div class="center">
          <Button variant="ghost" onClick={() => void more()} loading={busy === 'more'}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
