// The side panels (a sheet on phones): members with the host's controls, chat, and more (devices, layout).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HostAction, RoomParticipant } from '../../../../server/modules/meetings/meetings.signal.dto';
import { t } from '../../../i18n';
import { toast } from '../../../ui';
import type { RoomClient, RoomError } from './room.client';
import type { Layout } from './room.view';
import { initials } from './RoomStage';
import { RoomIcon } from './RoomIcon';

export type PanelName = 'members' | 'chat' | 'more';

function Panel({ title, onClose, children }: { title: string; onClose: () => void; children: preact.ComponentChildren }) {
  return (
    <aside class="room-panel" aria-label={title}>
      <header class="room-panel-head">
        <h2>{title}</h2>
        <button type="button" class="room-icon-btn" aria-label={t('common.close')} onClick={onClose}>
          <RoomIcon name="close" size={20} />
        </button>
      </header>
      <div class="room-panel-body">{children}</div>
    </aside>
  );
}

async function hostDo(client: RoomClient, action: HostAction, targetId?: string): Promise<void> {
  try {
    await client.host(action, targetId);
  } catch (e) {
    toast(t('meetingRoom.actionFailed', { code: (e as RoomError).code ?? '' }), 'danger');
  }
}

/** Hands up first in the order they went up, then hosts, then everyone else by name. */
export function memberOrder(list: RoomParticipant[]): RoomParticipant[] {
  const rank = (p: RoomParticipant) => (p.hand ? 0 : p.role === 'host' ? 1 : p.role === 'cohost' ? 2 : 3);
  return [...list].sort((a, b) => rank(a) - rank(b) || (a.hand && b.hand ? (a.handAt ?? '').localeCompare(b.handAt ?? '') : 0) || a.name.localeCompare(b.name, 'zh-CN'));
}

