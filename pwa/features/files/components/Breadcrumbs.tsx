// Where a folder is: 文件 › space › … › folder. On phones the middle collapses into a "…" menu.
import type { Crumb } from '../../../api/types';
import { t } from '../../../i18n';
import { useIsDesktop } from '../../../layout/use-media';
import { navigate } from '../../../state/navigate';
import { Icon } from '../../../ui';
import { ActionMenu } from './ActionMenu';

export function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  const desktop = useIsDesktop();
  const keepTail = desktop ? 4 : 2;
  const hidden = crumbs.length > keepTail ? crumbs.slice(0, crumbs.length - keepTail) : [];
  const shown = crumbs.slice(hidden.length);
  return (
    <nav class="crumbs" aria-label={t('files.breadcrumbs')}>
      <ol>
        <li>
          <a href="/files" class="crumb-link">
            {t('files.title')}
          </a>
        </li>
        {hidden.length ? (
          <li>
            <Icon name="chevronRight" size={14} class="crumb-sep" />
            <ActionMenu
              label={t('files.moreCrumbs')}
              title={t('files.breadcrumbs')}
              buttonClass="crumb-more"
              actions={hidden.map((c) => ({ id: c.id, label: c.name, icon: 'folder', onSelect: () => navigate(`/files/f/${c.id}`) }))}
            />
          </li>
        ) : null}
        {shown.map((c, i) => (
          <li key={c.id}>
            <Icon name="chevronRight" size={14} class="crumb-sep" />
            {i === shown.length - 1 ? (
              <span class="crumb-current ellipsis" aria-current="page">
                {c.name}
              </span>
            ) : (
              <a href={`/files/f/${c.id}`} class="crumb-link ellipsis">
                {c.name}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
