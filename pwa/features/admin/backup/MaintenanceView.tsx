// While a whole-box restore runs the server is in maintenance, then restarts: poll /api/health until it
// answers again after having been away (or out of maintenance), then reload — everyone signs in again.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Spinner } from '../../../ui';
import { liveProgress } from './backup-live';
import { phaseText, progressPercent } from './backup-view';
import { ProgressBar } from './RunProgressView';

type Health = 'down' | 'maintenance' | 'up';

async function health(): Promise<Health> {
  try {
    const res = await fetch('/api/admin/backup', { cache: 'no-store', credentials: 'same-origin' });
    if (res.status === 401 || res.status === 403) return 'up'; // back, and we were signed out by the restore
    if (!res.ok) return res.status === 503 ? 'maintenance' : 'down';
    const body = (await res.json()) as { maintenance?: boolean };
    return body.maintenance ? 'maintenance' : 'up';
  } catch {
    return 'down';
  }
}

export function MaintenanceView() {
  const [back, setBack] = useState(false);
  useEffect(() => {
    let stop = false;
    let seenAway = false;
    let ticks = 0;
    const tick = async () => {
      if (stop) return;
      const h = await health();
      ticks++;
      if (h !== 'up') seenAway = true;
      // 'up' right away (the POST answered before maintenance began) counts only after a few polls.
      if (h === 'up' && (seenAway || ticks > 5)) {
        setBack(true);
        setTimeout(() => location.assign('/'), 800);
        return;
      }
      setTimeout(tick, 2000);
    };
    void tick();
    return () => void (stop = true);
  }, []);

  const p = Object.values(liveProgress.value).find((x) => x.kind === 'restore-full') ?? null;
  return (
    <div class="page bk">
      <div class="bk-maint" role="status" aria-live="polite">
        <Spinner size={36} />
        <h1 class="bk-maint-title">{t('backup.maintenance.title')}</h1>
        <p class="muted">{t('backup.maintenance.desc')}</p>
        {p ? (
          <div class="bk-maint-progress">
            <p class="small">{phaseText(p.phase)}</p>
            <ProgressBar fraction={progressPercent(p)} label={t('backup.progress.label')} />
          </div>
        ) : null}
        <p class="strong">{back ? t('backup.maintenance.back') : t('backup.maintenance.waiting')}</p>
      </div>
    </div>
  );
}