function MemberRow({ p, client, isHost, selfPid }: { p: RoomParticipant; client: RoomClient; isHost: boolean; selfPid: string | null }) {
  const [open, setOpen] = useState(false);
  const me = p.pid === selfPid;
  return (
    <li class="room-member" data-pid={p.pid}>
      <div class="room-member-main">
        <span class="room-member-avatar" aria-hidden="true">
          {initials(p.name)}
        </span>
        <span class="room-member-name">
          {me ? t('meetingRoom.me', { name: p.name }) : p.name}
          {p.role !== 'attendee' ? <span class="room-role">{t(`meetingRoom.role.${p.role}`)}</span> : null}
        </span>
        {p.hand ? (
          <span class="room-member-hand" role="img" aria-label={t('meetingRoom.handUp')}>
            <RoomIcon name="hand" size={18} />
          </span>
        ) : null}
        <span class={p.audio ? '' : 'room-muted'} role="img" aria-label={p.audio ? t('meetingRoom.micOnState') : t('meetingRoom.micOffState')}>
          <RoomIcon name={p.audio ? 'mic' : 'micOff'} size={18} />
        </span>
        <span class={p.video ? '' : 'room-muted'} role="img" aria-label={p.video ? t('meetingRoom.camOnState') : t('meetingRoom.camOffState')}>
          <RoomIcon name={p.video ? 'cam' : 'camOff'} size={18} />
        </span>
        {isHost && !me ? (
          <button type="button" class="room-icon-btn" aria-expanded={open} aria-label={t('meetingRoom.manage', { name: p.name })} onClick={() => setOpen(!open)}>
            <RoomIcon name="more" size={18} />
          </button>
        ) : null}
      </div>
      {open ? (
        <div class="room-member-actions">
          {p.hand ? <button type="button" onClick={() => void hostDo(client, 'lower-hand', p.pid)}>{t('meetingRoom.host.lowerHand')}</button> : null}
          {p.audio ? <button type="button" onClick={() => void hostDo(client, 'mute', p.pid)}>{t('meetingRoom.host.mute')}</button> : null}
          {p.role === 'attendee' ? (
            <button type="button" onClick={() => void hostDo(client, 'cohost', p.pid)}>{t('meetingRoom.host.cohost')}</button>
          ) : p.role === 'cohost' ? (
            <button type="button" onClick={() => void hostDo(client, 'uncohost', p.pid)}>{t('meetingRoom.host.uncohost')}</button>
          ) : null}
          {p.role !== 'host' ? (
            <button type="button" class="is-danger" onClick={() => confirm(t('meetingRoom.host.removeConfirm', { name: p.name })) && void hostDo(client, 'remove', p.pid)}>
              {t('meetingRoom.host.remove')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function HostControls({ client }: { client: RoomClient }) {
  const room = client.room.value;
  if (!room) return null;
  return (
    <section class="room-host" aria-label={t('meetingRoom.host.title')}>
      <div class="room-host-row">
        <button type="button" onClick={() => void hostDo(client, 'mute-all')}>{t('meetingRoom.host.muteAll')}</button>
        <button type="button" aria-pressed={room.recording} onClick={() => void hostDo(client, room.recording ? 'record-stop' : 'record-start')}>
          {room.recording ? t('meetingRoom.host.recordStop') : t('meetingRoom.host.recordStart')}
        </button>
      </div>
      <label class="room-switch">
        <span>{t('meetingRoom.host.lock')}</span>
        <input type="checkbox" role="switch" checked={room.locked} onChange={() => void hostDo(client, room.locked ? 'unlock' : 'lock')} />
      </label>
      <label class="room-switch">
        <span>{t('meetingRoom.host.lobby')}</span>
        <input type="checkbox" role="switch" checked={room.lobby} onChange={() => void hostDo(client, room.lobby ? 'lobby-off' : 'lobby-on')} />
      </label>
      <label class="room-switch">
        <span>{t('meetingRoom.host.annotate')}</span>
        <select value={room.annotate} onChange={(e) => void hostDo(client, `annotate-${(e.currentTarget as HTMLSelectElement).value}` as HostAction)}>
          <option value="presenter">{t('meetingRoom.host.annotatePresenter')}</option>
          <option value="hosts">{t('meetingRoom.host.annotateHosts')}</option>
          <option value="all">{t('meetingRoom.host.annotateAll')}</option>
        </select>
      </label>
    </section>
  );
}

export function MembersPanel({ client, onClose }: { client: RoomClient; onClose: () => void }) {
  const self = client.self.value;
  const isHost = self?.role === 'host' || self?.role === 'cohost';
  const list = memberOrder(client.participants.value);
  const waiting = client.waiting.value;
  return (
    <Panel title={t('meetingRoom.membersCount', { n: list.length })} onClose={onClose}>
      {isHost ? <HostControls client={client} /> : null}
      {isHost && waiting.length ? (
        <section class="room-waiting-list" aria-label={t('meetingRoom.waitingList')}>
          <h3>{t('meetingRoom.waitingList')}</h3>
          <ul>
            {waiting.map((w) => (
              <li key={w.pid}>
                <span>{w.name}</span>
                <button type="button" class="is-primary" onClick={() => void hostDo(client, 'admit', w.pid)}>{t('meetingRoom.host.admit')}</button>
                <button type="button" onClick={() => void hostDo(client, 'deny', w.pid)}>{t('meetingRoom.host.deny')}</button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ul class="room-members">
        {list.map((p) => (
          <MemberRow key={p.pid} p={p} client={client} isHost={isHost} selfPid={self?.pid ?? null} />
        ))}
      </ul>
      {self?.role === 'host' ? (
        <button type="button" class="room-end" onClick={() => confirm(t('meetingRoom.host.endConfirm')) && void hostDo(client, 'end')}>
          {t('meetingRoom.host.end')}
        </button>
      ) : null}
    </Panel>
  );
}

function clock(at: string): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function ChatPanel({ client, onClose }: { client: RoomClient; onClose: () => void }) {
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const messages = client.chat.value;
  const selfUser = client.self.value?.userId;
  useEffect(() => {
    client.setChatOpen(true);
    return () => client.setChatOpen(false);
  }, []);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages.length]);
  const send = (e: Event) => {
    e.preventDefault();
    const v = text.trim();
    if (!v) return;
    setText('');
    client.sendChat(v).catch(() => toast(t('meetingRoom.chatFailed'), 'danger'));
  };
  return (
    <Panel title={t('meetingRoom.chat')} onClose={onClose}>
      <ol class="room-chat" ref={list} aria-live="polite">
        {messages.length === 0 ? <li class="room-chat-empty">{t('meetingRoom.chatEmpty')}</li> : null}
        {messages.map((m) => (
          <li key={m.id} class={m.userId === selfUser ? 'is-mine' : ''}>
            <div class="room-chat-meta">
              {m.name} · {clock(m.at)}
            </div>
            <div class="room-chat-text">{m.text}</div>
          </li>
        ))}
      </ol>
      <form class="room-chat-form" onSubmit={send}>
        <input value={text} maxLength={1000} aria-label={t('meetingRoom.chatInput')} placeholder={t('meetingRoom.chatInput')} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="room-icon-btn" aria-label={t('meetingRoom.send')} disabled={!text.trim()}>
          <RoomIcon name="send" size={20} />
        </button>
      </form>
    </Panel>
  );
}

export function DeviceSelects({ client }: { client: RoomClient }) {
  const devices = client.devices.value;
  const chosen = client.chosen.value;
  const kinds: { kind: MediaDeviceKind; label: 'mic' | 'camera' | 'speaker' }[] = [
    { kind: 'audioinput', label: 'mic' },
    { kind: 'videoinput', label: 'camera' },
    { kind: 'audiooutput', label: 'speaker' },
  ];
  return (
    <div class="room-devices">
      {kinds.map(({ kind, label }) => {
        const list = devices.filter((d) => d.kind === kind);
        if (!list.length) return null;
        return (
          <label key={kind} class="room-field">
            <span>{t(`meetingRoom.device.${label}`)}</span>
            <select value={chosen[kind] ?? list[0]!.deviceId} onChange={(e) => void client.chooseDevice(kind, (e.currentTarget as HTMLSelectElement).value)}>
              {list.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || t(`meetingRoom.device.${label}N`, { n: i + 1 })}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </div>
  );
}

export function MorePanel({
  client,
  layout,
  setLayout,
  onClose,
  extra,
}: {
  client: RoomClient;
  layout: Layout;
  setLayout: (l: Layout) => void;
  onClose: () => void;
  extra: preact.ComponentChildren;
}) {
  return (
    <Panel title={t('meetingRoom.more')} onClose={onClose}>
      {extra ? <div class="room-more-actions">{extra}</div> : null}
      <section>
        <h3 class="room-panel-sub">{t('meetingRoom.layout')}</h3>
        <div class="room-seg" role="radiogroup" aria-label={t('meetingRoom.layout')}>
          {(['grid', 'speaker'] as const).map((l) => (
            <button key={l} type="button" role="radio" aria-checked={layout === l} class={layout === l ? 'is-on' : ''} onClick={() => setLayout(l)}>
              <RoomIcon name={l === 'grid' ? 'grid' : 'speaker'} size={18} />
              {t(`meetingRoom.layout_${l}`)}
            </button>
          ))}
        </div>
      </section>
      <section>
        <h3 class="room-panel-sub">{t('meetingRoom.devices')}</h3>
        <DeviceSelects client={client} />
      </section>
    </Panel>
  );
}
