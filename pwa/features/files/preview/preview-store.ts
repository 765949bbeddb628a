// State of one open preview: the file's annotations, the drawing tool and colour, marks being made
// (a note or highlight waiting for its text, ink strokes not yet saved), the focused annotation, zoom.
import { batch, computed, signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AccessLevel, Annotation, AnnotationShape } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { toast } from '../../../ui';
import { INK_WIDTH, MAX_STROKES, PEN_COLOURS, byPosition, clampZoom, zoomIn, zoomOut, type PenColour, type Point, type Tool } from './annotation-tools';
import { previewApi } from './preview.api';

/** A note or highlight placed on the page, waiting for its text. */
export interface PendingMark {
  page: number;
  shape: Extract<AnnotationShape, { type: 'note' | 'highlight' }>;
  colour: PenColour;
}

/** One ink stroke drawn but not saved yet. */
export interface DraftStroke {
  page: number;
  colour: PenColour;
  points: Point[];
}

export type PanelView = { kind: 'list' } | { kind: 'thread'; id: string };

export class PreviewStore {
  readonly annotations = signal<Annotation[] | null>(null);
  readonly loadError = signal<string | null>(null);
  readonly viewedVersionId = signal<string | null>(null);
  /** The viewer's access to the file (from the node): editors may resolve and reassign anything, managers delete. */
  readonly level = signal<AccessLevel>('view');
  readonly tool = signal<Tool>('select');
  readonly colour = signal<PenColour>(PEN_COLOURS[0]);
  readonly pending = signal<PendingMark | null>(null);
  readonly strokes = signal<DraftStroke[]>([]);
  readonly saving = signal(false);
  /** The annotation highlighted on the page and opened in the panel. */
  readonly focusedId = signal<string | null>(null);
  readonly panel = signal<PanelView>({ kind: 'list' });
  /** Phone: the bottom sheet with the list is up. */
  readonly sheetOpen = signal(false);
  /** Bumped to ask the viewer to scroll to the focused annotation. */
  readonly scrollRequest = signal(0);
  /** 1 = 100 % (a PDF point is 96/72 CSS px, an image pixel one CSS px). */
  readonly zoom = signal(1);
  /** Follow the viewer's width until the user zooms by hand. */
  readonly fit = signal(true);
  readonly fitZoom = signal(1);
  /** Annotations made on this page visit, newest last: what "undo" deletes once no drawing is left. */
  private readonly madeHere = signal<string[]>([]);

  readonly sorted = computed(() => [...(this.annotations.value ?? [])].sort(byPosition));
  readonly canUndo = computed(() => this.strokes.value.length > 0 || this.pending.value !== null || this.madeHere.value.length > 0);

  constructor(
    readonly fileId: string,
    readonly myId: string | null,
  ) {}

