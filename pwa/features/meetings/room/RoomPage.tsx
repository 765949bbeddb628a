// /meetings/:id/room — the meeting itself, full screen and dark like a phone call: pre-join check, waiting
// room, the stage with a bottom control bar, side panels, and the screens after it ends.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ServerMessage } from '../../../../server/modules/meetings/meetings.signal.dto';
import type { Frame } from '../../../api/ws';
import { t, tMaybe } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { useIsDesktop } from '../../../layout/use-media';
import { realtimeState } from '../../../state/connectivity';
import { onRealtimeFrame, sendRealtimeFrame } from '../../../state/realtime';
import { Spinner, toast } from '../../../ui';
import { RoomClient, type RoomNotice, type RoomTransport } from './room.client';
import type { Layout } from './room.view';
import { ChatPanel, DeviceSelects, MembersPanel, MorePanel, type PanelName } from './RoomPanels';
import { RoomStage } from './RoomStage';
import { RoomIcon, SignalBars, type RoomIconName } from './RoomIcon';
import './room.css';

const transport: RoomTransport = {
  send: (frame) => sendRealtimeFrame(frame as unknown as Frame),
  onMessage: (fn) => onRealtimeFrame('meeting', (f) => fn(f as unknown as ServerMessage)),
  onOpen: (fn) => {
    let prev = realtimeState.peek();
    return realtimeState.subscribe((s) => {
      if (s === 'open' && prev !== 'open') fn();
      prev = s;
    });
  },
};

const NOTICE_TOAST: Record<RoomNotice, [Parameters<typeof t>[0], 'neutral' | 'success' | 'danger' | 'warning'] | null> = {
  kicked: ['meetingRoom.toast.kicked', 'danger'],
  ended: ['meetingRoom.toast.ended', 'neutral'],
  muted: ['meetingRoom.toast.muted', 'warning'],
  'recording-on': ['meetingRoom.toast.recordingOn', 'danger'],
  'recording-off': ['meetingRoom.toast.recordingOff', 'neutral'],
  admitted: ['meetingRoom.toast.admitted', 'success'],
  reconnected: ['meetingRoom.toast.reconnected', 'success'],
  'screen-failed': ['meetingRoom.toast.screenFailed', 'danger'],
  'device-failed': ['meetingRoom.toast.deviceFailed', 'warning'],
};

function CtlButton({ icon, label, onClick, on, danger, badge, pressed }: { icon: RoomIconName; label: string; onClick: () => void; on?: boolean; danger?: boolean; badge?: number; pressed?: boolean }) {
  return (
    <button type="button" class={`room-ctl${on === false ? ' is-off' : ''}${danger ? ' is-danger' : ''}`} aria-label={label} aria-pressed={pressed} onClick={onClick}>
      <span class="room-ctl-icon">
        <RoomIcon name={icon} />
        {badge ? <span class="room-ctl-badge">{badge > 99 ? '99+' : badge}</span> : null}
      </span>
      <span class="room-ctl-label">{label}</span>
    </button>
  );
}

function PreJoin({ client, onJoin }: { client: RoomClient; onJoin: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = client.localCamera.value;
  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);
  const mic = client.micOn.value;
  const cam = client.camOn.value;
  return (
    <div class="room-prejoin">
      <h1>{t('meetingRoom.prejoinTitle')}</h1>
      <div class="room-preview">
        <video ref={video} class="room-video is-mirror" autoplay playsInline muted hidden={!stream} />
        {!stream ? <div class="room-preview-off">{t('meetingRoom.cameraIsOff')}</div> : null}
      </div>
      <div class="room-prejoin-toggles">
        <CtlButton icon={mic ? 'mic' : 'micOff'} on={mic} pressed={mic} label={mic ? t('meetingRoom.mute') : t('meetingRoom.unmute')} onClick={() => void client.setMic(!mic)} />
        <CtlButton icon={cam ? 'cam' : 'camOff'} on={cam} pressed={cam} label={cam ? t('meetingRoom.stopVideo') : t('meetingRoom.startVideo')} onClick={() => void client.setCamera(!cam)} />
      </div>
      <DeviceSelects client={client} />
      <button type="button" class="room-join" onClick={onJoin}>
        {t('meetingRoom.join')}
      </button>
      <a class="room-back" href="/meetings">
        {t('meetingRoom.back')}
      </a>
    </div>
  );
}

