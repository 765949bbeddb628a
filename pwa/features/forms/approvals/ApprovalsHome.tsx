// /forms — 审批: start an application (the catalogue), then the four boxes with counts, filters in a sheet and
// batch approval in 待我审批. The box and filters live in the URL so "back" from a submission returns here.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { useIsDesktop } from '../../../layout/use-media';
import { can } from '../../../state/session-signals';
import { Button, CountBubble, Dialog, Icon, Select, Tabs } from '../../../ui';
import { OutboxBanner } from '../fill/OutboxBanner';
import { approvalsApi, type ApprovalBox, type FormSummary, type StatsFormSummary, type SubmissionListItem, type SubmissionStatus } from './api-approvals';
import { SUBMISSION_STATUSES } from './approvals-format';
import { useApprovalCounts } from './approvals-state';
import { BoxList } from './BoxList';
import { Catalogue } from './Catalogue';
import { FormIcon } from './FormBits';

const BOXES: readonly ApprovalBox[] = ['todo', 'done', 'mine', 'cc'];
const isBox = (v: string | undefined): v is ApprovalBox => !!v && (BOXES as readonly string[]).includes(v);
const isStatus = (v: string | undefined): v is SubmissionStatus => !!v && (SUBMISSION_STATUSES as readonly string[]).includes(v);

function homeUrl(box: ApprovalBox, formId?: string, status?: string): string {
  const q = new URLSearchParams();
  if (box !== 'todo') q.set('box', box);
  if (formId) q.set('form', formId);
  if (status) q.set('status', status);
  const s = q.toString();
  return s ? `/forms?${s}` : '/forms';
}

