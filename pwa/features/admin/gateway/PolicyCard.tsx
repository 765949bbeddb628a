// 升级提醒策略: per urgency, up to four rungs "after N minutes, if still unread, try [推送][邮件][短信]".
// The app (inbox + live) is always used; the rungs add the channels outside it.
import { useId } from 'preact/hooks';
import type { ChannelName, LadderUrgency } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { Button, Card, Icon } from '../../../ui';
import type { DraftCheck, GatewayDraft } from './gateway-draft';
import {
  addRung,
  channelLabel,
  checkLadder,
  formatDelay,
  LADDER_CHANNELS,
  ladderSummary,
  MAX_MINUTES,
  MAX_RUNGS,
  parseMinutes,
  removeRung,
  setRungMinutes,
  toggleRungChannel,
  URGENCIES,
  type RungDraft,
  type RungProblem,
} from './ladder';

const TONE: Record<LadderUrgency, string> = { low: 'neutral', normal: 'primary', high: 'warning', urgent: 'danger' };

export function PolicyCard({ draft, check, update }: { draft: GatewayDraft; check: DraftCheck; update: (d: GatewayDraft) => void }) {
  const setLadder = (u: LadderUrgency, rungs: RungDraft[]) => update({ ...draft, policy: { ...draft.policy, [u]: rungs } });
  return (
    <Card title={t('gatewayAdmin.policy.title')} description={t('gatewayAdmin.policy.hint')} class="gw-card">
      <div class="gw-ladders">
        {URGENCIES.map((u) => (
          <Ladder key={u} urgency={u} rungs={draft.policy[u]} problems={check.policy[u]} onChange={(r) => setLadder(u, r)} />
        ))}
      </div>
    </Card>
  );
}

function Ladder({ urgency, rungs, problems, onChange }: { urgency: LadderUrgency; rungs: RungDraft[]; problems: RungProblem[]; onChange: (r: RungDraft[]) => void }) {
  const headingId = `gw-ladder-${urgency}`;
  const steps = checkLadder(rungs).steps;
  const name = t(`gatewayAdmin.urgency.${urgency}`);
  return (
    <section class={`gw-ladder gw-ladder-${TONE[urgency]}`} aria-labelledby={headingId}>
      <header class="gw-ladder-head">
        <h3 id={headingId} class="gw-ladder-title">
          {name}
        </h3>
        <p class="gw-ladder-summary small" aria-live="polite">
          {steps ? ladderSummary(steps) : t('gatewayAdmin.policy.fixFirst')}
        </p>
      </header>
      {rungs.length ? (
        <ol class="gw-rungs">
          {rungs.map((r, i) => (
            <Rung key={i} index={i} rung={r} problem={problems[i] ?? {}} onMinutes={(v) => onChange(setRungMinutes(rungs, i, v))} onToggle={(c) => onChange(toggleRungChannel(rungs, i, c))} onRemove={() => onChange(removeRung(rungs, i))} />
          ))}
        </ol>
      ) : null}
      <div class="gw-ladder-foot">
        <Button size="sm" variant="ghost" icon="plus" disabled={rungs.length >= MAX_RUNGS} onClick={() => onChange(addRung(rungs))} aria-label={t('gatewayAdmin.policy.addLabel', { urgency: name })}>
          {t('gatewayAdmin.policy.add')}
        </Button>
        {rungs.length >= MAX_RUNGS ? <span class="small muted">{t('gatewayAdmin.policy.maxRungs', { n: MAX_RUNGS })}</span> : null}
      </div>
    </section>
  );
}

function Rung({ index, rung, problem, onMinutes, onToggle, onRemove }: {
  index: number;
  rung: RungDraft;
  problem: RungProblem;
  onMinutes: (v: string) => void;
  onToggle: (c: ChannelName) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const minutes = parseMinutes(rung.afterMinutes);
  const errId = `gw-rung-err-${useId()}`;
  const note = minutes !== undefined && minutes >= 60 ? t('gatewayAdmin.policy.delayNote', { delay: formatDelay(minutes) }) : null;
  return (
    <li class={`gw-rung ${problem.minutes || problem.channels ? 'gw-rung-invalid' : ''}`}>
      <div class="gw-rung-top">
        <span class="gw-rung-no" aria-hidden="true">
          {n}
        </span>
        <input
          class="input gw-minutes"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_MINUTES}
          value={rung.afterMinutes}
          aria-label={t('gatewayAdmin.policy.minutesLabel', { n })}
          aria-invalid={problem.minutes ? 'true' : undefined}
          aria-describedby={problem.minutes ? errId : undefined}
          onInput={(e) => onMinutes((e.currentTarget as HTMLInputElement).value)}
        />
        <span class="gw-rung-text small">
          {minutes === 0 ? t('gatewayAdmin.policy.minutesNow') : t('gatewayAdmin.policy.minutesAfter')}
          {note ? <span class="muted gw-rung-note">{note}</span> : null}
        </span>
        <Button size="sm" variant="ghost" icon="trash" class="gw-rung-remove" onClick={onRemove} aria-label={t('gatewayAdmin.policy.removeLabel', { n })} />
      </div>
      <div class="gw-chips" role="group" aria-label={t('gatewayAdmin.policy.channelsLabel', { n })}>
        {LADDER_CHANNELS.map((c) => {
          const on = rung.channels.includes(c);
          return (
            <button key={c} type="button" class="gw-chip" aria-pressed={on} onClick={() => onToggle(c)}>
              {on ? <Icon name="check" size={14} /> : null}
              {channelLabel(c)}
            </button>
          );
        })}
      </div>
      {problem.minutes || problem.channels ? (
        <p id={errId} class="field-error gw-rung-error" role="alert">
          {[problem.minutes, problem.channels].filter(Boolean).join(' ')}
        </p>
      ) : null}
    </li>
  );
}
