// 签到 (hosts and co-hosts): who came, first join, last leave and minutes in the room, who did not come, and
// the workbook export.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { ButtonLink, EmptyState, LoadingBlock } from '../../../ui';
import { attendanceXlsxUrl, meetingsApi, type MeetingAttendance } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';

export function AttendanceTab({ meetingId }: { meetingId: string }) {
  const [data, setData] = useState<MeetingAttendance | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    meetingsApi
      .attendance(meetingId)
      .then(setData)
      .catch((err) => setError(meetingErrorText(err)));
  }, [meetingId]);
  if (error) return <p class="danger-text">{error}</p>;
  if (!data) return <LoadingBlock />;
  return (
    <div class="stack">
      <div class="row row-between">
        <p class="small muted">{t('meetings.attendance.summary', { came: data.rows.length, absent: data.absent.length })}</p>
        <ButtonLink href={attendanceXlsxUrl(meetingId)} icon="download" download="">
          {t('meetings.attendance.export')}
        </ButtonLink>
      </div>
      {data.rows.length ? (
        <div class="card mt-table-wrap">
          <table class="mt-table">
            <thead>
              <tr>
                <th scope="col">{t('meetings.attendance.name')}</th>
                <th scope="col">{t('meetings.attendance.firstJoin')}</th>
                <th scope="col">{t('meetings.attendance.lastLeave')}</th>
                <th scope="col" class="num">
                  {t('meetings.attendance.minutes')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.userId}>
                  <td>
                    <div class="strong">{r.displayName}</div>
                    <div class="xsmall muted">{r.departmentName ?? ''}</div>
                  </td>
                  <td>{formatDateTime(r.firstJoinAt)}</td>
                  <td>{r.lastLeaveAt ? formatDateTime(r.lastLeaveAt) : <span class="success-text">{t('meetings.attendance.stillIn')}</span>}</td>
                  <td class="num">{r.totalMinutes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState icon="users" title={t('meetings.attendance.none')} />
      )}
      {data.absent.length ? (
        <section class="stack-sm">
          <h3 class="mt-sub">{t('meetings.attendance.absent', { n: data.absent.length })}</h3>
          <p class="small">{data.absent.map((p) => p.displayName).join('、')}</p>
        </section>
      ) : null}
    </div>
  );
}