function FilterSheet({
  open,
  onClose,
  forms,
  formId,
  status,
  onApply,
}: {
  open: boolean;
  onClose: () => void;
  forms: { id: string; name: string }[];
  formId: string;
  status: string;
  onApply: (formId: string, status: string) => void;
}) {
  const [f, setF] = useState(formId);
  const [s, setS] = useState(status);
  return (
    <Dialog open={open} onClose={onClose} title={t('forms.approvals.filter.title')}>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onApply(f, s);
        }}
      >
        <Select
          label={t('forms.approvals.filter.form')}
          value={f}
          onValue={setF}
          options={[{ value: '', label: t('forms.approvals.filter.anyForm') }, ...forms.map((x) => ({ value: x.id, label: x.name }))]}
        />
        <Select
          label={t('forms.approvals.filter.status')}
          value={s}
          onValue={setS}
          options={[
            { value: '', label: t('forms.approvals.filter.anyStatus') },
            ...SUBMISSION_STATUSES.map((x) => ({ value: x, label: t(`forms.approvals.status.${x}`) })),
          ]}
        />
        <div class="dialog-actions dialog-actions-split">
          <Button
            variant="ghost"
            onClick={() => {
              setF('');
              setS('');
              onApply('', '');
            }}
          >
            {t('forms.approvals.filter.clear')}
          </Button>
          <Button type="submit" variant="primary">
            {t('forms.approvals.filter.apply')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * 代理审批 / 表单管理 / 统计: buttons on a desktop, a sheet behind ⋯ on a phone. 统计 lists the forms the server
 * says the person may see statistics of — managers, school leaders, and a form's own admins, who hold no
 * permission the session could show — so it appears only when that list has something.
 */
function ManageLinks() {
  const desktop = useIsDesktop();
  const [open, setOpen] = useState(false);
  const [statsOpen, setStatsOpen] = useState(false);
  const manage = can('forms.manage');
  const [statForms, setStatForms] = useState<StatsFormSummary[]>([]);
  useEffect(() => {
    approvalsApi
      .statsForms()
      .then(setStatForms)
      .catch(() => undefined);
  }, []);
  const stats = statForms.length > 0;
  const links = (
    <>
      <a class="appr-menu-link" href="/forms/delegation">
        <Icon name="forward" />
        <span class="grow">{t('forms.approvals.delegation.title')}</span>
      </a>
      {manage ? (
        <a class="appr-menu-link" href="/forms/manage">
          <Icon name="settings" />
          <span class="grow">{t('forms.approvals.manageForms')}</span>
        </a>
      ) : null}
      {stats ? (
        <button
          type="button"
          class="appr-menu-link"
          onClick={() => {
            setOpen(false);
            setStatsOpen(true);
          }}
        >
          <Icon name="grid" />
          <span class="grow">{t('forms.approvals.stats')}</span>
        </button>
      ) : null}
    </>
  );
  return (
    <>
      {desktop ? (
        <div class="appr-head-links">{links}</div>
      ) : (
        <button type="button" class="icon-btn" aria-label={t('forms.approvals.more')} title={t('forms.approvals.more')} onClick={() => setOpen(true)}>
          <Icon name="more" />
        </button>
      )}
      <Dialog open={open} onClose={() => setOpen(false)} title={t('forms.approvals.more')}>
        <nav class="appr-menu" aria-label={t('forms.approvals.more')}>
          {links}
        </nav>
      </Dialog>
      <Dialog open={statsOpen} onClose={() => setStatsOpen(false)} title={t('forms.approvals.statsPick')}>
        <ul class="appr-menu">
          {statForms.map((f) => (
            <li key={f.id}>
              <a class="appr-menu-link" href={`/forms/stats/${encodeURIComponent(f.id)}`}>
                <FormIcon icon={f.icon} size="sm" />
                <span class="grow">{f.name}</span>
                {f.status === 'archived' ? <span class="small muted">{t('forms.builder.status.archived')}</span> : null}
                <Icon name="chevronRight" size={18} />
              </a>
            </li>
          ))}
        </ul>
      </Dialog>
    </>
  );
}

export default function ApprovalsHome(_: RouteProps) {
  usePageTitle(t('forms.approvals.title'));
  const { query, route } = useLocation();
  const counts = useApprovalCounts();
  const box: ApprovalBox = isBox(query.box) ? query.box : 'todo';
  const formId = query.form || undefined;
  const status = isStatus(query.status) ? query.status : undefined;
  const [forms, setForms] = useState<FormSummary[]>([]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [batch, setBatch] = useState(false);
  const [rows, setRows] = useState<SubmissionListItem[]>([]);
  const batchable = rows.some((r) => r.batchable);

  const label = (b: ApprovalBox) => {
    const n = b === 'todo' ? (counts?.todo ?? 0) : b === 'cc' ? (counts?.ccUnread ?? 0) : 0;
    return (
      <span class="appr-tab">
        {t(`forms.approvals.box.${b}`)}
        <CountBubble count={n} label={b === 'todo' ? t('forms.approvals.todoCount', { n }) : t('forms.approvals.ccUnreadCount', { n })} />
      </span>
    );
  };
  const filtered = !!formId || !!status;
  // Filter by any form in the catalogue or in the rows shown (one may approve forms one cannot submit).
  const formOptions = [...forms.map((f) => ({ id: f.id, name: f.name }))];
  for (const r of rows) if (!formOptions.some((f) => f.id === r.formId)) formOptions.push({ id: r.formId, name: r.formName });
  const formName = formId ? formOptions.find((f) => f.id === formId)?.name : undefined;

  return (
    <div class="page appr-home">
      <div class="page-head">
        <div>
          <h1>{t('forms.approvals.title')}</h1>
          <p>{t('forms.approvals.subtitle')}</p>
        </div>
        <ManageLinks />
      </div>
      <OutboxBanner />
      <div class="appr-home-grid">
        <div class="appr-catalogue-col">
          <Catalogue onLoaded={setForms} />
        </div>
        <section class="stack appr-boxes" aria-label={t('forms.approvals.boxes')}>
          <Tabs
            label={t('forms.approvals.boxes')}
            value={box}
            onChange={(b) => {
              setBatch(false);
              route(homeUrl(b as ApprovalBox), true);
            }}
            items={BOXES.map((b) => ({ id: b, label: label(b) }))}
          />
          <div class="appr-toolbar">
            <Button size="sm" icon="filter" variant={filtered ? 'primary' : 'secondary'} onClick={() => setFilterOpen(true)} aria-haspopup="dialog">
              {filtered ? t('forms.approvals.filter.active') : t('forms.approvals.filter.button')}
            </Button>
            {filtered ? (
              <span class="small muted ellipsis grow">
                {[formName, status ? t(`forms.approvals.status.${status}`) : null].filter(Boolean).join(' · ')}
              </span>
            ) : (
              <span class="grow" />
            )}
            {box === 'todo' && (batchable || batch) ? (
              <Button size="sm" icon={batch ? 'close' : 'checklist'} onClick={() => setBatch(!batch)} aria-pressed={batch}>
                {batch ? t('forms.approvals.batch.end') : t('forms.approvals.batch.start')}
              </Button>
            ) : null}
          </div>
          <BoxList box={box} formId={formId} status={status} batch={batch && box === 'todo'} onBatchEnd={() => setBatch(false)} onItems={setRows} />
        </section>
      </div>
      <FilterSheet
        key={`${formId ?? ''}|${status ?? ''}|${filterOpen}`}
        open={filterOpen}
        onClose={() => setFilterOpen(false)}
        forms={formOptions}
        formId={formId ?? ''}
        status={status ?? ''}
        onApply={(f, s) => {
          setFilterOpen(false);
          route(homeUrl(box, f || undefined, s || undefined), true);
        }}
      />
    </div>
  );
}
