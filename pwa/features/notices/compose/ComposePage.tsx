// /notices/new and /notices/:id/edit — write a notice: title, rich text, attachments; who receives it; category,
// urgency (what it sets off on the delivery ladder), confirmation mode, pin, expiry; then save a draft, publish
// now or at a time. A published notice is edited as a revision (the old text is kept; audience and mode stay).
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { NOTICE_CATEGORIES, NOTICE_TITLE_MAX } from '../../../../server/modules/notices/notices.dto';
import { ApiError } from '../../../api/client';
import { t } from '../../../i18n';
import { schoolTimeZone } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, Card, EmptyState, LoadingBlock, Switch, TextField, toast } from '../../../ui';
import { noticesApi, type NoticeDetail, type PublishScope } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { CONFIRM_MODES, URGENCIES } from '../notices-format';
import { noticesChanged, publishScope } from '../notices-state';
import { BackLink } from '../NoticeBits';
import { AttachmentsEditor } from './AttachmentsEditor';
import { AudienceEditor } from './AudienceEditor';
import {
  emptyDraft,
  fieldOfProblem,
  fromDetail,
  hasProblems,
  kindOf,
  toInput,
  toPublish,
  toRevision,
  validateDraft,
  type ComposeDraft,
  type ComposeField,
  type Intent,
  type Problems,
} from './compose-state';
import { RichEditor } from './RichEditor';
import '../../forms/renderer/renderer.css';

/** Where the focus goes for a problem in a field (the first one, after a refused save). */
const FOCUS: Record<ComposeField, string> = {
  title: '#nt-title',
  body: '#nt-body',
  audience: '.nt-audience input, .nt-audience [tabindex]',
  attachments: '.nt-attach button',
  expires: '#nt-expires',
  publishAt: '#nt-publish-at',
};
const ORDER: ComposeField[] = ['title', 'body', 'attachments', 'audience', 'expires', 'publishAt'];

