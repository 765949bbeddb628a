// My choices: which kinds of message may use which channel (DeliveryPrefs.off lists the ones switched off),
// and quiet hours. Saved together; urgent messages ignore both (the page says so).
import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Card, Switch, TextField, toast } from '../../../ui';
import { CHANNEL_LABEL } from './ChannelsCard';
import { notifyApi, type Category, type ChannelName, type DeliveryPrefs, type MyDeliveryPrefs } from './notify.api';

const CATEGORY_LABEL: Record<Category, MessageKey> = {
  'notice.teaching': 'notify.categories.notice.teaching',
  'notice.admin': 'notify.categories.notice.admin',
  'notice.safety': 'notify.categories.notice.safety',
  'notice.logistics': 'notify.categories.notice.logistics',
  'notice.general': 'notify.categories.notice.general',
  approval: 'notify.categories.approval',
  task: 'notify.categories.task',
  meeting: 'notify.categories.meeting',
  annotation: 'notify.categories.annotation',
  account: 'notify.categories.account',
  system: 'notify.categories.system',
};
const CATEGORIES = Object.keys(CATEGORY_LABEL) as Category[];
const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

interface Draft {
  off: DeliveryPrefs['off'];
  quietOn: boolean;
  start: string;
  end: string;
}

const toDraft = (p: DeliveryPrefs): Draft => ({ off: p.off, quietOn: !!p.quietHours, start: p.quietHours?.start ?? DEFAULT_QUIET.start, end: p.quietHours?.end ?? DEFAULT_QUIET.end });
const toPrefs = (d: Draft): DeliveryPrefs => ({ off: d.off, quietHours: d.quietOn ? { start: d.start, end: d.end } : null });
const same = (a: Draft, b: Draft) => JSON.stringify(toPrefs(a)) === JSON.stringify(toPrefs(b));

export function DeliveryPrefsForm({ data, onSaved }: { data: MyDeliveryPrefs; onSaved: (d: MyDeliveryPrefs) => void }) {
  const [saved, setSaved] = useState(() => toDraft(data.prefs));
  const [draft, setDraft] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const channels = data.channels.filter((c) => c.enabled).map((c) => c.channel);

  const setOn = (channel: ChannelName, category: Category, on: boolean) =>
    setDraft((d) => {
      const list = d.off[channel].filter((c) => c !== category);
      return { ...d, off: { ...d.off, [channel]: on ? list : [...list, category] } };
    });

  const timesEqual = draft.quietOn && draft.start === draft.end;
  const dirty = !same(draft, saved);

  const save = async (e: Event) => {
    e.preventDefault();
    if (timesEqual) return;
    setBusy(true);
    setError(null);
    try {
      const result = await notifyApi.savePrefs(toPrefs(draft));
      const next = toDraft(result.prefs);
      setSaved(next);
      setDraft(next);
      onSaved(result);
      toast(t('notify.saved'), 'success');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={save} noValidate>
      <Card title={t('notify.categories.title')} description={channels.length ? t('notify.categories.description') : undefined} flush>
        {channels.length ? (
          <table class="notify-matrix">
            <thead>
              <tr>
                <th scope="col" class="notify-matrix-cat">
                  {t('notify.categories.column')}
                </th>
                {channels.map((ch) => (
                  <th scope="col" key={ch}>
                    {t(CHANNEL_LABEL[ch])}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.map((cat) => (
                <tr key={cat}>
                  <th scope="row" class="notify-matrix-cat">
                    {t(CATEGORY_LABEL[cat])}
                  </th>
                  {channels.map((ch) => (
                    <td key={ch}>
                      <label class="notify-cell">
                        <input
                          type="checkbox"
                          checked={!draft.off[ch].includes(cat)}
                          aria-label={t('notify.categories.cell', { category: t(CATEGORY_LABEL[cat]), channel: t(CHANNEL_LABEL[ch]) })}
                          onChange={(e) => setOn(ch, cat, (e.currentTarget as HTMLInputElement).checked)}
                        />
                      </label>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="card-pad small muted">{t('notify.categories.none')}</p>
        )}
      </Card>

      <Card title={t('notify.quiet.title')}>
        <Switch label={t('notify.quiet.switch')} hint={t('notify.quiet.hint')} checked={draft.quietOn} onChange={(v) => setDraft((d) => ({ ...d, quietOn: v }))} />
        {draft.quietOn ? (
          <div class="stack-sm">
            <div class="notify-times">
              <TextField label={t('notify.quiet.start')} type="time" required value={draft.start} onValue={(v) => setDraft((d) => ({ ...d, start: v || d.start }))} />
              <TextField label={t('notify.quiet.end')} type="time" required value={draft.end} onValue={(v) => setDraft((d) => ({ ...d, end: v || d.end }))} />
            </div>
            {timesEqual ? (
              <p class="field-error" role="alert">
                {t('notify.quiet.same')}
              </p>
            ) : draft.end < draft.start ? (
              <p class="field-hint">{t('notify.quiet.overnight', { start: draft.start, end: draft.end })}</p>
            ) : null}
          </div>
        ) : null}
      </Card>

      {error ? <Alert tone="danger">{error}</Alert> : null}
      {/* Docked at the bottom while there are unsaved changes, so they are not lost off-screen. */}
      <div class={`form-actions notify-actions ${dirty ? 'notify-actions-dirty' : ''}`}>
        {dirty ? <span class="small muted">{t('notify.unsaved')}</span> : null}
        <Button type="submit" variant="primary" loading={busy} disabled={!dirty || timesEqual}>
          {t('notify.save')}
        </Button>
      </div>
    </form>
  );
}
