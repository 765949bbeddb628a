// 立即开会 from a notice: a meeting that starts now with the notice's recipients (the server checks that the
// caller sees the notice); the caller goes straight to the room, everyone else gets the join link.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t } from '../../i18n';
import { Button, toast } from '../../ui';
import { meetingsApi } from './api-meetings';
import { meetingErrorText } from './meetings-errors';

export function StartMeetingButton({ noticeId }: { noticeId: string }) {
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const m = await meetingsApi.instant({ source: { type: 'notice', id: noticeId } });
      route(m.joinUrl);
    } catch (err) {
      toast(meetingErrorText(err), 'danger');
      setBusy(false);
    }
  };
  return (
    <Button icon="video" loading={busy} title={t('meetings.startFromNoticeHint')} onClick={() => void start()}>
      {t('meetings.startFromNotice')}
    </Button>
  );
}