function Centered({ title, text, children }: { title: string; text?: string; children?: preact.ComponentChildren }) {
  return (
    <div class="room-center">
      <h1>{title}</h1>
      {text ? <p>{text}</p> : null}
      {children}
    </div>
  );
}

function Audio({ client }: { client: RoomClient }) {
  const sink = client.chosen.value.audiooutput;
  return (
    <div hidden>
      {client.audioTracks.value.map((a) => (
        <AudioTrack key={a.mid} track={a.track} sink={sink} />
      ))}
    </div>
  );
}

function AudioTrack({ track, sink }: { track: MediaStreamTrack; sink?: string }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = new MediaStream([track]);
    void el.play().catch(() => undefined);
  }, [track]);
  useEffect(() => {
    const el = ref.current as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (sink && el?.setSinkId) void el.setSinkId(sink).catch(() => undefined);
  }, [sink]);
  return <audio ref={ref} autoplay />;
}

function InRoom({ client, phone }: { client: RoomClient; phone: boolean }) {
  const [panel, setPanel] = useState<PanelName | null>(null);
  const [layout, setLayout] = useState<Layout>('grid');
  const self = client.self.value;
  const room = client.room.value;
  const mic = client.micOn.value;
  const cam = client.camOn.value;
  const sharing = !!client.localScreen.value;
  const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  const hand = !!self?.hand;
  const reconnecting = client.phase.value === 'reconnecting';
  const someoneElsePresents = !!room?.presenter && room.presenter !== self?.pid;
  const waitingCount = client.waiting.value.length;
  const isHost = self?.role === 'host' || self?.role === 'cohost';
  const toggle = (p: PanelName) => setPanel(panel === p ? null : p);

  const share = () => {
    if (sharing) void client.stopScreen();
    else if (someoneElsePresents) toast(t('meetingRoom.toast.someoneSharing'), 'warning');
    else void client.startScreen().catch(() => undefined);
    setPanel(null);
  };
  const handBtn = <CtlButton icon="hand" on={!hand ? undefined : true} pressed={hand} label={hand ? t('meetingRoom.lowerHand') : t('meetingRoom.raiseHand')} onClick={() => void client.raiseHand(!hand).catch(() => undefined)} />;
  const shareBtn = canShare ? <CtlButton icon="screen" pressed={sharing} label={sharing ? t('meetingRoom.stopShare') : t('meetingRoom.share')} onClick={share} /> : null;
  const leave = () => {
    if (confirm(t('meetingRoom.leaveConfirm'))) void client.leave();
  };

  return (
    <div class={`room-in${panel ? ' has-panel' : ''}`}>
      <header class="room-top">
        <SignalBars quality={client.quality.value} label={t(`meetingRoom.quality.${client.quality.value}`)} />
        {client.title.value ? <h1 class="room-top-title">{client.title.value}</h1> : null}
        {room?.locked ? (
          <span class="room-top-chip" role="img" aria-label={t('meetingRoom.locked')}>
            <RoomIcon name="lock" size={14} />
          </span>
        ) : null}
        {room?.recording ? (
          <span class="room-rec" role="status">
            <span class="room-rec-dot" />
            {t('meetingRoom.recording')}
          </span>
        ) : null}
        <span class="room-top-count">{t('meetingRoom.membersCount', { n: client.participants.value.length })}</span>
      </header>
      {reconnecting ? (
        <div class="room-banner" role="status">
          <Spinner size={16} />
          {t('meetingRoom.reconnecting')}
        </div>
      ) : null}
      <main class="room-main">
        <RoomStage client={client} layout={layout} phone={phone} />
        {panel === 'members' ? <MembersPanel client={client} onClose={() => setPanel(null)} /> : null}
        {panel === 'chat' ? <ChatPanel client={client} onClose={() => setPanel(null)} /> : null}
        {panel === 'more' ? (
          <MorePanel client={client} layout={layout} setLayout={setLayout} onClose={() => setPanel(null)} extra={phone ? shareBtn : null} />
        ) : null}
      </main>
      <nav class="room-bar" aria-label={t('meetingRoom.controls')}>
        <CtlButton icon={mic ? 'mic' : 'micOff'} on={mic} pressed={!mic} label={mic ? t('meetingRoom.mute') : t('meetingRoom.unmute')} onClick={() => void client.setMic(!mic)} />
        <CtlButton icon={cam ? 'cam' : 'camOff'} on={cam} pressed={!cam} label={cam ? t('meetingRoom.stopVideo') : t('meetingRoom.startVideo')} onClick={() => void client.setCamera(!cam)} />
        {phone ? null : shareBtn}
        {handBtn}
        <CtlButton icon="chat" pressed={panel === 'chat'} label={t('meetingRoom.chat')} badge={client.unreadChat.value} onClick={() => toggle('chat')} />
        <CtlButton icon="members" pressed={panel === 'members'} label={t('meetingRoom.members')} badge={isHost ? waitingCount : 0} onClick={() => toggle('members')} />
        <CtlButton icon="more" pressed={panel === 'more'} label={t('meetingRoom.more')} onClick={() => toggle('more')} />
        <CtlButton icon="leave" danger label={t('meetingRoom.leave')} onClick={leave} />
      </nav>
      <Audio client={client} />
    </div>
  );
}

