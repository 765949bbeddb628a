// The video area: grid (paged) or speaker layout, and the screen share with its drawing layer when someone
// presents. It reports what is on screen to the client, which asks the server for exactly those streams.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RoomParticipant } from '../../../../server/modules/meetings/meetings.signal.dto';
import { t } from '../../../i18n';
import { canAnnotate } from './room.annotate';
import type { RoomClient } from './room.client';
import { activeSpeaker, gridPage, gridShape, pageCount, speakerStrip, type Layout, type VisibleTile } from './room.view';
import { AnnotationLayer } from './AnnotationLayer';
import { RoomIcon } from './RoomIcon';

/** Plays one track in a <video>; audio is played elsewhere, so the element is always muted. */
function useTrack(ref: { current: HTMLVideoElement | null }, source: MediaStreamTrack | MediaStream | null | undefined): void {
  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    const stream = !source ? null : source instanceof MediaStream ? source : new MediaStream([source]);
    if (v.srcObject !== stream) v.srcObject = stream;
    if (stream) void v.play().catch(() => undefined);
  }, [source]);
}

function useSize(ref: { current: HTMLElement | null }): { w: number; h: number } {
  const [size, setSize] = useState({ w: 0, h: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    return () => ro.disconnect();
  }, []);
  return size;
}

export function initials(name: string): string {
  const s = name.trim();
  return /^[\u4e00-\u9fff]/.test(s) ? s.slice(-2) : s.slice(0, 2).toUpperCase();
}

