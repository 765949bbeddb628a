// The scrolling document: one frame per page at the current zoom, each with the page (a pdf.js canvas,
// drawn only while near the screen, or the image), the watermark and the annotation layer on top.
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { AnnotationLayer } from './AnnotationLayer';
import { anchorOf, clampZoom } from './annotation-tools';
import { outputScale } from './pdf-engine';
import { usePreview } from './preview-store';
import { Watermark } from './Watermark';

/** CSS pixels per PDF point at 100 %. */
const CSS_UNITS = 96 / 72;
const PAD = 16;
/** "Fit width" never blows a page up beyond this. */
const FIT_MAX = 1.5;

export type DocSource = { kind: 'pdf'; doc: PDFDocumentProxy; first: Size } | { kind: 'image'; url: string; alt: string; first: Size };

/** A page's size in CSS pixels at 100 %. */
export interface Size {
  w: number;
  h: number;
}

export async function firstPdfPageSize(doc: PDFDocumentProxy): Promise<Size> {
  const vp = (await doc.getPage(1)).getViewport({ scale: CSS_UNITS });
  return { w: vp.width, h: vp.height };
}

function PdfCanvas({ doc, index, zoom, active, onSize }: { doc: PDFDocumentProxy; index: number; zoom: number; active: boolean; onSize: (i: number, s: Size) => void }) {
  const holder = useRef<HTMLDivElement>(null);
  const drawnAt = useRef<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    if (!active) {
      // Far from the screen: give the memory back (a page canvas can be tens of MB on a phone).
      el.replaceChildren();
      el.removeAttribute('data-rendered');
      el.removeAttribute('data-zoom');
      drawnAt.current = null;
      return;
    }
    if (drawnAt.current === zoom) return;
    let task: RenderTask | null = null;
    let stale = false;
    const timer = setTimeout(
      async () => {
        try {
          const page = await doc.getPage(index + 1);
          if (stale) return;
          const base = page.getViewport({ scale: CSS_UNITS });
          onSize(index, { w: base.width, h: base.height });
          const scale = outputScale(base.width * zoom, base.height * zoom);
          const viewport = page.getViewport({ scale: CSS_UNITS * zoom * scale });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.className = 'pv-canvas';
          task = page.render({ canvas, viewport });
          await task.promise;
          if (stale) return;
          el.replaceChildren(canvas);
          el.setAttribute('data-rendered', 'true');
          el.setAttribute('data-zoom', String(zoom));
          drawnAt.current = zoom;
          setFailed(false);
        } catch (e) {
          // Cancelled (zoom changed, page scrolled away) or the document closed (another version): not a failure.
          if (stale || (e as Error).name === 'RenderingCancelledException' || /destroy/i.test((e as Error).message)) return;
          console.error(e);
          setFailed(true);
        }
      },
      drawnAt.current === null ? 0 : 140,
    );
    return () => {
      stale = true;
      clearTimeout(timer);
      task?.cancel();
    };
  }, [doc, index, zoom, active]);

  return (
    <>
      <div class="pv-canvas-holder" ref={holder} />
      {failed ? <p class="pv-page-error">{t('preview.pageFailed')}</p> : null}
    </>
  );
}

