// 发起申请: the forms the person may submit, grouped by category, as large tiles. On a phone only the first
// rows show until "全部" is tapped, so the boxes below stay in reach.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Card, EmptyState, Icon, LoadingBlock } from '../../../ui';
import { approvalsApi, type FormSummary } from './api-approvals';
import { groupByCategory, seatsLeft } from './approvals-format';
import { FormIcon } from './FormBits';

const COLLAPSED = 8;

function Tile({ form }: { form: FormSummary }) {
  const left = seatsLeft(form);
  const body = (
    <>
      <FormIcon icon={form.icon} size="lg" />
      <span class="form-tile-name">{form.name}</span>
      {left !== null ? (
        <span class={`form-tile-seats ${left === 0 ? 'danger-text' : ''}`}>{left === 0 ? t('forms.approvals.catalogue.full') : t('forms.approvals.catalogue.seatsLeft', { n: left })}</span>
      ) : null}
    </>
  );
  // A full sign-up cannot be filled in: shown, but not a link.
  return (
    <li>
      {left === 0 ? (
        <div class="form-tile form-tile-full">{body}</div>
      ) : (
        <a class="form-tile" href={`/forms/new/${encodeURIComponent(form.id)}`} title={form.description || undefined}>
          {body}
        </a>
      )}
    </li>
  );
}

export function Catalogue({ onLoaded }: { onLoaded?: (forms: FormSummary[]) => void }) {
  const [forms, setForms] = useState<FormSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(false);

  const load = () => {
    setError(null);
    approvalsApi
      .catalogue()
      .then((items) => {
        setForms(items);
        onLoaded?.(items);
      })
      .catch((e) => setError(errorText(e)));
  };
  useEffect(load, []);

  const groups = forms ? groupByCategory(forms, t('forms.approvals.catalogue.other')) : [];
  const total = forms?.length ?? 0;
  // A short catalogue (or the collapsed view of a long one) is one grid in category order; the full list of a
  // long catalogue is grouped under category headings.
  const grouped = groups.length > 1 && total > COLLAPSED && expanded;
  const flat = groups.flatMap((g) => g.forms).slice(0, expanded ? undefined : COLLAPSED);
  const sections = grouped ? groups : [{ category: '', forms: flat }];

  return (
    <Card
      title={t('forms.approvals.catalogue.title')}
      class="form-catalogue"
      actions={
        total > COLLAPSED ? (
          <button type="button" class="link-more link-btn" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? t('forms.approvals.catalogue.less') : t('forms.approvals.catalogue.all', { n: total })}
            <Icon name={expanded ? 'arrowUp' : 'chevronDown'} size={16} />
          </button>
        ) : null
      }
    >
      {!forms && !error ? <LoadingBlock /> : null}
      {error && !forms ? (
        <p class="small muted">
          {error}{' '}
          <button type="button" class="link-btn" onClick={load}>
            {t('common.reload')}
          </button>
        </p>
      ) : null}
      {forms && forms.length === 0 ? <EmptyState icon="stamp" title={t('forms.approvals.catalogue.empty')} description={t('forms.approvals.catalogue.emptyText')} /> : null}
      {sections.map((g) => (
        <section key={g.category} class="form-cat" aria-label={g.category || undefined}>
          {g.category ? <h3 class="form-cat-title">{g.category}</h3> : null}
          <ul class="form-tiles">
            {g.forms.map((f) => (
              <Tile key={f.id} form={f} />
            ))}
          </ul>
        </section>
      ))}
    </Card>
  );
}
