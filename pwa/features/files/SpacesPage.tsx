// /files — the spaces a person can open (全校, 我的空间, departments, projects), storage used, and the files
// opened lately (kept by the service worker, so the list also works offline).
import { useEffect, useState } from 'preact/hooks';
import type { FileNode, QuotaUsage, Spaces } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { usePageTitle } from '../../layout/page-title';
import { useIsDesktop } from '../../layout/use-media';
import type { RouteProps } from '../../layout/routing';
import { navigate } from '../../state/navigate';
import { Alert, Button, Card, EmptyState, Icon, LoadingBlock, type IconName } from '../../ui';
import { FileList } from './components/FileList';
import { NameDialog } from './dialogs/NameDialog';
import { filesApi } from './files.api';
import { formatBytes } from './files-format';
import { usePolicy } from './files-state';

function SpaceCard({ node, icon, tone, title, desc }: { node: FileNode; icon: IconName; tone: string; title?: string; desc: string }) {
  return (
    <li>
      <a class={`space-card space-${tone}`} href={`/files/f/${node.id}`}>
        <span class="space-icon" aria-hidden="true">
          <Icon name={icon} size={22} />
        </span>
        <span class="space-text">
          <span class="space-name ellipsis">{title ?? node.name}</span>
          <span class="space-desc ellipsis">{desc}</span>
        </span>
        <Icon name="chevronRight" size={18} class="space-go" />
      </a>
    </li>
  );
}

function SpaceRows({ title, nodes, icon, tone, empty, desc }: { title: string; nodes: FileNode[]; icon: IconName; tone: string; empty: string; desc: (n: FileNode) => string }) {
  return (
    <Card title={title} flush>
      {nodes.length ? (
        <ul class="space-rows" aria-label={title}>
          {nodes.map((n) => (
            <li key={n.id}>
              <a class={`space-row space-${tone}`} href={`/files/f/${n.id}`}>
                <span class="space-icon space-icon-sm" aria-hidden="true">
                  <Icon name={icon} size={18} />
                </span>
                <span class="space-text">
                  <span class="space-name ellipsis">{n.name}</span>
                  <span class="space-desc ellipsis">{desc(n)}</span>
                </span>
                <Icon name="chevronRight" size={18} class="space-go" />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p class="card-pad small muted">{empty}</p>
      )}
    </Card>
  );
}

function QuotaBar({ q, personal }: { q: QuotaUsage; personal: boolean }) {
  const name = personal ? t('files.spaces.personal') : q.name;
  const pct = q.limit ? Math.min(100, Math.round((q.used / q.limit) * 100)) : null;
  const tone = pct === null ? '' : pct >= 90 ? 'quota-danger' : pct >= 75 ? 'quota-warning' : '';
  return (
    <li class={`quota ${tone}`}>
      <div class="quota-head">
        <span class="ellipsis">{name}</span>
        <span class="small muted nowrap">
          {q.limit ? t('files.quota.usedOf', { used: formatBytes(q.used), limit: formatBytes(q.limit) }) : t('files.quota.usedNoLimit', { used: formatBytes(q.used) })}
        </span>
      </div>
      <div class="quota-bar" role="progressbar" aria-label={t('files.quota.of', { name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? 0}>
        <span style={{ width: `${pct ?? 0}%` }} />
      </div>
    </li>
  );
}

function Recent() {
  const [items, setItems] = useState<FileNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    filesApi
      .recent()
      .then((r) => setItems(r.items))
      .catch((e) => setError(errorText(e)));
  }, []);
  return (
    <Card title={t('files.recent.title')} description={t('files.recent.hint')} flush>
      {!items && !error ? <LoadingBlock /> : null}
      {error && !items ? <p class="card-pad small muted">{error}</p> : null}
      {items && items.length === 0 ? <EmptyState icon="file" title={t('files.recent.empty')} description={t('files.recent.emptyText')} /> : null}
      {items && items.length > 0 ? <FileList items={items.slice(0, 12)} mode="list" label={t('files.recent.title')} /> : null}
    </Card>
  );
}

export default function SpacesPage(_: RouteProps) {
  usePageTitle(t('files.title'));
  usePolicy();
  const desktop = useIsDesktop();
  const [spaces, setSpaces] = useState<Spaces | null>(null);
  const [quota, setQuota] = useState<QuotaUsage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const load = () => {
    setError(null);
    filesApi
      .spaces()
      .then(setSpaces)
      .catch((e) => setError(errorText(e)));
    filesApi
      .quota()
      .then((r) => setQuota(r.items))
      .catch(() => setQuota([]));
  };
  useEffect(load, []);

  // Spaces without a limit and still empty say nothing worth a bar.
  const bars = (quota ?? []).filter((q) => q.limit !== null || q.used > 0);
  const main = spaces ? (
    <section aria-labelledby="spaces-main" class="stack-sm">
      <h2 id="spaces-main" class="section-title">
        {t('files.spaces.main')}
      </h2>
      <ul class="space-list">
        {spaces.school ? <SpaceCard node={spaces.school} icon="building" tone="school" title={t('files.spaces.school')} desc={t('files.spaces.schoolDesc')} /> : null}
        <SpaceCard node={spaces.personal} icon="user" tone="personal" title={t('files.spaces.personal')} desc={t('files.spaces.personalDesc')} />
      </ul>
    </section>
  ) : null;
  const departments = spaces ? (
    <SpaceRows title={t('files.spaces.departments')} nodes={spaces.departments} icon="users" tone="dept" empty={t('files.spaces.noDepartments')} desc={() => t('files.spaces.deptDesc')} />
  ) : null;
  const projects = spaces ? (
    <SpaceRows
      title={t('files.spaces.projects')}
      nodes={spaces.projects}
      icon="checklist"
      tone="project"
      empty={t('files.spaces.noProjects')}
      desc={(p) => (p.createdByName ? t('files.spaces.projectBy', { name: p.createdByName }) : t('files.spaces.projectDesc'))}
    />
  ) : null;
  const storage = bars.length ? (
    <Card title={t('files.quota.title')}>
      <ul class="quota-list">
        {bars.map((q) => (
          <QuotaBar key={q.spaceId} q={q} personal={q.spaceId === spaces?.personal.id} />
        ))}
      </ul>
    </Card>
  ) : null;
  const status = (
    <>
      {error ? (
        <Alert tone="danger">
          {error}{' '}
          <button type="button" class="link-btn" onClick={load}>
            {t('common.reload')}
          </button>
        </Alert>
      ) : null}
      {!spaces && !error ? <LoadingBlock /> : null}
    </>
  );

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('files.title')}</h1>
          <p>{t('files.spaces.subtitle')}</p>
        </div>
        <Button icon="plus" onClick={() => setCreating(true)}>
          {t('files.spaces.newProject')}
        </Button>
      </div>
      {desktop ? (
        <div class="spaces-grid">
          <div class="stack">
            {status}
            {main}
            {departments}
            {projects}
          </div>
          <div class="stack">
            <Recent />
            {storage}
          </div>
        </div>
      ) : (
        <div class="stack">
          {status}
          {main}
          <Recent />
          {departments}
          {projects}
          {storage}
        </div>
      )}
      <NameDialog
        open={creating}
        title={t('files.spaces.newProject')}
        label={t('files.spaces.projectName')}
        hint={t('files.spaces.projectHint')}
        submitLabel={t('files.create')}
        maxLength={100}
        onClose={() => setCreating(false)}
        onSubmit={async (name) => {
          const space = await filesApi.createSpace(name);
          navigate(`/files/f/${space.id}`);
        }}
      />
    </div>
  );
}