export function DocViewer({ source, pageCount, watermark }: { source: DocSource; pageCount: number; watermark: string | null }) {
  const store = usePreview();
  const scroller = useRef<HTMLDivElement>(null);
  const [sizes, setSizes] = useState<Size[]>(() => Array.from({ length: pageCount }, () => source.first));
  const [near, setNear] = useState<Set<number>>(() => new Set([0]));
  const [current, setCurrent] = useState(1);
  const zoom = store.zoom.value;
  const lastZoom = useRef(zoom);

  const onSize = (i: number, s: Size) =>
    setSizes((prev) => (Math.abs((prev[i]?.w ?? 0) - s.w) < 0.5 && Math.abs((prev[i]?.h ?? 0) - s.h) < 0.5 ? prev : prev.map((p, j) => (j === i ? s : p))));

  // "Fit width": follow the viewer's width (rotating a phone, opening the side panel).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const widest = Math.max(...sizes.map((s) => s.w), 1);
    const measure = () => {
      const fit = clampZoom(Math.min(FIT_MAX, (el.clientWidth - PAD * 2) / widest));
      store.fitZoom.value = fit;
      if (store.fit.value && Math.abs(store.zoom.value - fit) > 0.001) store.zoom.value = fit;
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [sizes]);

  // Keep the spot in the middle of the screen where it was when the zoom changes.
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = lastZoom.current;
    lastZoom.current = zoom;
    if (!el || before === zoom) return;
    const k = zoom / before;
    el.scrollTop = (el.scrollTop + el.clientHeight / 2) * k - el.clientHeight / 2;
    el.scrollLeft = (el.scrollLeft + el.clientWidth / 2) * k - el.clientWidth / 2;
  }, [zoom]);

  // Draw pages within a screen of the visible area; drop those three screens away.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const pageOf = (e: IntersectionObserverEntry) => Number((e.target as HTMLElement).dataset.index);
    const draw = new IntersectionObserver(
      (entries) => {
        const add = entries.filter((e) => e.isIntersecting).map(pageOf);
        if (add.length) setNear((prev) => (add.every((i) => prev.has(i)) ? prev : new Set([...prev, ...add])));
      },
      { root: el, rootMargin: '100% 0px' },
    );
    const keep = new IntersectionObserver(
      (entries) => {
        const drop = entries.filter((e) => !e.isIntersecting).map(pageOf);
        if (drop.length) setNear((prev) => (drop.some((i) => prev.has(i)) ? new Set([...prev].filter((i) => !drop.includes(i))) : prev));
      },
      { root: el, rootMargin: '300% 0px' },
    );
    for (const page of el.querySelectorAll('.pv-page')) {
      draw.observe(page);
      keep.observe(page);
    }
    return () => {
      draw.disconnect();
      keep.disconnect();
    };
  }, [pageCount]);

  // "3 / 12": the page under the middle of the screen.
  useEffect(() => {
    const el = scroller.current;
    if (!el || pageCount < 2) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const middle = el.scrollTop + el.clientHeight / 2;
        let n = 1;
        for (const page of el.querySelectorAll<HTMLElement>('.pv-page')) if (page.offsetTop <= middle) n = Number(page.dataset.index) + 1;
        setCurrent(n);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', onScroll);
    };
  }, [pageCount]);

  // Scroll to the focused annotation when asked (a tap in the list, a deep link).
  const request = store.scrollRequest.value;
  useEffect(() => {
    const a = store.byId(store.focusedId.peek());
    const el = scroller.current;
    if (!request || !a || !el) return;
    const page = el.querySelector<HTMLElement>(`.pv-page[data-index="${a.page - 1}"]`);
    if (!page) return;
    const at = anchorOf(a.shape);
    // On phones the annotation sheet covers the lower part: bring the mark just under the toolbar.
    const phone = window.matchMedia('(max-width: 767px)').matches;
    const top = page.offsetTop + at.y * page.offsetHeight - (phone ? 64 : el.clientHeight / 3);
    const left = page.offsetLeft + at.x * page.offsetWidth - el.clientWidth / 2;
    el.scrollTo({ top: Math.max(0, top), left: Math.max(0, left), behavior: 'smooth' });
  }, [request]);

  return (
    <>
      <div class="pv-scroll" ref={scroller} tabIndex={0} aria-label={t('preview.document')}>
        <div class="pv-pages">
          {sizes.map((s, i) => (
            <section
              key={i}
              class="pv-page"
              data-index={i}
              aria-label={t('preview.pageLabel', { n: i + 1, total: pageCount })}
              style={{ width: `${Math.round(s.w * zoom)}px`, height: `${Math.round(s.h * zoom)}px` }}
            >
              {source.kind === 'pdf' ? (
                <PdfCanvas doc={source.doc} index={i} zoom={zoom} active={near.has(i)} onSize={onSize} />
              ) : (
                <img class="pv-image" src={source.url} alt={source.alt} draggable={false} data-rendered="true" />
              )}
              {watermark ? <Watermark text={watermark} /> : null}
              <AnnotationLayer page={i + 1} aspect={s.h / s.w} />
            </section>
          ))}
        </div>
      </div>
      {pageCount > 1 ? (
        <p class="pv-pageno" aria-hidden="true">
          {current} / {pageCount}
        </p>
      ) : null}
    </>
  );
}
