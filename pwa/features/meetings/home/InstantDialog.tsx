// 立即开会: a meeting that starts now — an optional title and whom to call (people, departments); everyone
// gets a notification with the join link, and the caller goes straight to the room.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { MEETING_TITLE_MAX } from '../../../../server/modules/meetings/meetings.dto';
import { t } from '../../../i18n';
import { Alert, Button, Dialog, TextField } from '../../../ui';
import { DepartmentPicker } from '../../forms/renderer/DepartmentPicker';
import { PersonPicker } from '../../forms/renderer/PersonPicker';
import { meetingsApi } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';

export function InstantDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { route } = useLocation();
  const [title, setTitle] = useState('');
  const [userIds, setUserIds] = useState<string[]>([]);
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const empty = !userIds.length && !departmentIds.length;

  const start = async () => {
    if (empty) return setError(t('meetings.form.problem.invitees'));
    setBusy(true);
    setError(null);
    try {
      const m = await meetingsApi.instant({ ...(title.trim() ? { title: title.trim() } : {}), invitees: { userIds, departmentIds } });
      onClose();
      route(m.joinUrl);
    } catch (err) {
      setError(meetingErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('meetings.instant.title')}
      description={t('meetings.instant.description')}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="primary" icon="video" loading={busy} onClick={() => void start()}>
            {t('meetings.instant.start')}
          </Button>
        </>
      }
    >
      <div class="stack">
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <TextField label={t('meetings.instant.titleLabel')} value={title} onValue={setTitle} maxLength={MEETING_TITLE_MAX} placeholder={t('meetings.instant.titlePlaceholder')} />
        <PersonPicker label={t('meetings.form.people')} value={userIds} onChange={setUserIds} multiple placeholder={t('meetings.form.peoplePlaceholder')} />
        <DepartmentPicker label={t('meetings.form.departments')} value={departmentIds} onChange={setDepartmentIds} multiple placeholder={t('meetings.form.departmentsPlaceholder')} />
      </div>
    </Dialog>
  );
}