function Options<T extends string>({ name, legend, value, options, onChange, hint, disabled }: { name: string; legend: string; value: T; options: readonly T[]; onChange: (v: T) => void; hint: (v: T) => string | null; disabled?: boolean }) {
  return (
    <fieldset class="nt-options" disabled={disabled}>
      <legend class="fr-label">{legend}</legend>
      {options.map((o) => {
        const h = hint(o);
        return (
          <label key={o} class={`nt-option ${value === o ? 'is-on' : ''}`}>
            <input type="radio" name={name} value={o} checked={value === o} onChange={() => onChange(o)} />
            <span class="nt-option-text">
              <span class="nt-option-name">{t(`notices.${name}.${o}` as never)}</span>
              {h ? <span class="nt-option-hint">{h}</span> : null}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

function DateTimeField({ id, label, value, onValue, hint, error, clearable }: { id: string; label: string; value: string; onValue: (v: string) => void; hint?: string; error?: string | null; clearable?: boolean }) {
  return (
    <div class={`field ${error ? 'field-invalid' : ''}`}>
      <label class="field-label" for={id}>
        {label}
      </label>
      <div class="nt-dt">
        <input
          id={id}
          class="input"
          type="datetime-local"
          value={value}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        />
        {clearable && value ? (
          <Button variant="ghost" size="sm" onClick={() => onValue('')}>
            {t('notices.compose.clear')}
          </Button>
        ) : null}
      </div>
      {hint ? (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default function ComposePage({ id }: RouteProps & { id?: string }) {
  const { route } = useLocation();
  const tz = schoolTimeZone.value;
  const [detail, setDetail] = useState<NoticeDetail | null>(null);
  const [draft, setDraft] = useState<ComposeDraft>(emptyDraft);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(!id);
  const [scope, setScope] = useState<PublishScope | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [server, setServer] = useState<{ field: ComposeField | null; text: string } | null>(null);
  const [busy, setBusy] = useState<Intent | null>(null);
  const [resetKey, setResetKey] = useState('new');
  const savedId = useRef<string | null>(id ?? null);
  const focusNext = useRef(false);
  const kind = kindOf(detail);
  const published = kind === 'published';
  usePageTitle(published ? t('notices.compose.reviseTitle') : id ? t('notices.compose.editTitle') : t('notices.compose.new'));

  useEffect(() => {
    publishScope().then(setScope, () => undefined);
  }, []);

  useEffect(() => {
    if (!id) return;
    noticesApi.detail(id).then(
      (d) => {
        if (!d.canManage || d.status === 'withdrawn') {
          setLoadError(t('notices.compose.cannotEdit'));
        } else {
          setDetail(d);
          setDraft(fromDetail(d, tz));
          setResetKey(`${d.id}:${d.updatedAt}`);
        }
        setLoaded(true);
      },
      (e) => {
        setLoadError(noticeErrorText(e));
        setLoaded(true);
      },
    );
  }, [id]);

  // After a refused save, the focus goes to the first field with a problem.
  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    const field = ORDER.find((f) => problems[f] || server?.field === f);
    if (field) document.querySelector<HTMLElement>(FOCUS[field])?.focus();
  }, [problems, server]);

  const set = <K extends keyof ComposeDraft>(k: K, v: ComposeDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    const field: ComposeField | null = k === 'title' ? 'title' : k === 'bodyHtml' ? 'body' : k === 'audience' ? 'audience' : k === 'attachments' ? 'attachments' : k === 'expiresLocal' ? 'expires' : k === 'publishAtLocal' || k === 'when' ? 'publishAt' : null;
    if (field && problems[field]) setProblems((p) => ({ ...p, [field]: undefined }));
    if (field && server?.field === field) setServer(null);
  };

  const submit = async (intent: Intent) => {
    const found = validateDraft(draft, intent, kind, Date.now(), tz);
    setProblems(found);
    setServer(null);
    focusNext.current = true;
    if (hasProblems(found)) return;
    setBusy(intent);
    try {
      if (published) {
        const d = await noticesApi.revise(detail!.id, toRevision(draft, tz));
        toast(t('notices.compose.revised'), 'success');
        noticesChanged(d.id);
        route(`/notices/${encodeURIComponent(d.id)}`);
        return;
      }
      const body = toInput(draft, tz);
      let d = savedId.current ? await noticesApi.update(savedId.current, body) : await noticesApi.create(body);
      if (!savedId.current) {
        // Saved once: from now on this page edits that draft (the address says so too).
        savedId.current = d.id;
        history.replaceState(history.state, '', `/notices/${encodeURIComponent(d.id)}/edit`);
      }
      setDetail(d);
      if (intent === 'save') {
        toast(t('notices.compose.saved'), 'success');
        noticesChanged(d.id);
        return;
      }
      d = await noticesApi.publish(d.id, toPublish(draft, tz));
      toast(d.status === 'scheduled' ? t('notices.compose.scheduled') : t('notices.compose.published'), 'success');
      noticesChanged(d.id);
      route(`/notices/${encodeURIComponent(d.id)}`);
    } catch (e) {
      const pointer = e instanceof ApiError ? e.errors[0]?.pointer : undefined;
      setServer({ field: e instanceof ApiError ? fieldOfProblem(e.code, pointer) : null, text: noticeErrorText(e) });
    } finally {
      setBusy(null);
    }
  };

  if (!loaded) {
    return (
      <div class="page">
        <LoadingBlock />
      </div>
    );
  }
  if (loadError) {
    return (
      <div class="page">
        <BackLink href="/notices/manage" label={t('notices.manage.back')} />
        <EmptyState icon="alert" title={loadError} />
      </div>
    );
  }
  if (scope && !scope.canPublish && !id) {
    return (
      <div class="page">
        <BackLink href="/notices" label={t('notices.back')} />
        <EmptyState icon="lock" title={t('notices.compose.noRight')} description={t('notices.compose.noRightText')} />
      </div>
    );
  }

  const msg = (f: ComposeField): string | null => {
    const code = problems[f];
    if (code) return t(`notices.compose.problem.${code}`);
    return server?.field === f ? server.text : null;
  };
  const problemCount = ORDER.filter((f) => msg(f)).length;
  const titleLen = [...draft.title.trim()].length;
  const when = draft.when;

  return (
    <div class="page nt-compose">
      <BackLink href={id ? `/notices/${encodeURIComponent(id)}` : '/notices'} label={id ? t('notices.compose.backToNotice') : t('notices.back')} />
      <div class="page-head">
        <div>
          <h1>{published ? t('notices.compose.reviseTitle') : id ? t('notices.compose.editTitle') : t('notices.compose.new')}</h1>
          <p>{published ? t('notices.compose.reviseHint') : t('notices.compose.subtitle')}</p>
        </div>
      </div>
      {server && !server.field ? <Alert tone="danger">{server.text}</Alert> : null}
      <form
        class="nt-compose-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(published ? 'save' : 'publish');
        }}
      >
        <div class="stack nt-compose-main">
          <Card title={t('notices.compose.content')} class="nt-c-content">
            <TextField
              id="nt-title"
              label={t('notices.compose.titleLabel')}
              value={draft.title}
              onValue={(v) => set('title', v)}
              maxLength={NOTICE_TITLE_MAX + 20}
              placeholder={t('notices.compose.titlePlaceholder')}
              error={msg('title')}
              hint={t('notices.compose.titleCount', { n: titleLen, max: NOTICE_TITLE_MAX })}
            />
            <div class={`fr-field ${msg('body') ? 'fr-invalid' : ''}`}>
              <RichEditor
                id="nt-body"
                label={t('notices.compose.body')}
                initialHtml={draft.bodyHtml}
                resetKey={resetKey}
                onChange={(html) => set('bodyHtml', html)}
                invalid={!!msg('body')}
                describedBy={msg('body') ? 'nt-body-err' : undefined}
                placeholder={t('notices.compose.bodyPlaceholder')}
              />
              {msg('body') ? (
                <p id="nt-body-err" class="fr-error" role="alert">
                  {msg('body')}
                </p>
              ) : null}
            </div>
            <div class={`fr-field ${msg('attachments') ? 'fr-invalid' : ''}`}>
              <span class="fr-label">{t('notices.compose.attachments')}</span>
              <AttachmentsEditor value={draft.attachments} onChange={(fn) => setDraft((d) => ({ ...d, attachments: fn(d.attachments) }))} error={msg('attachments')} />
              {msg('attachments') ? (
                <p class="fr-error" role="alert">
                  {msg('attachments')}
                </p>
              ) : null}
            </div>
          </Card>
          <Card title={t('notices.compose.settings')} class="nt-c-settings">
            <fieldset class="nt-options nt-options-chips">
              <legend class="fr-label">{t('notices.compose.category')}</legend>
              <div class="nt-chips">
                {NOTICE_CATEGORIES.map((c) => (
                  <label key={c} class={`nt-chip ${draft.category === c ? 'is-on' : ''}`}>
                    <input type="radio" class="sr-only" name="category" checked={draft.category === c} onChange={() => set('category', c)} />
                    {t(`notices.category.${c}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <div class="nt-settings-grid">
              <Options name="urgency" legend={t('notices.compose.urgency')} value={draft.urgency} options={URGENCIES} onChange={(v) => set('urgency', v)} hint={(u) => t(`notices.compose.urgencyHint.${u}`)} />
              <div class="stack-sm">
                <Options
                  name="mode"
                  legend={t('notices.compose.confirmMode')}
                  value={draft.confirmMode}
                  options={CONFIRM_MODES}
                  onChange={(v) => set('confirmMode', v)}
                  hint={(m) => t(`notices.compose.modeHint.${m}`)}
                  disabled={published}
                />
                {published ? <p class="fr-help">{t('notices.compose.modeFixed')}</p> : null}
              </div>
            </div>
            <div class="nt-settings-grid">
              <Switch label={t('notices.compose.pin')} hint={t('notices.compose.pinHint')} checked={draft.pinned} onChange={(v) => set('pinned', v)} />
              <DateTimeField
                id="nt-expires"
                label={t('notices.compose.expiresOptional')}
                value={draft.expiresLocal}
                onValue={(v) => set('expiresLocal', v)}
                hint={t('notices.compose.expiresHint')}
                error={msg('expires')}
                clearable
              />
            </div>
          </Card>
        </div>
        <div class="stack nt-compose-side">
          <Card title={t('notices.compose.audience')} class="nt-c-audience">
            <AudienceEditor value={draft.audience} onChange={(a) => set('audience', a)} scope={scope} fixed={published} error={msg('audience')} />
          </Card>
          <Card title={published ? t('notices.compose.notify') : t('notices.compose.when')} class="nt-c-when">
            {published ? (
              <Switch label={t('notices.compose.notifyAgain')} hint={t('notices.compose.notifyAgainHint')} checked={draft.notifyAgain} onChange={(v) => set('notifyAgain', v)} />
            ) : (
              <>
                <fieldset class="nt-options">
                  <legend class="sr-only">{t('notices.compose.when')}</legend>
                  {(['now', 'at'] as const).map((w) => (
                    <label key={w} class={`nt-option ${when === w ? 'is-on' : ''}`}>
                      <input type="radio" name="when" checked={when === w} onChange={() => set('when', w)} />
                      <span class="nt-option-text">
                        <span class="nt-option-name">{t(`notices.compose.when_${w}`)}</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
                {when === 'at' ? (
                  <DateTimeField id="nt-publish-at" label={t('notices.compose.publishAt')} value={draft.publishAtLocal} onValue={(v) => set('publishAtLocal', v)} error={msg('publishAt')} />
                ) : null}
              </>
            )}
          </Card>
        </div>
        <div class="sticky-actions nt-compose-bar">
          <span class={`small grow nt-compose-status ${problemCount ? 'danger-text' : 'muted'}`} aria-live="polite">
            {problemCount ? t('notices.compose.problems', { n: problemCount }) : kind === 'new' ? t('notices.compose.unsaved') : t(`notices.status.${detail!.status}`)}
          </span>
          {published ? (
            <Button type="submit" variant="primary" icon="check" loading={busy === 'save'}>
              {t('notices.compose.saveRevision')}
            </Button>
          ) : (
            <>
              <Button icon="file" loading={busy === 'save'} disabled={!!busy} onClick={() => void submit('save')}>
                {t('notices.compose.saveDraft')}
              </Button>
              <Button type="submit" variant="primary" icon={when === 'at' ? 'clock' : 'megaphone'} loading={busy === 'publish'} disabled={!!busy}>
                {when === 'at' ? t('notices.compose.schedule') : t('notices.compose.publish')}
              </Button>
            </>
          )}
        </div>
      </form>
    </div>
  );
}
