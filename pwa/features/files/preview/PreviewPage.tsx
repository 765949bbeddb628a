// /files/p/:id?v=<versionId>&a=<annotationId> — a file's preview with its annotations. PDFs (and Office
// files, converted by the server) are drawn by pdf.js, loaded only here; images are shown as they are.
// While the server is still converting, the page waits and asks again every 2 s.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { FileVersion, NodeDetail, PreviewInfo } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDate } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { onRealtimeEvent } from '../../../state/realtime';
import { me } from '../../../state/session-signals';
import { Alert, Button, ButtonLink, EmptyState, Icon, LoadingBlock, Spinner, toast } from '../../../ui';
import { AnnotationPanel } from './AnnotationPanel';
import { DocViewer, firstPdfPageSize, type DocSource } from './DocViewer';
import { openPdf } from './pdf-engine';
import { previewApi } from './preview.api';
import { PvIcon } from './preview-icons';
import { PreviewContext, PreviewStore } from './preview-store';
import { ToolHint, Toolbar } from './Toolbar';
import './preview.css';

const POLL_MS = 2000;

type DocState =
  | { s: 'loading' }
  | { s: 'pending' }
  | { s: 'failed'; error: string | null }
  | { s: 'none' }
  | { s: 'error'; message: string }
  | { s: 'ready'; source: DocSource; pages: number; watermark: string | null };

function loadImageSize(url: string): Promise<{ w: number; h: number }> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve({ w: img.naturalWidth || 1, h: img.naturalHeight || 1 });
    img.onerror = () => reject(new Error('image failed to load'));
    img.src = url;
  });
}

