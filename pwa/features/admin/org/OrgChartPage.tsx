// 组织架构: the school as a tree — each department with its head, member count and members.
import { useEffect, useState } from 'preact/hooks';
import type { ChartNode } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { me } from '../../../state/session-signals';
import { Alert, Card, EmptyState, Icon, LoadingBlock } from '../../../ui';
import { orgApi } from '../admin.api';

function countAll(n: ChartNode): number {
  return n.memberCount + n.children.reduce((s, c) => s + countAll(c), 0);
}

function ChartBranch({ node, level }: { node: ChartNode; level: number }) {
  const [open, setOpen] = useState(level < 2);
  const [showMembers, setShowMembers] = useState(false);
  const hasKids = node.children.length > 0;
  return (
    <li class="chart-item" role="treeitem" aria-expanded={hasKids ? open : undefined} aria-level={level + 1} aria-label={node.name}>
      <div class="chart-node">
        {hasKids ? (
          <button type="button" class="chart-toggle" aria-label={open ? t('orgChart.collapse', { name: node.name }) : t('orgChart.expand', { name: node.name })} onClick={() => setOpen(!open)}>
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={16} />
          </button>
        ) : (
          <span class="chart-toggle chart-toggle-leaf" aria-hidden="true" />
        )}
        <div class="chart-card">
          <div class="chart-card-head">
            <span class="chart-name">{node.name}</span>
            <span class="chart-count" title={t('orgChart.totalHint')}>
              {t('departments.members', { n: node.memberCount })}
              {hasKids ? <span class="muted"> / {countAll(node)}</span> : null}
            </span>
          </div>
          <div class="chart-head-person">
            {node.head ? (
              <>
                <Icon name="user" size={14} />
                <span class="muted">{t('orgChart.head')}</span>
                <span class="strong">{node.head.displayName}</span>
                {node.head.positionName ? <span class="muted">· {node.head.positionName}</span> : null}
              </>
            ) : (
              <span class="muted">{t('departments.noHead')}</span>
            )}
          </div>
          {node.members.length > 0 ? (
            <button type="button" class="link-btn small" aria-expanded={showMembers} onClick={() => setShowMembers(!showMembers)}>
              {showMembers ? t('orgChart.hideMembers') : t('orgChart.showMembers')}
            </button>
          ) : null}
          {showMembers ? (
            <ul class="chart-members">
              {node.members.map((m) => (
                <li key={m.id}>
                  {m.displayName}
                  {m.positionName ? <span class="muted"> · {m.positionName}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {hasKids && open ? (
        <ul class="chart-children" role="group">
          {node.children.map((c) => (
            <ChartBranch key={c.id} node={c} level={level + 1} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export default function OrgChartPage(_: RouteProps) {
  usePageTitle(t('admin.nav.org'));
  const [roots, setRoots] = useState<ChartNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    orgApi.chart().then((r) => setRoots(r.roots), (e) => setError(errorText(e)));
  }, []);
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.org')}</h1>
          <p>{t('orgChart.subtitle')}</p>
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <Card>
        {!roots && !error ? <LoadingBlock /> : null}
        {roots && roots.length === 0 ? <EmptyState icon="tree" title={t('departments.emptyTitle')} description={t('departments.emptyText')} /> : null}
        {roots && roots.length > 0 ? (
          <div class="chart">
            <div class="chart-root">
              <span class="brand-mark brand-mark-sm" aria-hidden="true">校</span>
              <span class="strong">{me.value?.school.name}</span>
            </div>
            <ul class="chart-children chart-top" role="tree" aria-label={t('admin.nav.org')}>
              {roots.map((n) => (
                <ChartBranch key={n.id} node={n} level={0} />
              ))}
            </ul>
          </div>
        ) : null}
      </Card>
    </div>
  );
}