function detectPhone(): 'phone' | 'desktop' {
  return window.matchMedia('(pointer: coarse)').matches && window.innerWidth < 900 ? 'phone' : 'desktop';
}

export default function RoomPage({ id }: RouteProps & { id?: string }) {
  const meetingId = id ?? '';
  usePageTitle(t('meetingRoom.title'));
  const desktop = useIsDesktop();
  const client = useMemo(() => new RoomClient(meetingId, transport, detectPhone()), [meetingId]);
  const [started, setStarted] = useState(false);

  useEffect(() => {
    client.onNotice = (n) => {
      const spec = NOTICE_TOAST[n];
      if (spec) toast(t(spec[0]), spec[1]);
    };
    void client.preview();
    const bye = () => client.destroy();
    window.addEventListener('pagehide', bye);
    return () => {
      window.removeEventListener('pagehide', bye);
      client.destroy();
    };
  }, [client]);

  const phase = client.phase.value;
  let body;
  if (!started || phase === 'idle') {
    body = (
      <PreJoin
        client={client}
        onJoin={() => {
          setStarted(true);
          void client.join();
        }}
      />
    );
  } else if (phase === 'joining') {
    body = (
      <Centered title={t('meetingRoom.joining')}>
        <Spinner size={28} />
      </Centered>
    );
  } else if (phase === 'waiting') {
    body = (
      <Centered title={t('meetingRoom.waitingTitle')} text={t('meetingRoom.waitingText')}>
        <Spinner size={28} />
        <button type="button" class="room-secondary" onClick={() => void client.leave()}>
          {t('meetingRoom.leave')}
        </button>
      </Centered>
    );
  } else if (phase === 'in' || phase === 'reconnecting') {
    body = <InRoom client={client} phone={!desktop} />;
  } else {
    const err = client.error.value;
    const title =
      phase === 'ended'
        ? t('meetingRoom.endedTitle')
        : phase === 'kicked'
          ? t('meetingRoom.kickedTitle')
          : phase === 'denied'
            ? t('meetingRoom.deniedTitle')
            : phase === 'error'
              ? (tMaybe(`meetingRoom.errors.${err?.code ?? ''}`) ?? t('meetingRoom.errors.generic'))
              : t('meetingRoom.leftTitle');
    body = (
      <Centered title={title}>
        <div class="room-center-actions">
          {phase === 'left' || phase === 'error' ? (
            <button type="button" class="room-join" onClick={() => location.reload()}>
              {t('meetingRoom.rejoin')}
            </button>
          ) : null}
          <a class="room-back" href={`/meetings/${encodeURIComponent(meetingId)}`}>
            {t('meetingRoom.back')}
          </a>
        </div>
      </Centered>
    );
  }
  return <div class="room-root">{body}</div>;
}
