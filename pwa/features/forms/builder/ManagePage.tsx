// /forms/manage — the forms I manage: status (草稿 / 已发布 vN / 有未发布修改 / 已停用), submission counts, links to
// edit and to statistics, 停用/恢复; "新建表单" blank or from one of the templates, owned school-wide or by a
// department I head. The school calendar is one tap away.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatRelative } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import { navigate } from '../../../state/navigate';
import { Alert, Button, ButtonLink, Card, Dialog, EmptyState, Icon, LoadingBlock, Select, TextField, toast } from '../../../ui';
import { FormIcon } from '../approvals/FormBits';
import { builderApi, type FormAdminSummary, type TemplateSummary } from './api-builder';
import { StatusChips } from './StatusChips';
import { useOwnerOptions } from './owner-options';
import './builder.css';
import './manage.css';

type Filter = 'all' | 'published' | 'draft' | 'archived';

function NewFormDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [template, setTemplate] = useState<string>('');
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const owners = useOwnerOptions(null);

  useEffect(() => {
    if (!open || templates) return;
    builderApi
      .templates()
      .then(setTemplates)
      .catch(() => setTemplates([]));
  }, [open]);
  // Start with the first owner the person may choose (全校 for school-wide managers).
  const ownerValue = owner ?? owners.options[0]?.value ?? '';

  const choose = (key: string) => {
    setTemplate(key);
    const tpl = templates?.find((x) => x.key === key);
    if (tpl && (!name.trim() || templates?.some((x) => x.name === name))) setName(tpl.name);
    if (!tpl && templates?.some((x) => x.name === name)) setName('');
  };

  const create = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('forms.builder.nameRequired'));
    setBusy(true);
    setError(null);
    try {
      const def = await builderApi.create({
        name: name.trim(),
        ...(template ? { template: template as TemplateSummary['key'] } : {}),
        ownerDepartmentId: ownerValue || null,
      });
      onClose();
      navigate(`/forms/manage/${def.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={t('forms.builder.newForm')} description={t('forms.builder.newFormHint')} wide>
      <form class="stack" onSubmit={create}>
        <fieldset class="fb-fieldset">
          <legend class="fb-legend">{t('forms.builder.startFrom')}</legend>
          {!templates ? <LoadingBlock /> : null}
          <div class="fb-templates">
            <label class={`fb-template ${template === '' ? 'is-on' : ''}`}>
              <input type="radio" name="fb-template" class="sr-only" checked={template === ''} onChange={() => choose('')} />
              <span class="fb-template-icon fb-template-blank" aria-hidden="true">
                <Icon name="plus" size={22} />
              </span>
              <span class="fb-template-text">
                <span class="strong">{t('forms.builder.blank')}</span>
                <span class="small text-2">{t('forms.builder.blankHint')}</span>
              </span>
            </label>
            {(templates ?? []).map((tpl) => (
              <label key={tpl.key} class={`fb-template ${template === tpl.key ? 'is-on' : ''}`}>
                <input type="radio" name="fb-template" class="sr-only" checked={template === tpl.key} onChange={() => choose(tpl.key)} />
                <FormIcon icon={tpl.icon} size="md" />
                <span class="fb-template-text">
                  <span class="strong">{tpl.name}</span>
                  <span class="small text-2 fb-clamp">{tpl.description}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField label={t('forms.builder.formName')} value={name} maxLength={60} required onValue={setName} />
        <Select label={t('forms.builder.owner')} hint={t('forms.builder.ownerHint')} value={ownerValue} options={owners.options} onValue={setOwner} />
        {error ? <Alert>{error}</Alert> : null}
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            {t('forms.builder.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function FormRow({ form, onChanged }: { form: FormAdminSummary; onChanged: (f: FormAdminSummary) => void }) {
  const [busy, setBusy] = useState(false);
  const archived = form.status === 'archived';
  const toggle = async () => {
    setBusy(true);
    try {
      const d = archived ? await builderApi.restore(form.id) : await builderApi.archive(form.id);
      onChanged({ ...form, status: d.status, publishedVersion: d.publishedVersion, draftChanged: d.draftChanged });
      toast(archived ? t('forms.builder.restoredToast') : t('forms.builder.archivedToast'), 'success');
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class={`fm-row ${archived ? 'is-archived' : ''}`}>
      <a class="fm-main" href={`/forms/manage/${form.id}`}>
        <FormIcon icon={form.icon} size="md" />
        <span class="fm-text">
          <span class="fm-name">
            <span class="ellipsis">{form.name}</span>
          </span>
          <span class="fm-meta">
            <StatusChips status={form.status} publishedVersion={form.publishedVersion} draftChanged={form.draftChanged} />
            <span class="small text-2">{form.ownerDepartmentName ?? t('forms.builder.schoolWide')}</span>
            {form.category ? <span class="small muted">{form.category}</span> : null}
          </span>
          <span class="small muted">
            {t('forms.builder.submissions', { n: form.submissionCount })} · {t('forms.builder.updated', { time: formatRelative(form.updatedAt) })}
          </span>
        </span>
      </a>
      <span class="fm-actions">
        <ButtonLink size="sm" variant="ghost" icon="edit" href={`/forms/manage/${form.id}`}>
          {t('forms.builder.edit')}
        </ButtonLink>
        {form.publishedVersion !== null ? (
          <ButtonLink size="sm" variant="ghost" icon="grid" href={`/forms/stats/${form.id}`}>
            {t('forms.builder.stats')}
          </ButtonLink>
        ) : null}
        <Button size="sm" variant={archived ? 'ghost' : 'danger-ghost'} icon={archived ? 'restore' : 'pause'} loading={busy} onClick={() => void toggle()} aria-label={`${archived ? t('forms.builder.restore') : t('forms.builder.archive')} ${form.name}`}>
          {archived ? t('forms.builder.restore') : t('forms.builder.archive')}
        </Button>
      </span>
    </li>
  );
}

export default function ManagePage() {
  usePageTitle(t('forms.builder.manageTitle'));
  const [forms, setForms] = useState<FormAdminSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');

  useEffect(() => {
    builderApi
      .list()
      .then(setForms)
      .catch((e) => setError(errorText(e)));
  }, []);

  const count = (f: Filter) => (forms ?? []).filter((x) => f === 'all' || (f === 'draft' ? x.status === 'draft' : x.status === f)).length;
  const shown = (forms ?? [])
    .filter((x) => filter === 'all' || x.status === filter)
    .filter((x) => !q.trim() || x.name.includes(q.trim()) || x.category.includes(q.trim()));

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('forms.builder.manageTitle')}</h1>
          <p>{t('forms.builder.manageSubtitle')}</p>
        </div>
        <div class="row">
          <ButtonLink variant="ghost" icon="calendar" href="/forms/manage/calendar">
            {t('forms.builder.calendar')}
          </ButtonLink>
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            {t('forms.builder.newForm')}
          </Button>
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {!forms && !error ? <LoadingBlock /> : null}
      {forms && forms.length === 0 ? (
        <Card>
          <EmptyState
            icon="checklist"
            title={t('forms.builder.noForms')}
            description={t('forms.builder.noFormsHint')}
            action={
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                {t('forms.builder.newForm')}
              </Button>
            }
          />
        </Card>
      ) : null}
      {forms && forms.length > 0 ? (
        <Card flush>
          <div class="fm-toolbar">
            <fieldset class="fm-filters">
              <legend class="sr-only">{t('forms.builder.filter')}</legend>
              {(['all', 'published', 'draft', 'archived'] as const).map((f) => (
                <label key={f} class={`fb-chip ${filter === f ? 'is-on' : ''}`}>
                  <input type="radio" name="fm-filter" checked={filter === f} onChange={() => setFilter(f)} />
                  <span>
                    {t(`forms.builder.filterBy.${f}`)} {count(f)}
                  </span>
                </label>
              ))}
            </fieldset>
            <TextField label={t('forms.builder.search')} hideLabel placeholder={t('forms.builder.search')} value={q} onValue={setQ} type="search" class="fm-search" />
          </div>
          {shown.length ? (
            <ul class="fm-list" aria-label={t('forms.builder.manageTitle')}>
              {shown.map((f) => (
                <FormRow key={f.id} form={f} onChanged={(n) => setForms((list) => (list ?? []).map((x) => (x.id === n.id ? n : x)))} />
              ))}
            </ul>
          ) : (
            <p class="card-pad small muted">{t('forms.builder.noMatch')}</p>
          )}
        </Card>
      ) : null}
      <NewFormDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
