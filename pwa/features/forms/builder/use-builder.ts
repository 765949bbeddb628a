// One form's builder state: the loaded definition, the working draft being edited, and saving it — debounced
// autosave after each change, an explicit flush (Ctrl/Cmd+S, before publishing, when leaving the page), and
// what the last save said (problems from the server, or why it failed).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from '../../../api/client';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { builderApi, draftOf, type FormDefinition, type FormDraftSave } from './api-builder';

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'error';

const AUTOSAVE_MS = 1200;

export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mql = window.matchMedia(query);
    const on = () => setMatches(mql.matches);
    mql.addEventListener('change', on);
    on();
    return () => mql.removeEventListener('change', on);
  }, [query]);
  return matches;
}

export function useBuilder(id: string) {
  const [def, setDef] = useState<FormDefinition | null>(null);
  const [draft, setDraft] = useState<FormDraftSave | null>(null);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [saveError, setSaveError] = useState<string | null>(null);
  /** Problems a failed save reported (the draft's shape), else those of a failed publish; null: use def.problems. */
  const [problems, setProblems] = useState<FieldProblem[] | null>(null);

  const draftRef = useRef<FormDraftSave | null>(null);
  const edits = useRef(0);
  const saved = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inflight = useRef<Promise<boolean> | null>(null);

  useEffect(() => {
    let live = true;
    setDef(null);
    setDraft(null);
    setLoadError(null);
    builderApi
      .get(id)
      .then((d) => {
        if (!live) return;
        setDef(d);
        const dr = draftOf(d);
        draftRef.current = dr;
        setDraft(dr);
        edits.current = saved.current = 0;
        setStatus('saved');
      })
      .catch((e: unknown) => live && setLoadError(e instanceof Error ? e : new Error(String(e))));
    return () => {
      live = false;
    };
  }, [id]);

  const save = async (): Promise<boolean> => {
    const body = draftRef.current;
    if (!body) return false;
    const version = edits.current;
    setStatus('saving');
    try {
      const res = await builderApi.save(id, body);
      saved.current = Math.max(saved.current, version);
      setDef(res);
      setProblems(null);
      setSaveError(null);
      setStatus(edits.current > version ? 'dirty' : 'saved');
      return edits.current === version;
    } catch (e) {
      setStatus('error');
      if (e instanceof ApiError && e.errors.length) {
        setProblems(e.errors);
        setSaveError(t('forms.builder.saveInvalid', { n: e.errors.length }));
      } else {
        setSaveError(errorText(e));
      }
      return false;
    }
  };

  /** Save now if anything is unsaved; resolves true when the server has the latest draft. */
  const flush = async (): Promise<boolean> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    while (inflight.current) await inflight.current;
    if (edits.current === saved.current) return true;
    const p = save().finally(() => {
      inflight.current = null;
    });
    inflight.current = p;
    return p;
  };

  const schedule = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flush();
    }, AUTOSAVE_MS);
  };

  const update = (fn: (d: FormDraftSave) => FormDraftSave) => {
    const cur = draftRef.current;
    if (!cur) return;
    const next = fn(cur);
    if (next === cur) return;
    draftRef.current = next;
    edits.current++;
    setDraft(next);
    setStatus('dirty');
    schedule();
  };

  // Leaving the page (or the app) with unsaved edits: save on the way out, and ask the browser to warn.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (edits.current !== saved.current) {
        void flush();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (edits.current !== saved.current) void flush();
    };
  }, [id]);

  return {
    def,
    draft,
    loadError,
    status,
    saveError,
    problems: problems ?? def?.problems ?? [],
    update,
    flush,
    /** After publish/archive/restore: the server's view of the form (the draft itself is unchanged). */
    setDef,
    setProblems,
  };
}

export type Builder = ReturnType<typeof useBuilder>;
