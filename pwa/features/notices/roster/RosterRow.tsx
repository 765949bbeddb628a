// One recipient in the roster: name and department, their state, delivered / read / confirmed times, comment,
// signature, and the channels of the delivery ladder with what each did (icons with a label and tooltip).
import { t, locale } from '../../../i18n';
import { formatDateTime, schoolTimeZone } from '../../../i18n/format';
import { Avatar, Icon, type IconName } from '../../../ui';
import { signatureUrl, type ConfirmMode, type DeliveryChannel, type RosterEntry } from '../api-notices';
import { ACTIVE_CONFIRM } from '../notices-format';
import { ATTEMPT_TONE, channelSummaries, knownReason, personState, type ChannelSummary } from './roster-format';

const CHANNEL_ICON: Record<DeliveryChannel, IconName> = { live: 'bolt', webpush: 'bell', email: 'mail', sms: 'chat' };

const shortFormats = new Map<string, Intl.DateTimeFormat>();
/** '03/02 08:05' in the school's zone (the year is in the tooltip). */
function shortTime(iso: string): string {
  const key = `${locale.value}|${schoolTimeZone.value}`;
  let f = shortFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale.value, { timeZone: schoolTimeZone.value, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    shortFormats.set(key, f);
  }
  return f.format(new Date(iso));
}

/** "推送：已送达 03/02 08:01" / "短信：已跳过（已读，未再发送）" — the channel chip's label and tooltip. */
export function channelLabel(c: ChannelSummary): string {
  const reason = knownReason(c.reason);
  const why = reason ? t(`notices.roster.reason.${reason}`) : c.reason;
  const parts = [t(`notices.roster.channel.${c.channel}`), t('common.colon'), t(`notices.roster.attempt.${c.status}`)];
  if (c.at && (c.status === 'delivered' || c.status === 'sent' || c.status === 'pending')) parts.push(` ${shortTime(c.at)}`);
  if (why && (c.status === 'failed' || c.status === 'skipped' || c.status === 'cancelled' || c.status === 'pending')) parts.push(t('notices.roster.why', { why }));
  if (c.attempts > 1) parts.push(t('notices.roster.attempts', { n: c.attempts }));
  return parts.join('');
}

function Channels({ entry }: { entry: RosterEntry }) {
  const list = channelSummaries(entry.attempts);
  if (!list.length) return <span class="xsmall muted nt-channels-none">{t('notices.roster.noChannels')}</span>;
  return (
    <ul class="nt-channels" aria-label={t('notices.roster.channels')}>
      {list.map((c) => {
        const label = channelLabel(c);
        return (
          <li key={c.channel} class={`nt-ch nt-ch-${ATTEMPT_TONE[c.status]}`} title={label}>
            <Icon name={CHANNEL_ICON[c.channel]} size={16} label={label} />
            <span class="nt-ch-mark" aria-hidden="true" />
          </li>
        );
      })}
    </ul>
  );
}

function Time({ label, at }: { label: string; at: string | null }) {
  if (!at) return null;
  return (
    <span class="nt-time">
      <span class="muted">{label}</span> <time dateTime={at} title={formatDateTime(at)}>{shortTime(at)}</time>
    </span>
  );
}

export function RosterRow({ entry, noticeId, mode }: { entry: RosterEntry; noticeId: string; mode: ConfirmMode }) {
  const state = personState(entry, mode);
  const confirms = ACTIVE_CONFIRM.has(mode);
  return (
    <li class={`nt-person nt-person-${state}`}>
      <Avatar name={entry.displayName} />
      <div class="nt-person-main">
        <div class="nt-person-top">
          <span class="nt-person-name">{entry.displayName}</span>
          {entry.departmentName ? <span class="nt-person-dept ellipsis">{entry.departmentName}</span> : null}
          <span class={`nt-state nt-state-${state}`}>{t(`notices.roster.state.${confirms || state !== 'read' ? state : 'readOnly'}`)}</span>
        </div>
        <div class="nt-times">
          <Time label={t('notices.roster.deliveredAt')} at={entry.deliveredAt} />
          <Time label={t('notices.roster.readAt')} at={entry.readAt} />
          {confirms ? <Time label={t('notices.roster.confirmedAt')} at={entry.confirmedAt} /> : null}
          {entry.remindedCount ? <span class="nt-time muted">{t('notices.roster.remindedTimes', { n: entry.remindedCount })}</span> : null}
        </div>
        {entry.comment ? <p class="nt-person-comment">{entry.comment}</p> : null}
        {entry.hasSignature ? (
          <a class="nt-sig" href={signatureUrl(noticeId, entry.userId)} target="_blank" rel="noopener">
            <img src={signatureUrl(noticeId, entry.userId)} alt={t('notices.roster.signatureOf', { name: entry.displayName })} loading="lazy" />
          </a>
        ) : null}
      </div>
      <Channels entry={entry} />
    </li>
  );
}
