// /forms/manage/:id — build one form: tabs 表单 / 流程 / 设置, the working draft saved automatically (and with
// Ctrl/Cmd+S), problems from the server that lead to the field or node they are about, 发布 (a new version),
// versions, statistics, and 停用/恢复.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../../api/client';
import type { SchoolCalendar } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import { Alert, Button, ButtonLink, Dialog, EmptyState, Icon, LoadingBlock, Tabs, toast } from '../../../ui';
import { FormIcon } from '../approvals/FormBits';
import { builderApi, type FormVersionSummary } from './api-builder';
import type { Selection } from './builder-state';
import { FlowTab } from './FlowTab';
import type { NodePath } from './flow-state';
import { FormTab, type Removed } from './FormTab';
import { placeProblems, type PlacedProblem } from './problems';
import { SettingsPanel } from './SettingsPanel';
import { StatusChips } from './StatusChips';
import { useBuilder, useMedia, type SaveStatus } from './use-builder';
import '../renderer/renderer.css';
import './builder.css';

type Tab = 'form' | 'flow' | 'settings';

function SaveIndicator({ status, error, onRetry }: { status: SaveStatus; error: string | null; onRetry: () => void }) {
  if (status === 'error') {
    return (
      <button type="button" class="fb-save fb-save-error" onClick={onRetry} title={error ?? undefined}>
        <Icon name="alert" size={16} />
        <span>{t('forms.builder.saveFailed')}</span>
      </button>
    );
  }
  return (
    <span class={`fb-save fb-save-${status}`} role="status" aria-live="polite">
      {status === 'saved' ? <Icon name="check" size={16} /> : null}
      <span>{t(`forms.builder.save.${status}`)}</span>
    </span>
  );
}

function ProblemsList({ problems, onPick }: { problems: PlacedProblem[]; onPick: (p: PlacedProblem) => void }) {
  if (!problems.length) return <p class="small success-text">{t('forms.builder.noProblems')}</p>;
  return (
    <ul class="fb-problems">
      {problems.map((p, i) => (
        <li key={i}>
          <button type="button" class="fb-problem" onClick={() => onPick(p)}>
            <Icon name="alert" size={16} />
            <span class="grow">
              <span class="strong">{p.place}</span>
              <span class="small text-2 fb-problem-msg">{p.message}</span>
            </span>
            <Icon name="chevronRight" size={16} />
          </button>
        </li>
      ))}
    </ul>
  );
}