/** Follows the preview of one version: waits while pending, opens the PDF or image once ready. */
function useDocument(id: string, version: string | null, store: PreviewStore, fileName: string, retry: number): DocState {
  const [state, setState] = useState<DocState>({ s: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let destroy: (() => void) | null = null;
    setState({ s: 'loading' });

    const open = async (info: PreviewInfo) => {
      if (info.kind === 'pdf' && info.url) {
        const { doc } = await openPdf(info.url);
        destroy = () => void doc.destroy();
        if (ctrl.signal.aborted) return destroy();
        const first = await firstPdfPageSize(doc);
        if (!ctrl.signal.aborted) setState({ s: 'ready', source: { kind: 'pdf', doc, first }, pages: doc.numPages, watermark: info.watermark });
      } else if (info.kind === 'image' && info.url) {
        const first = await loadImageSize(info.url);
        if (!ctrl.signal.aborted) setState({ s: 'ready', source: { kind: 'image', url: info.url, alt: fileName, first }, pages: 1, watermark: info.watermark });
      } else setState({ s: 'none' });
    };

    const check = async () => {
      try {
        const info = await previewApi.preview(id, version, ctrl.signal);
        if (ctrl.signal.aborted) return;
        store.viewedVersionId.value = info.versionId;
        if (info.status === 'pending') {
          setState({ s: 'pending' });
          timer = setTimeout(() => {
            timer = undefined;
            void check();
          }, POLL_MS);
        } else if (info.status === 'failed') setState({ s: 'failed', error: info.error });
        else if (info.status === 'none' || info.kind === 'none') setState({ s: 'none' });
        else await open(info);
      } catch (e) {
        if (ctrl.signal.aborted) return;
        console.error(e);
        setState({ s: 'error', message: errorText(e) });
      }
    };
    // The server also says when a conversion finishes: then there is no need to wait for the next poll.
    const off = onRealtimeEvent('files.preview', (data) => {
      const ev = data as { fileId?: string; status?: string } | null;
      if (ev?.fileId !== id || ev.status === 'pending' || timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      void check();
    });
    void check();
    return () => {
      off();
      ctrl.abort();
      clearTimeout(timer);
      destroy?.();
    };
  }, [id, version, retry]);
  return state;
}

function Waiting({ state, downloadUrl, onRetry }: { state: DocState; downloadUrl: string | null; onRetry: () => void }) {
  const download = downloadUrl ? (
    <ButtonLink href={downloadUrl} variant="primary" icon="download" download="">
      {t('preview.downloadFile')}
    </ButtonLink>
  ) : null;
  switch (state.s) {
    case 'loading':
      return <LoadingBlock label={t('preview.loading')} />;
    case 'pending':
      return (
        <div class="pv-state" role="status">
          <Spinner size={32} label={t('preview.pending')} />
          <p class="pv-state-title">{t('preview.pending')}</p>
          <p class="pv-state-text">{t('preview.pendingHint')}</p>
        </div>
      );
    case 'failed':
      return (
        <div class="pv-state">
          <EmptyState icon="alert" title={t('preview.failed')} description={t('preview.failedHint')} action={download} />
          {state.error ? <p class="pv-state-error">{t('preview.failedReason', { reason: state.error })}</p> : null}
        </div>
      );
    case 'none':
      return <EmptyState icon="file" title={t('preview.none')} description={t('preview.noneHint')} action={download} />;
    case 'error':
      return (
        <EmptyState
          icon="alert"
          title={t('preview.loadFailed')}
          description={state.message}
          action={
            <Button icon="refresh" onClick={onRetry}>
              {t('preview.retry')}
            </Button>
          }
        />
      );
    default:
      return null;
  }
}

function versionLabel(v: FileVersion): string {
  return t(v.current ? 'preview.versionCurrent' : 'preview.versionOption', { n: v.number, date: formatDate(v.createdAt) });
}

export default function PreviewPage(props: RouteProps & { id?: string }) {
  const route = useRoute();
  const { path, query, route: go } = useLocation();
  const id = route.params.id ?? props.id ?? decodeURIComponent(/\/files\/p\/([^/?#]+)/.exec(path)?.[1] ?? '');
  const version = query.v || null;
  const focusId = query.a || null;
  const store = useMemo(() => new PreviewStore(id, me.value?.user.id ?? null), [id]);
  const [detail, setDetail] = useState<NodeDetail | null>(null);
  const [detailError, setDetailError] = useState<{ code: string; text: string } | null>(null);
  const [versions, setVersions] = useState<FileVersion[]>([]);
  const [retry, setRetry] = useState(0);
  const doc = useDocument(id, version, store, detail?.node.name ?? '', retry);
  const focused = useRef<string | null>(null);
  // The top bar says where we are ("文件预览"); the header below it names the file, and so does the tab.
  usePageTitle(t('preview.title'));
  const fileName = detail?.node.name;
  useEffect(() => {
    if (fileName) document.title = `${fileName} · ${t('app.name')}`;
  }, [fileName]);

  useEffect(() => {
    const ctrl = new AbortController();
    setDetail(null);
    setDetailError(null);
    previewApi
      .node(id, ctrl.signal)
      .then((d) => {
        store.level.value = d.node.level;
        setDetail(d);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setDetailError({ code: (e as { code?: string }).code ?? '', text: errorText(e) });
      });
    previewApi
      .versions(id, ctrl.signal)
      .then((r) => setVersions(r.items))
      .catch(() => undefined);
    void store.load(ctrl.signal);
    // Others annotate, reply and resolve too: the server says so live; and the page catches up when it
    // comes back into view (the socket may have slept with the phone).
    const off = onRealtimeEvent('files.annotations', (data) => {
      if ((data as { fileId?: string } | null)?.fileId === id) void store.load();
    });
    const refresh = () => document.visibilityState === 'visible' && void store.load();
    document.addEventListener('visibilitychange', refresh);
    return () => {
      ctrl.abort();
      off();
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [id]);

  // Ink drawn but not saved is saved when leaving the page (back to the folder, another version).
  useEffect(() => () => void store.saveInk(), [store]);

  // A deep link to one annotation (from "assigned to me" or the inbox): open it once the page is drawn.
  const annotations = store.annotations.value;
  useEffect(() => {
    if (!focusId || !annotations || doc.s !== 'ready' || focused.current === focusId) return;
    focused.current = focusId;
    if (store.byId(focusId)) requestAnimationFrame(() => store.focus(focusId));
    else toast(t('preview.notFound'), 'danger');
  }, [focusId, annotations, doc.s]);

  if (detailError)
    return (
      <div class="page">
        <EmptyState
          icon={detailError.code === 'NOT_FOUND' ? 'search' : 'alert'}
          title={detailError.code === 'NOT_FOUND' ? t('preview.fileGone') : t('preview.loadFailed')}
          description={detailError.text}
          action={<a href="/files">{t('preview.toFiles')}</a>}
        />
      </div>
    );

  const node = detail?.node;
  const viewed = store.viewedVersionId.value;
  const viewedVersion = versions.find((v) => v.id === viewed);
  const current = versions.find((v) => v.current);
  const canDownload = node ? node.level !== 'view' : false;
  const downloadUrl = canDownload ? previewApi.contentUrl(id, viewed ?? version) : null;
  const parent = detail?.breadcrumbs[detail.breadcrumbs.length - 1];
  const backHref = node?.parentId ? `/files/f/${node.parentId}` : '/files';
  const count = annotations?.length ?? 0;

  return (
    <PreviewContext.Provider value={store}>
      <div class="pv-root">
        <header class="pv-head">
          <a class="icon-btn pv-back" href={backHref} aria-label={parent ? t('preview.backTo', { name: parent.name }) : t('preview.back')} title={parent?.name}>
            <PvIcon name="back" size={22} />
          </a>
          <div class="pv-title">
            <h1 class="pv-name" title={node?.name}>
              {node?.name ?? '\u00a0'}
            </h1>
            <div class="pv-sub">
              {versions.length > 1 ? (
                <label class="pv-version">
                  <span class="sr-only">{t('preview.version')}</span>
                  <PvIcon name="history" size={14} />
                  <select
                    value={viewed ?? ''}
                    onChange={(e) => go(`/files/p/${encodeURIComponent(id)}?v=${encodeURIComponent((e.currentTarget as HTMLSelectElement).value)}`, true)}
                  >
                    {versions.map((v) => (
                      <option key={v.id} value={v.id}>
                        {versionLabel(v)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : viewedVersion ? (
                <span>{versionLabel(viewedVersion)}</span>
              ) : null}
              {viewedVersion?.createdByName ? <span class="pv-sub-by ellipsis">{t('preview.uploadedBy', { name: viewedVersion.createdByName })}</span> : null}
            </div>
          </div>
          <div class="pv-head-actions">
            {downloadUrl ? (
              <a class="btn btn-ghost btn-sm pv-download" href={downloadUrl} download="" aria-label={t('preview.download')}>
                <Icon name="download" size={18} />
                <span class="pv-wide-only">{t('preview.download')}</span>
              </a>
            ) : null}
            <button type="button" class="btn btn-ghost btn-sm pv-list-btn" aria-label={t('preview.openList', { n: count })} onClick={() => (store.sheetOpen.value = true)}>
              <PvIcon name="comments" size={18} />
              <span>{count}</span>
            </button>
          </div>
        </header>
        {viewedVersion && current && !viewedVersion.current ? (
          <div class="pv-old-banner">
            <Alert tone="warning">
              {t('preview.olderVersionNotice', { n: viewedVersion.number, current: current.number })}{' '}
              <a href={`/files/p/${encodeURIComponent(id)}?v=${encodeURIComponent(current.id)}`}>{t('preview.viewCurrent')}</a>
            </Alert>
          </div>
        ) : null}
        <div class="pv-main">
          <div class="pv-stage">
            {doc.s === 'ready' ? <Toolbar /> : null}
            <div class="pv-view">
              {doc.s === 'ready' ? (
                <>
                  <ToolHint />
                  <DocViewer key={viewed} source={doc.source} pageCount={doc.pages} watermark={doc.watermark} />
                </>
              ) : (
                <Waiting state={doc} downloadUrl={downloadUrl} onRetry={() => setRetry(retry + 1)} />
              )}
            </div>
          </div>
          <AnnotationPanel />
        </div>
      </div>
    </PreviewContext.Provider>
  );
}
