// 订阅我的日历: a private webcal address of my meetings for the phone's or computer's calendar app. The server
// keeps only a hash, so the address is shown once, when made; making a new one stops the old one.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { Button, Card, toast } from '../../../ui';
import { meetingsApi, type FeedStatus } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';

export function FeedCard() {
  const [status, setStatus] = useState<FeedStatus | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    meetingsApi
      .feed()
      .then(setStatus)
      .catch(() => undefined);
  }, []);

  const make = async () => {
    setBusy(true);
    try {
      const made = await meetingsApi.rotateFeed();
      setUrl(`${location.origin}${made.path}`);
      setStatus({ exists: true, createdAt: made.createdAt });
    } catch (err) {
      toast(meetingErrorText(err), 'danger');
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    setBusy(true);
    try {
      await meetingsApi.deleteFeed();
      setUrl(null);
      setStatus({ exists: false, createdAt: null });
      toast(t('meetings.feed.stopped'));
    } catch (err) {
      toast(meetingErrorText(err), 'danger');
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      toast(t('common.copied'));
    } catch {
      (document.getElementById('mt-feed-url') as HTMLInputElement | null)?.select();
    }
  };

  return (
    <Card title={t('meetings.feed.title')} description={t('meetings.feed.description')}>
      <div class="stack-sm">
        {url ? (
          <>
            <label class="field-label" for="mt-feed-url">
              {t('meetings.feed.urlLabel')}
            </label>
            <div class="mt-feed-row">
              <input id="mt-feed-url" class="input mono" readOnly value={url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
              <Button icon="check" onClick={() => void copy()}>
                {t('common.copy')}
              </Button>
            </div>
            <p class="xsmall muted">{t('meetings.feed.onceHint')}</p>
            <a class="small" href={url.replace(/^https?:/, 'webcal:')}>
              {t('meetings.feed.openInCalendar')}
            </a>
          </>
        ) : status?.exists ? (
          <p class="small muted">{t('meetings.feed.exists', { time: formatDateTime(status.createdAt!) })}</p>
        ) : null}
        <div class="row mt-feed-actions">
          <Button icon={status?.exists ? 'refresh' : 'calendar'} loading={busy} onClick={() => void make()}>
            {status?.exists ? t('meetings.feed.rotate') : t('meetings.feed.make')}
          </Button>
          {status?.exists ? (
            <Button variant="danger-ghost" disabled={busy} onClick={() => void stop()}>
              {t('meetings.feed.stop')}
            </Button>
          ) : null}
        </div>
      </div>
    </Card>
  );
}