export function Tile({ p, source, self, big }: { p: RoomParticipant; source: MediaStreamTrack | MediaStream | null | undefined; self: boolean; big?: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  const showVideo = !!source && p.video;
  useTrack(ref, showVideo ? source : null);
  return (
    <div class={`room-tile${p.talking ? ' is-talking' : ''}${big ? ' is-big' : ''}`} data-testid="video-tile" data-pid={p.pid}>
      <video ref={ref} class={`room-video${self ? ' is-mirror' : ''}`} autoplay playsInline muted hidden={!showVideo} />
      {!showVideo ? (
        <div class="room-avatar" aria-hidden="true">
          {initials(p.name)}
        </div>
      ) : null}
      <div class="room-tile-name">
        {p.audio ? <RoomIcon name="mic" size={14} /> : <span class="room-muted"><RoomIcon name="micOff" size={14} /></span>}
        <span>{self ? t('meetingRoom.me', { name: p.name }) : p.name}</span>
        {p.role !== 'attendee' ? <span class="room-role">{t(`meetingRoom.role.${p.role}`)}</span> : null}
      </div>
      {p.hand ? (
        <span class="room-tile-hand" role="img" aria-label={t('meetingRoom.handUp')}>
          <RoomIcon name="hand" size={18} />
        </span>
      ) : null}
    </div>
  );
}

function ScreenView({ client, source, presenterName, mine }: { client: RoomClient; source: MediaStreamTrack | MediaStream | null | undefined; presenterName: string; mine: boolean }) {
  const ref = useRef<HTMLVideoElement>(null);
  useTrack(ref, source);
  const room = client.room.value;
  const self = client.self.value;
  const canDraw = !!room && canAnnotate(room, self);
  return (
    <div class="room-screen" data-testid="screen-share">
      <video ref={ref} class="room-screen-video" autoplay playsInline muted />
      {!source ? <div class="room-screen-wait">{t('meetingRoom.screenLoading')}</div> : null}
      <AnnotationLayer client={client} video={ref} canDraw={canDraw} />
      <div class="room-screen-label">{mine ? t('meetingRoom.youShare') : t('meetingRoom.sharing', { name: presenterName })}</div>
    </div>
  );
}

const STRIP_TILE_W = 160;

export function RoomStage({ client, layout, phone }: { client: RoomClient; layout: Layout; phone: boolean }) {
  const stage = useRef<HTMLDivElement>(null);
  const size = useSize(stage);
  const [page, setPage] = useState(0);
  const participants = client.participants.value;
  const self = client.self.value;
  const selfPid = self?.pid ?? null;
  const remote = client.remote.value;
  const talk = client.talk.value;
  const room = client.room.value;
  const presenter = room?.presenter ?? null;
  const byPid = new Map(participants.map((p) => [p.pid, p]));
  const sourceOf = (pid: string) => (pid === selfPid ? client.localCamera.value : remote.get(pid)?.camera);

  let tiles: VisibleTile[];
  let body;
  if (presenter) {
    const screenSource = presenter === selfPid ? client.localScreen.value : remote.get(presenter)?.screen;
    const stripMax = phone ? 3 : 5;
    const speaker = activeSpeaker(participants, selfPid, talk);
    const strip = speakerStrip(participants, selfPid, speaker, talk, stripMax);
    // The presenter's face and the speaker come first, then me and the recent talkers.
    const shown = [...new Set([presenter, ...(speaker ? [speaker] : []), ...strip])].filter((pid) => byPid.has(pid)).slice(0, stripMax);
    const stripW = phone ? Math.min(STRIP_TILE_W, size.w / stripMax) : STRIP_TILE_W;
    tiles = shown.map((pid) => ({ pid, width: stripW }));
    body = (
      <div class="room-present">
        <ScreenView client={client} source={screenSource} presenterName={byPid.get(presenter)?.name ?? ''} mine={presenter === selfPid} />
        <div class="room-strip">
          {shown.map((pid) => (
            <Tile key={pid} p={byPid.get(pid)!} source={sourceOf(pid)} self={pid === selfPid} />
          ))}
        </div>
      </div>
    );
  } else if (layout === 'speaker' && participants.length > 1) {
    const speaker = activeSpeaker(participants, selfPid, talk)!;
    const strip = speakerStrip(participants, selfPid, speaker, talk, phone ? 3 : 6);
    const stripW = phone ? Math.min(STRIP_TILE_W, size.w / 3) : STRIP_TILE_W;
    tiles = [{ pid: speaker, width: size.w }, ...strip.map((pid) => ({ pid, width: stripW }))];
    body = (
      <div class="room-speaker">
        <div class="room-speaker-main">
          <Tile p={byPid.get(speaker)!} source={sourceOf(speaker)} self={speaker === selfPid} big />
        </div>
        <div class="room-strip">
          {strip.map((pid) => (
            <Tile key={pid} p={byPid.get(pid)!} source={sourceOf(pid)} self={pid === selfPid} />
          ))}
        </div>
      </div>
    );
  } else {
    const pages = pageCount(participants.length, phone);
    const current = Math.min(page, pages - 1);
    const pids = gridPage(participants, selfPid, current, phone);
    const shape = gridShape(pids.length, phone);
    tiles = pids.map((pid) => ({ pid, width: size.w / shape.cols }));
    body = (
      <div class="room-grid-wrap">
        <div class="room-grid" style={{ gridTemplateColumns: `repeat(${shape.cols}, 1fr)`, gridTemplateRows: `repeat(${shape.rows}, 1fr)` }}>
          {pids.map((pid) => (
            <Tile key={pid} p={byPid.get(pid)!} source={sourceOf(pid)} self={pid === selfPid} />
          ))}
        </div>
        {pages > 1 ? (
          <div class="room-pager">
            <button type="button" aria-label={t('meetingRoom.prevPage')} disabled={current === 0} onClick={() => setPage(current - 1)}>
              <RoomIcon name="chevronLeft" size={18} />
            </button>
            <span>{t('meetingRoom.page', { page: current + 1, pages })}</span>
            <button type="button" aria-label={t('meetingRoom.nextPage')} disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
              <RoomIcon name="chevronRight" size={18} />
            </button>
          </div>
        ) : null}
      </div>
    );
  }

  const screenWidth = presenter ? size.w : 0;
  const key = JSON.stringify([tiles.map((x) => [x.pid, Math.round(x.width)]), Math.round(screenWidth)]);
  useEffect(() => client.setViewport(tiles, screenWidth), [key]);

  return (
    <div class="room-stage" ref={stage}>
      {body}
    </div>
  );
}
