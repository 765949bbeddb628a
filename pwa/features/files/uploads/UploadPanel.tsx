// The upload queue: a panel at the bottom right on desktop, a bottom sheet above the tab bar on phones.
// Collapsed it is one summary line with the overall progress; expanded it lists every file.
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../../i18n';
import { Icon } from '../../../ui';
import { FileIcon } from '../components/FileIcon';
import { formatBytes } from '../files-format';
import { cancel, clearFinished, panelOpen, pause, relink, restoreUnfinished, resume, unfinishedCount, uploads, wireUploadLifecycle, type UploadItem } from './upload-store';

function percent(sent: number, size: number): number {
  if (size <= 0) return sent > 0 ? 100 : 0;
  return Math.min(100, Math.round((sent / size) * 100));
}

function StatusLine({ item }: { item: UploadItem }) {
  if (item.status === 'needsFile') {
    const text = item.sent > 0 ? t('files.upload.needsFileProgress', { sent: formatBytes(item.sent), size: formatBytes(item.size) }) : t('files.upload.needsFile');
    return <span class="upload-status upload-status-warn">{item.error ?? text}</span>;
  }
  if (item.status === 'error') return <span class={`upload-status ${item.network ? 'upload-status-warn' : 'upload-status-bad'}`}>{item.error}</span>;
  if (item.status === 'done') return <span class="upload-status upload-status-ok">{item.result && !item.result.newFile ? t('files.upload.doneVersion', { n: item.result.version.number }) : t('files.upload.done')}</span>;
  if (item.status === 'paused') return <span class="upload-status">{t('files.upload.paused', { sent: formatBytes(item.sent), size: formatBytes(item.size) })}</span>;
  if (item.status === 'queued') return <span class="upload-status">{t('files.upload.queued')}</span>;
  return (
    <span class="upload-status">
      {t('files.upload.progress', { sent: formatBytes(item.sent), size: formatBytes(item.size) })}
      {item.speed > 0 ? ` · ${t('files.upload.speed', { speed: formatBytes(item.speed) })}` : ''}
    </span>
  );
}

function PickAgain({ item }: { item: UploadItem }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <label class="btn btn-secondary btn-sm upload-pick">
      <span class="btn-label">{t('files.upload.pickAgain')}</span>
      <input
        ref={input}
        type="file"
        class="sr-only"
        aria-label={t('files.upload.pickAgainNamed', { name: item.name })}
        onChange={(e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file) relink(item.id, file);
          if (input.current) input.current.value = '';
        }}
      />
    </label>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const pct = percent(item.sent, item.size);
  const name = item.name;
  return (
    <li class={`upload-row upload-row-${item.status}`}>
      <FileIcon node={{ kind: 'file', name, mime: null }} size="sm" />
      <div class="upload-main">
        <div class="upload-name ellipsis" title={item.relativePath ?? name}>
          {name}
        </div>
        {item.relativePath || item.destination ? (
          <div class="upload-where ellipsis">{item.relativePath ? `${item.destination ? `${item.destination}/` : ''}${item.relativePath}` : item.destination}</div>
        ) : null}
        <div
          class="upload-bar"
          role="progressbar"
          aria-label={t('files.upload.progressOf', { name })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        <StatusLine item={item} />
        {item.status === 'needsFile' ? <PickAgain item={item} /> : null}
      </div>
      <div class="upload-actions">
        {item.status === 'uploading' || item.status === 'queued' ? (
          <button type="button" class="icon-btn" aria-label={t('files.upload.pauseNamed', { name })} title={t('files.upload.pause')} onClick={() => pause(item.id)}>
            <Icon name="pause" size={18} />
          </button>
        ) : null}
        {item.status === 'paused' ? (
          <button type="button" class="icon-btn" aria-label={t('files.upload.resumeNamed', { name })} title={t('files.upload.resume')} onClick={() => resume(item.id)}>
            <Icon name="play" size={18} />
          </button>
        ) : null}
        {item.status === 'error' ? (
          <button type="button" class="icon-btn" aria-label={t('files.upload.retryNamed', { name })} title={t('files.upload.retry')} onClick={() => resume(item.id)}>
            <Icon name="refresh" size={18} />
          </button>
        ) : null}
        <button
          type="button"
          class="icon-btn"
          aria-label={item.status === 'done' ? t('files.upload.removeNamed', { name }) : t('files.upload.cancelNamed', { name })}
          title={item.status === 'done' ? t('files.upload.remove') : t('files.upload.cancel')}
          onClick={() => cancel(item.id)}
        >
          <Icon name="close" size={18} />
        </button>
      </div>
    </li>
  );
}

export function UploadPanel() {
  useEffect(() => {
    wireUploadLifecycle();
    void restoreUnfinished();
  }, []);
  const items = uploads.value;
  if (!items.length) return null;
  const open = panelOpen.value;
  const total = items.reduce((s, u) => s + u.size, 0);
  const sent = items.reduce((s, u) => s + (u.status === 'done' ? u.size : u.sent), 0);
  const left = unfinishedCount.value;
  const failed = items.filter((u) => u.status === 'error').length;
  const waiting = items.filter((u) => u.status === 'needsFile').length;
  const done = items.filter((u) => u.status === 'done').length;
  const summary =
    left === 0
      ? t('files.upload.allDone', { n: done })
      : failed
        ? t('files.upload.summaryFailed', { n: left, failed })
        : waiting
          ? t('files.upload.summaryWaiting', { n: waiting })
          : t('files.upload.summary', { n: left });
  const pct = percent(sent, total);
  return (
    <section class={`upload-panel ${open ? 'upload-panel-open' : ''}`} aria-label={t('files.upload.title')}>
      <header class="upload-head">
        <button type="button" class="upload-toggle" aria-expanded={open} onClick={() => (panelOpen.value = !open)}>
          <span class={`upload-head-icon ${left === 0 ? 'upload-head-done' : ''}`} aria-hidden="true">
            <Icon name={left === 0 ? 'check' : 'upload'} size={18} />
          </span>
          <span class="grow">
            <span class="upload-summary" aria-live="polite">
              {summary}
            </span>
            <span class="upload-bar upload-bar-thin" aria-hidden="true">
              <span style={{ width: `${pct}%` }} />
            </span>
          </span>
          <Icon name={open ? 'chevronDown' : 'arrowUp'} size={18} />
        </button>
        {left === 0 ? (
          <button type="button" class="icon-btn" aria-label={t('files.upload.clear')} title={t('files.upload.clear')} onClick={clearFinished}>
            <Icon name="close" size={18} />
          </button>
        ) : null}
      </header>
      {open ? (
        <div class="upload-body">
          <ul class="upload-list">
            {items.map((item) => (
              <UploadRow key={item.id} item={item} />
            ))}
          </ul>
          {done > 0 && left > 0 ? (
            <div class="upload-foot">
              <button type="button" class="link-btn" onClick={clearFinished}>
                {t('files.upload.clearDone')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