  async load(signal?: AbortSignal): Promise<void> {
    try {
      const res = await previewApi.annotations(this.fileId, signal);
      batch(() => {
        this.annotations.value = res.items;
        this.loadError.value = null;
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      this.loadError.value = errorText(e);
    }
  }

  /** Who may change what (mirrors the server: author, assignee or editor resolve and reassign; author or manager delete). */
  may(a: Annotation, action: 'edit-text' | 'handle' | 'delete'): boolean {
    const mine = a.authorId === this.myId;
    const level = this.level.value;
    if (action === 'edit-text') return mine;
    if (action === 'delete') return mine || level === 'manage';
    return mine || (a.assigneeId !== null && a.assigneeId === this.myId) || level === 'edit' || level === 'manage';
  }

  byId(id: string | null): Annotation | undefined {
    return id ? this.annotations.value?.find((a) => a.id === id) : undefined;
  }

  /** Put a fresh copy from the server in place (or add it). */
  upsert(a: Annotation): void {
    const list = this.annotations.value ?? [];
    this.annotations.value = list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a];
  }

  zoomStep(direction: 1 | -1): void {
    batch(() => {
      this.fit.value = false;
      this.zoom.value = direction > 0 ? zoomIn(this.zoom.value) : zoomOut(this.zoom.value);
    });
  }

  fitWidth(): void {
    batch(() => {
      this.fit.value = true;
      this.zoom.value = clampZoom(this.fitZoom.value);
    });
  }

  setTool(tool: Tool): void {
    if (tool === this.tool.value) return;
    if (this.strokes.value.length) void this.saveInk();
    batch(() => {
      this.pending.value = null;
      this.tool.value = tool;
    });
  }

  /** Focus an annotation: highlight it, open its thread, scroll the page to it. */
  focus(id: string | null, scroll = true): void {
    batch(() => {
      this.focusedId.value = id;
      this.panel.value = id ? { kind: 'thread', id } : { kind: 'list' };
      if (id) this.sheetOpen.value = true;
      if (id && scroll) this.scrollRequest.value++;
    });
  }

  place(mark: PendingMark): void {
    batch(() => {
      this.pending.value = mark;
      this.focusedId.value = null;
    });
  }

  addStroke(stroke: DraftStroke): void {
    this.strokes.value = [...this.strokes.value, stroke];
  }

  async savePending(text: string, assigneeId: string | null): Promise<boolean> {
    const mark = this.pending.value;
    const versionId = this.viewedVersionId.value;
    if (!mark || !versionId) return false;
    this.saving.value = true;
    try {
      const created = await previewApi.create(this.fileId, { versionId, page: mark.page, shape: mark.shape, colour: mark.colour, text, assigneeId });
      batch(() => {
        this.upsert(created);
        this.pending.value = null;
        this.madeHere.value = [...this.madeHere.value, created.id];
        this.focusedId.value = created.id;
        this.panel.value = { kind: 'thread', id: created.id };
      });
      return true;
    } catch (e) {
      toast(errorText(e), 'danger');
      return false;
    } finally {
      this.saving.value = false;
    }
  }

  /** Saves the drawn strokes: one ink annotation per page and colour (at most 50 strokes each). */
  async saveInk(): Promise<void> {
    const strokes = this.strokes.value;
    const versionId = this.viewedVersionId.value;
    if (!strokes.length || !versionId || this.saving.value) return;
    const groups = new Map<string, DraftStroke[]>();
    for (const s of strokes) {
      const key = `${s.page}|${s.colour}`;
      const g = groups.get(key) ?? [];
      g.push(s);
      groups.set(key, g);
    }
    this.saving.value = true;
    const done: DraftStroke[] = [];
    try {
      for (const group of groups.values()) {
        for (let i = 0; i < group.length; i += MAX_STROKES) {
          const part = group.slice(i, i + MAX_STROKES);
          const first = part[0]!;
          const created = await previewApi.create(this.fileId, {
            versionId,
            page: first.page,
            colour: first.colour,
            text: '',
            shape: { type: 'ink', strokes: part.map((s) => s.points), width: INK_WIDTH },
          });
          done.push(...part);
          batch(() => {
            this.upsert(created);
            this.madeHere.value = [...this.madeHere.value, created.id];
          });
        }
      }
      toast(t('preview.inkSaved'), 'success', 2000);
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      this.strokes.value = this.strokes.value.filter((s) => !done.includes(s));
      this.saving.value = false;
    }
  }

  /** Undo: the last stroke not saved yet; else the mark waiting for text; else delete the last annotation made here. */
  async undo(): Promise<void> {
    if (this.strokes.value.length) {
      this.strokes.value = this.strokes.value.slice(0, -1);
      return;
    }
    if (this.pending.value) {
      this.pending.value = null;
      return;
    }
    const id = this.madeHere.value[this.madeHere.value.length - 1];
    if (!id) return;
    this.madeHere.value = this.madeHere.value.slice(0, -1);
    if (!this.byId(id)) return;
    if (await this.remove(id)) toast(t('preview.undone'));
  }

  async patch(id: string, body: Parameters<typeof previewApi.patch>[1]): Promise<boolean> {
    try {
      this.upsert(await previewApi.patch(id, body));
      return true;
    } catch (e) {
      toast(errorText(e), 'danger');
      return false;
    }
  }

  async reply(id: string, body: string): Promise<boolean> {
    try {
      this.upsert(await previewApi.reply(id, body));
      return true;
    } catch (e) {
      toast(errorText(e), 'danger');
      return false;
    }
  }

  async remove(id: string): Promise<boolean> {
    try {
      await previewApi.remove(id);
      batch(() => {
        this.annotations.value = (this.annotations.value ?? []).filter((a) => a.id !== id);
        this.madeHere.value = this.madeHere.value.filter((x) => x !== id);
        if (this.focusedId.value === id) this.focus(null, false);
      });
      return true;
    } catch (e) {
      toast(errorText(e), 'danger');
      return false;
    }
  }
}

export const PreviewContext = createContext<PreviewStore | null>(null);

export function usePreview(): PreviewStore {
  const store = useContext(PreviewContext);
  if (!store) throw new Error('usePreview outside <PreviewContext.Provider>');
  return store;
}
