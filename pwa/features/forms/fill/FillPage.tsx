// /forms/new/:formId — fill in a form and submit it; /forms/s/:id/edit — change a returned submission and
// resubmit it. One scrolling page on desktop; on phones a form with several sections goes step by step.
// Answers are kept as a draft on the device; without a network the submission waits in the outbox.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Answers, FormSchema, SchoolCalendar } from '../../../../server/lib/form-schema';
import { walkForm } from '../../../../server/lib/form-logic';
import { ApiError, newIdempotencyKey } from '../../../api/client';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import { useIsDesktop } from '../../../layout/use-media';
import { online } from '../../../state/connectivity';
import { navigate } from '../../../state/navigate';
import { enqueueOutbox } from '../../../state/outbox';
import { me } from '../../../state/session-signals';
import { Alert, Button, ButtonLink, EmptyState, LoadingBlock, toast } from '../../../ui';
import { FormIcon } from '../approvals/FormBits';
import { FormRenderer, focusFirstError } from '../renderer/FormRenderer';
import { checkAnswers, errorsFromProblem, errorsInSection, firstErrorSection, keepCompatibleAnswers, pointerField, type ErrorMap } from '../renderer/form-state';
import { fillApi, resubmitPath, submitPath, type FormFill, type RoutePreview, type SubmissionDetail } from './api-fill';
import { clearDraft, draftKey, loadDraft, saveDraft } from './drafts';
import { OutboxBanner } from './OutboxBanner';
import { RoutePreviewSheet } from './RoutePreviewSheet';
import './fill.css';

const NO_CALENDAR: SchoolCalendar = { holidays: [], workdays: [] };

type Loaded =
  | { mode: 'new'; form: FormFill }
  | { mode: 'edit'; detail: SubmissionDetail; calendar: SchoolCalendar };

interface Head {
  schema: FormSchema;
  calendar: SchoolCalendar;
  name: string;
  icon: string;
  version: number;
}

function headOf(l: Loaded): Head {
  return l.mode === 'new'
    ? { schema: l.form.schema, calendar: l.form.calendar, name: l.form.name, icon: l.form.icon, version: l.form.version }
    : { schema: l.detail.schema, calendar: l.calendar, name: l.detail.formName, icon: l.detail.formIcon, version: l.detail.version };
}

/** Known refusals, said plainly; anything else goes through the app's error texts. */
function problemText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'FORM_FULL') return t('forms.fill.problemFull');
    if (e.code === 'ALREADY_SUBMITTED') return t('forms.fill.problemAlready');
    if (e.code === 'FORM_NOT_FOUND' || e.status === 404) return t('forms.fill.problemGone');
  }
  return errorText(e);
}

