// Live runs: 'backup.progress' (RunProgress, throttled by the server) and 'backup.run' (RunView when a run
// starts or ends) from the realtime hub, kept in signals every tab of the panel reads.
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { RunDetail, RunProgress, RunView } from '../../../../server/modules/backup/backup.dto';
import { onRealtimeEvent } from '../../../state/realtime';

/** The latest progress per run id. */
export const liveProgress = signal<Record<string, RunProgress>>({});
/** The latest view of each run seen over the socket (or from our own POST). */
export const liveRuns = signal<Record<string, RunView>>({});
/** Bumped whenever a run starts or ends: open lists reload. */
export const runsVersion = signal(0);

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

export function noteProgress(p: RunProgress): void {
  liveProgress.value = { ...liveProgress.value, [p.runId]: p };
}

export function noteRun(r: RunView): void {
  liveRuns.value = { ...liveRuns.value, [r.id]: r };
  runsVersion.value++;
}

/** Subscribes while the panel is open. */
export function useBackupLive(): void {
  useEffect(() => {
    const offProgress = onRealtimeEvent('backup.progress', (data) => {
      if (isObj(data) && typeof data.runId === 'string') noteProgress(data as unknown as RunProgress);
    });
    const offRun = onRealtimeEvent('backup.run', (data) => {
      if (isObj(data) && typeof data.id === 'string' && typeof data.status === 'string') noteRun(data as unknown as RunView);
    });
    return () => (offProgress(), offRun());
  }, []);
}

/** A run as the socket last described it, falling back to what the page loaded. */
export const currentRun = (r: RunView): RunView => {
  const live = liveRuns.value[r.id];
  return live && (live.status !== 'running' || r.status === 'running') ? live : r;
};

/**
 * Follows one run to its end: realtime events first, and a slow poll of GET runs/:id as a safety net (a socket
 * that reconnected mid-run may have missed the end). Returns the latest view and, once ended, its detail.
 */
export function useRunWatch(start: RunView | null, load: (id: string) => Promise<RunDetail>): { run: RunView | null; detail: RunDetail | null } {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const id = start?.id ?? null;
  const live = id ? liveRuns.value[id] : undefined;
  const run = start ? (live ?? start) : null;
  const ended = run ? run.status !== 'running' : false;
  useEffect(() => {
    setDetail(null);
  }, [id]);
  useEffect(() => {
    if (!id) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const d = await load(id);
        if (stop) return;
        if (d.status !== 'running') {
          setDetail(d);
          if (liveRuns.value[id]?.status !== d.status) noteRun(d);
          return;
        }
      } catch {
        /* offline for a moment: try again */
      }
      if (!stop) timer = setTimeout(poll, 3000);
    };
    timer = setTimeout(poll, ended ? 0 : 3000);
    return () => ((stop = true), clearTimeout(timer));
  }, [id, ended, load]);
  return { run: detail ?? run, detail };
}