function Versions({ id, open, onClose }: { id: string; open: boolean; onClose: () => void }) {
  const [list, setList] = useState<FormVersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setList(null);
    builderApi
      .versions(id)
      .then(setList)
      .catch((e) => setError(errorText(e)));
  }, [open, id]);
  return (
    <Dialog open={open} onClose={onClose} title={t('forms.builder.versions')} description={t('forms.builder.versionsHint')}>
      {error ? <Alert>{error}</Alert> : !list ? <LoadingBlock /> : list.length === 0 ? <p class="small muted">{t('forms.builder.noVersions')}</p> : null}
      {list?.length ? (
        <ul class="fb-versions">
          {[...list].sort((a, b) => b.version - a.version).map((v) => (
            <li key={v.version} class="fb-version">
              <span class="fb-version-n">v{v.version}</span>
              <span class="grow small">
                <span>{formatDateTime(v.publishedAt)}</span>
                {v.publishedBy ? <span class="muted"> · {v.publishedBy}</span> : null}
              </span>
              <span class="small text-2 nowrap">{t('forms.builder.versionCount', { n: v.submissionCount })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}

export default function BuilderPage({ id }: { id: string }) {
  const b = useBuilder(id);
  const roomy = useMedia('(min-width: 480px)');
  usePageTitle(b.draft?.name ? t('forms.builder.pageTitle', { name: b.draft.name }) : t('forms.builder.title'));
  const [tab, setTab] = useState<Tab>('form');
  const [selection, setSelection] = useState<Selection>(null);
  const [node, setNode] = useState<NodePath | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  /** A picked problem waits for its tab to show the field's or node's properties (a sheet on phones). */
  const [reveal, setReveal] = useState(false);
  const [dialog, setDialog] = useState<null | 'problems' | 'versions' | 'archive' | 'more'>(null);
  const [busy, setBusy] = useState(false);
  const [removed, setRemoved] = useState<Removed | null>(null);
  const [calendar, setCalendar] = useState<SchoolCalendar>({ holidays: [], workdays: [] });

  useEffect(() => {
    builderApi
      .calendar()
      .then(setCalendar)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void b.flush().then((ok) => ok && toast(t('forms.builder.savedToast'), 'success', 1500));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    if (!removed) return;
    const timer = setTimeout(() => setRemoved(null), 8000);
    return () => clearTimeout(timer);
  }, [removed]);

  if (b.loadError) {
    const missing = b.loadError instanceof ApiError && b.loadError.status === 404;
    return (
      <div class="page">
        <EmptyState
          icon="alert"
          title={missing ? t('forms.builder.notFound') : errorText(b.loadError)}
          description={missing ? t('forms.builder.notFoundText') : undefined}
          action={<ButtonLink href="/forms/manage">{t('forms.builder.backToList')}</ButtonLink>}
        />
      </div>
    );
  }
  if (!b.def || !b.draft) return <LoadingBlock />;
  const def = b.def;
  const draft = b.draft;
  const problems = placeProblems(b.problems, draft.schema, draft.flow);

  const pick = (p: PlacedProblem) => {
    setDialog(null);
    setTab(p.target.tab);
    if (p.target.tab !== 'settings') setReveal(true);
    if (p.target.tab === 'form') {
      const sel: Selection = 'fieldKey' in p.target ? { kind: 'field', key: p.target.fieldKey } : { kind: 'section', index: p.target.section };
      setSelection(sel);
      requestAnimationFrame(() => {
        const el = document.querySelector<HTMLElement>(sel.kind === 'field' ? `[data-handle="${sel.key}"]` : `.fb-sec:nth-of-type(${sel.index + 1}) .fb-sec-title`);
        el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        el?.focus({ preventScroll: true });
      });
    } else if (p.target.tab === 'flow') setNode(p.target.path);
    else setHighlight(p.target.setting);
  };

  const publish = async () => {
    setBusy(true);
    try {
      if (!(await b.flush())) {
        setDialog('problems');
        return;
      }
      const res = await builderApi.publish(id);
      b.setDef(res);
      toast(t('forms.builder.publishedToast', { n: res.publishedVersion ?? '' }), 'success');
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        b.setProblems(e.errors);
        setDialog('problems');
      } else toast(errorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };

  const archive = async (restore: boolean) => {
    setBusy(true);
    try {
      await b.flush();
      const res = restore ? await builderApi.restore(id) : await builderApi.archive(id);
      b.setDef(res);
      setDialog(null);
      toast(restore ? t('forms.builder.restoredToast') : t('forms.builder.archivedToast'), 'success');
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };

  const archived = def.status === 'archived';
  const canPublish = !archived && (def.publishedVersion === null || def.draftChanged || b.status !== 'saved');
  const moreActions = (
    <>
      <Button variant="ghost" icon="history" onClick={() => setDialog('versions')}>
        {t('forms.builder.versions')}
      </Button>
      {def.publishedVersion !== null ? (
        <ButtonLink variant="ghost" icon="grid" href={`/forms/stats/${id}`}>
          {t('forms.builder.stats')}
        </ButtonLink>
      ) : null}
      {archived ? (
        <Button variant="ghost" icon="restore" loading={busy} onClick={() => void archive(true)}>
          {t('forms.builder.restore')}
        </Button>
      ) : (
        <Button variant="danger-ghost" icon="pause" onClick={() => setDialog('archive')}>
          {t('forms.builder.archive')}
        </Button>
      )}
    </>
  );

  return (
    <div class="fb-page">
      <header class="fb-top">
        <a class="icon-btn fb-back" href="/forms/manage" aria-label={t('forms.builder.backToList')}>
          <Icon name="chevronRight" class="flip" />
        </a>
        <FormIcon icon={draft.icon} size="md" />
        <div class="fb-top-title">
          <h1 class="ellipsis">{draft.name || t('forms.builder.untitled')}</h1>
          <div class="fb-top-meta">
            <StatusChips status={def.status} publishedVersion={def.publishedVersion} draftChanged={def.draftChanged || b.status !== 'saved'} />
            <SaveIndicator status={b.status} error={b.saveError} onRetry={() => void b.flush()} />
          </div>
        </div>
        <div class="fb-top-actions">
          <Button
            variant={problems.length ? 'danger-ghost' : 'ghost'}
            icon={problems.length ? 'alert' : 'check'}
            onClick={() => setDialog('problems')}
            aria-label={problems.length ? t('forms.builder.problemsN', { n: problems.length }) : t('forms.builder.noProblemsShort')}
          >
            {roomy ? (problems.length ? t('forms.builder.problemsN', { n: problems.length }) : t('forms.builder.noProblemsShort')) : problems.length ? String(problems.length) : null}
          </Button>
          <span class="fb-more-inline">{moreActions}</span>
          <Button variant="ghost" icon="more" class="fb-more-btn" aria-label={t('forms.builder.more')} onClick={() => setDialog('more')} />
          <Button variant="primary" icon="upload" loading={busy} disabled={!canPublish} onClick={() => void publish()}>
            {t('forms.builder.publish')}
          </Button>
        </div>
      </header>
      {b.status === 'error' && b.saveError ? (
        <div class="fb-banner">
          <Alert tone="warning">
            {b.saveError}{' '}
            <button type="button" class="link-btn" onClick={() => setDialog('problems')}>
              {t('forms.builder.showProblems')}
            </button>
          </Alert>
        </div>
      ) : null}
      <div class="fb-tabs">
        <Tabs
          label={t('forms.builder.tabs')}
          value={tab}
          onChange={(v) => setTab(v as Tab)}
          items={[
            { id: 'form', label: t('forms.builder.tabForm') },
            { id: 'flow', label: t('forms.builder.tabFlow') },
            { id: 'settings', label: t('forms.builder.tabSettings') },
          ]}
        />
      </div>
      <div class="fb-body">
        {tab === 'form' ? (
          <FormTab
            draft={draft}
            update={b.update}
            selection={selection}
            setSelection={setSelection}
            problems={problems}
            calendar={calendar}
            onRemoved={setRemoved}
            reveal={reveal}
            onRevealed={() => setReveal(false)}
          />
        ) : tab === 'flow' ? (
          <FlowTab draft={draft} update={b.update} selected={node} setSelected={setNode} problems={problems} reveal={reveal} onRevealed={() => setReveal(false)} />
        ) : (
          <SettingsPanel draft={draft} adminNames={Object.fromEntries(def.admins.map((a) => [a.id, a.displayName]))} highlight={highlight} onChange={(patch) => b.update((d) => ({ ...d, ...patch }))} />
        )}
      </div>
      {removed ? (
        <div class="fb-undo" role="status">
          <span class="grow ellipsis">{t('forms.builder.removed', { name: removed.label })}</span>
          <button
            type="button"
            class="link-btn"
            onClick={() => {
              const before = removed.before;
              b.update(() => before);
              setRemoved(null);
            }}
          >
            {t('forms.builder.undo')}
          </button>
        </div>
      ) : null}
      <Dialog open={dialog === 'problems'} onClose={() => setDialog(null)} title={t('forms.builder.problems')} description={t('forms.builder.problemsHint')}>
        <ProblemsList problems={problems} onPick={pick} />
      </Dialog>
      <Dialog open={dialog === 'more'} onClose={() => setDialog(null)} title={t('forms.builder.more')}>
        <div class="fb-more-list">{moreActions}</div>
      </Dialog>
      <Versions id={id} open={dialog === 'versions'} onClose={() => setDialog(null)} />
      <Dialog
        open={dialog === 'archive'}
        onClose={() => setDialog(null)}
        title={t('forms.builder.archiveTitle', { name: draft.name })}
        footer={
          <div class="dialog-actions">
            <Button variant="ghost" onClick={() => setDialog(null)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" loading={busy} onClick={() => void archive(false)}>
              {t('forms.builder.archive')}
            </Button>
          </div>
        }
      >
        <p>{t('forms.builder.archiveText')}</p>
      </Dialog>
    </div>
  );
}