export default function FillPage({ formId, submissionId }: { formId?: string; submissionId?: string }) {
  const desktop = useIsDesktop();
  const userId = me.value?.user.id ?? 'anon';
  const key = draftKey(userId, submissionId ? { submissionId } : { formId: formId ?? '' });

  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<ErrorMap>({});
  const [notice, setNotice] = useState<'restored' | 'versionChanged' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [step, setStep] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [sheet, setSheet] = useState<{ preview: RoutePreview | null; error: unknown } | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  /** Queued in the outbox: stay here (the next page may not be loadable offline) and say so. */
  const [queued, setQueued] = useState(false);
  const dirty = useRef(false);
  const idemKey = useRef<string | null>(null);
  const formEl = useRef<HTMLDivElement>(null);
  const stepHead = useRef<HTMLDivElement>(null);

  const head = loaded ? headOf(loaded) : null;
  usePageTitle(head?.name ?? (submissionId ? t('forms.fill.editTitle') : t('forms.fill.title')));

  // ── loading ──────────────────────────────────────────────────────────────────────────
  const loadForm = async (keep?: Answers) => {
    if (submissionId) {
      const detail = await fillApi.submission(submissionId);
      // Only for the live day count: the server counts the days again with its own calendar.
      const calendar = await fillApi.calendar().catch(() => NO_CALENDAR);
      const draft = loadDraft(key);
      setLoaded({ mode: 'edit', detail, calendar });
      if (draft && detail.canResubmit) {
        setAnswers(keepCompatibleAnswers(detail.schema, draft.answers, calendar));
        setNotice('restored');
      } else setAnswers(detail.answers as Answers);
      return;
    }
    const form = await fillApi.form(formId ?? '');
    setLoaded({ mode: 'new', form });
    if (keep) {
      setAnswers(keepCompatibleAnswers(form.schema, keep, form.calendar));
      setNotice('versionChanged');
      return;
    }
    const draft = loadDraft(key);
    if (draft) {
      setAnswers(draft.version === form.version ? draft.answers : keepCompatibleAnswers(form.schema, draft.answers, form.calendar));
      setNotice('restored');
    }
  };

  useEffect(() => {
    setLoaded(null);
    setLoadError(null);
    setErrors({});
    setStep(0);
    dirty.current = false;
    loadForm().catch((e: unknown) => setLoadError(e));
  }, [formId, submissionId]);

  // ── drafts: saved shortly after each change ───────────────────────────────────────────
  useEffect(() => {
    if (!head || !dirty.current) return;
    const timer = setTimeout(() => saveDraft(key, head.version, answers), 400);
    return () => clearTimeout(timer);
  }, [answers]);

  // ── steps (phones) ───────────────────────────────────────────────────────────────────
  const visibleSections = useMemo(() => (head ? walkForm(head.schema, answers).sections : []), [head?.schema, answers]);
  const stepped = !desktop && visibleSections.length > 1;
  const stepIndex = Math.min(step, Math.max(0, visibleSections.length - 1));
  const activeSection = stepped ? (visibleSections[stepIndex] ?? null) : null;
  const lastStep = !stepped || stepIndex >= visibleSections.length - 1;

  // Focus the first error once the step holding it is on screen.
  useEffect(() => {
    if (focusTick && formEl.current) focusFirstError(formEl.current, errors);
  }, [focusTick]);

  const showErrors = (map: ErrorMap) => {
    setErrors(map);
    if (head && stepped) {
      const section = firstErrorSection(head.schema, map);
      const i = section ? visibleSections.indexOf(section) : -1;
      if (i >= 0) setStep(i);
    }
    setFocusTick((n) => n + 1);
  };

  const answersUnchanged = (pointer: string, next: Answers) => {
    const k = pointerField(pointer);
    return k !== null && next[k] === answers[k];
  };

  const onChange = (next: Answers) => {
    dirty.current = true;
    setAnswers(next);
    setProblem(null);
    // Errors disappear as their fields are fixed; new ones wait for the next check.
    if (head && Object.keys(errors).length) {
      const still = checkAnswers(head.schema, next, head.calendar).errors;
      setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([p]) => still[p] || answersUnchanged(p, next))));
    }
  };

  const goStep = (i: number) => {
    setStep(i);
    setTimeout(() => {
      stepHead.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }, 0);
  };

  const next = () => {
    if (!head || !activeSection) return;
    const own = errorsInSection(head.schema, activeSection, checkAnswers(head.schema, answers, head.calendar).errors);
    if (Object.keys(own).length) return showErrors(own);
    setErrors({});
    goStep(stepIndex + 1);
  };

  // ── submitting ───────────────────────────────────────────────────────────────────────
  const done = (id: string) => {
    clearDraft(key);
    dirty.current = false;
    toast(loaded?.mode === 'edit' ? t('forms.fill.resubmitted') : t('forms.fill.submitted'), 'success');
    navigate(`/forms/s/${encodeURIComponent(id)}`);
  };

  const queue = async (clean: Answers) => {
    if (!loaded || !head) return;
    const keyNow = (idemKey.current ??= newIdempotencyKey());
    await enqueueOutbox(
      loaded.mode === 'new'
        ? { url: submitPath(loaded.form.formId), method: 'POST', body: { version: head.version, answers: clean }, formName: head.name, formId: loaded.form.formId, key: keyNow }
        : { url: resubmitPath(loaded.detail.id), method: 'PUT', body: { answers: clean }, formName: head.name, formId: loaded.detail.formId, key: keyNow },
    );
    clearDraft(key);
    dirty.current = false;
    setSheet(null);
    setQueued(true);
    window.scrollTo({ top: 0 });
  };

  const send = async (clean: Answers) => {
    if (!loaded || !head) return;
    setSubmitting(true);
    setProblem(null);
    const keyNow = (idemKey.current ??= newIdempotencyKey());
    try {
      const res = loaded.mode === 'new' ? await fillApi.submit(loaded.form.formId, head.version, clean, keyNow) : await fillApi.resubmit(loaded.detail.id, clean, keyNow);
      done(res.id ?? (loaded.mode === 'edit' ? loaded.detail.id : ''));
    } catch (e) {
      if (e instanceof ApiError && e.isNetwork) return void (await queue(clean));
      setSheet(null);
      if (e instanceof ApiError && e.code === 'SUBMISSION_INVALID' && e.errors.length) {
        const local = checkAnswers(head.schema, answers, head.calendar).errors;
        showErrors(errorsFromProblem(head.schema, e.errors, local));
        setProblem(t('forms.fill.fixErrors'));
      } else if (e instanceof ApiError && e.code === 'FORM_VERSION_CHANGED' && loaded.mode === 'new') {
        idemKey.current = null;
        await loadForm(answers).catch((err: unknown) => setProblem(errorText(err)));
      } else setProblem(problemText(e));
    } finally {
      setSubmitting(false);
    }
  };

  const submit = async () => {
    if (!loaded || !head || submitting) return;
    const check = checkAnswers(head.schema, answers, head.calendar);
    if (check.list.length) {
      setProblem(t('forms.fill.fixErrors'));
      return showErrors(check.errors);
    }
    setErrors({});
    if (!online.value) return queue(check.answers);
    if (loaded.mode === 'edit' || !loaded.form.hasApproval) return send(check.answers);
    setSheet({ preview: null, error: null });
    try {
      const preview = await fillApi.routePreview(loaded.form.formId, check.answers);
      setSheet((s) => (s ? { preview, error: null } : s));
    } catch (e) {
      if (e instanceof ApiError && e.isNetwork) return queue(check.answers);
      // The route could not be shown; submitting is still possible.
      setSheet((s) => (s ? { preview: null, error: e } : s));
    }
  };

  const clearAll = () => {
    setAnswers(loaded?.mode === 'edit' ? (loaded.detail.answers as Answers) : {});
    setErrors({});
    setNotice(null);
    clearDraft(key);
    dirty.current = false;
    goStep(0);
  };

  // ── render ───────────────────────────────────────────────────────────────────────────
  if (loadError) {
    return (
      <div class="page">
        <EmptyState icon="alert" title={problemText(loadError)} action={<ButtonLink href="/forms">{t('forms.fill.backToForms')}</ButtonLink>} />
      </div>
    );
  }
  if (!loaded || !head) {
    return (
      <div class="page">
        <LoadingBlock />
      </div>
    );
  }
  if (loaded.mode === 'edit' && !loaded.detail.canResubmit) {
    return (
      <div class="page">
        <EmptyState
          icon="lock"
          title={t('forms.fill.cannotEdit')}
          description={t('forms.fill.cannotEditText')}
          action={<ButtonLink href={`/forms/s/${encodeURIComponent(loaded.detail.id)}`}>{t('forms.fill.viewSubmission')}</ButtonLink>}
        />
      </div>
    );
  }

  if (queued) {
    return (
      <div class="page fill-page">
        <EmptyState
          icon="wifiOff"
          title={t('forms.fill.queuedTitle')}
          description={t('forms.fill.queued')}
          action={<ButtonLink href="/forms">{t('forms.fill.backToForms')}</ButtonLink>}
        />
        <OutboxBanner />
      </div>
    );
  }

  const form = loaded.mode === 'new' ? loaded.form : null;
  const full = !!form && form.capacity !== null && form.taken >= form.capacity;
  // Why it came back: the last return of the current round, said by the approver.
  const returned = loaded.mode === 'edit' ? [...loaded.detail.history].reverse().find((h) => h.type === 'returned') ?? null : null;
  const sectionTitle = (k: string) => head.schema.sections.find((s) => s.key === k)?.title || t('forms.fill.stepN', { n: visibleSections.indexOf(k) + 1 });

  return (
    <div class="page fill-page">
      <header class="fill-head">
        <FormIcon icon={head.icon} size="lg" />
        <div class="grow">
          <h1 class="fill-title">{loaded.mode === 'edit' ? t('forms.fill.editHeading', { name: head.name }) : head.name}</h1>
          {form?.description ? <p class="fill-desc">{form.description}</p> : null}
          {loaded.mode === 'edit' ? <p class="fill-desc">{t('forms.fill.serial', { serial: loaded.detail.serial })}</p> : null}
          {form && form.capacity !== null ? <p class="fill-meta">{t('forms.fill.capacity', { taken: form.taken, capacity: form.capacity })}</p> : null}
        </div>
      </header>

      {returned ? (
        <Alert tone="warning" title={t('forms.fill.returnedBy', { name: returned.actor?.displayName ?? '—' })}>
          {returned.comment}
        </Alert>
      ) : null}
      {notice === 'restored' ? (
        <div class="fill-notice">
          <Alert tone="info" title={t('forms.fill.draftRestored')} />
          <Button size="sm" variant="ghost" onClick={clearAll}>
            {t('forms.fill.startOver')}
          </Button>
        </div>
      ) : null}
      {notice === 'versionChanged' ? <Alert tone="warning" title={t('forms.fill.versionChanged')}>{t('forms.fill.versionChangedText')}</Alert> : null}
      {full ? <Alert tone="warning" title={t('forms.fill.problemFull')} /> : null}
      {!online.value ? <Alert tone="info" title={t('forms.fill.offlineHint')} /> : null}

      {stepped ? (
        <div class="fill-steps" ref={stepHead}>
          <div class="fill-steps-text">
            <span>{t('forms.fill.stepOf', { n: stepIndex + 1, total: visibleSections.length })}</span>
            <span class="fill-steps-name ellipsis">{sectionTitle(activeSection!)}</span>
          </div>
          <div
            class="fill-steps-bar"
            role="progressbar"
            aria-label={t('forms.fill.progress')}
            aria-valuemin={1}
            aria-valuemax={visibleSections.length}
            aria-valuenow={stepIndex + 1}
          >
            <span style={{ width: `${((stepIndex + 1) / visibleSections.length) * 100}%` }} />
          </div>
        </div>
      ) : null}

      <div ref={formEl}>
        <FormRenderer
          schema={head.schema}
          answers={answers}
          onChange={onChange}
          errors={errors}
          calendar={head.calendar}
          disabled={submitting}
          activeSection={activeSection}
          refs={loaded.mode === 'edit' ? loaded.detail.refs : undefined}
        />
      </div>

      <div class="sticky-actions fill-actions">
        {problem ? (
          <p class="fill-problem" role="alert">
            {problem}
          </p>
        ) : null}
        {stepped && stepIndex > 0 ? (
          <Button variant="secondary" class="fill-prev" onClick={() => goStep(stepIndex - 1)} disabled={submitting}>
            {t('forms.fill.prev')}
          </Button>
        ) : (
          <span class="small muted fill-saved">{dirty.current ? t('forms.fill.draftSaved') : ''}</span>
        )}
        {lastStep ? (
          <Button variant="primary" onClick={() => void submit()} loading={submitting && !sheet} disabled={full}>
            {loaded.mode === 'edit' ? t('forms.fill.resubmit') : t('forms.fill.submit')}
          </Button>
        ) : (
          <Button variant="primary" onClick={next}>
            {t('forms.fill.next')}
          </Button>
        )}
      </div>

      <RoutePreviewSheet
        open={!!sheet}
        preview={sheet?.preview ?? null}
        error={sheet?.error ?? null}
        submitting={submitting}
        onClose={() => setSheet(null)}
        onConfirm={() => void send(checkAnswers(head.schema, answers, head.calendar).answers)}
      />
    </div>
  );
}
