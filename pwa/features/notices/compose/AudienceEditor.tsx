// Who receives the notice: 全校, or any mix of departments (each with its sub-departments), roles and named
// people. A department head may address only their own departments (GET /api/notices/scope says which), so the
// picker offers only those; the server checks again. Fixed once published: then it is shown read-only.
import { useEffect, useState } from 'preact/hooks';
import { ROLE_NAMES, type RoleName } from '../../../api/types';
import { t } from '../../../i18n';
import { Switch } from '../../../ui';
import { DepartmentPicker } from '../../forms/renderer/DepartmentPicker';
import { PersonPicker } from '../../forms/renderer/PersonPicker';
import { rendererApi } from '../../forms/renderer/api-renderer';
import type { NoticeAudience, PublishScope } from '../api-notices';

export function AudienceEditor({
  value,
  onChange,
  scope,
  fixed,
  error,
}: {
  value: NoticeAudience;
  onChange: (a: NoticeAudience) => void;
  scope: PublishScope | null;
  /** Published: the audience cannot change any more. */
  fixed: boolean;
  error?: string | null;
}) {
  const [outside, setOutside] = useState<string[]>([]);
  const limited = !!scope && !scope.schoolWide;
  useEffect(() => {
    if (!limited) return setOutside([]);
    const inside = new Set(scope.departmentIds);
    rendererApi
      .departments()
      .then((all) => setOutside(all.filter((d) => !inside.has(d.id)).map((d) => d.id)))
      .catch(() => undefined);
  }, [limited, scope?.departmentIds.join(',')]);

  const set = (patch: Partial<NoticeAudience>) => onChange({ ...value, ...patch });
  const toggleRole = (r: RoleName) => set({ roles: value.roles.includes(r) ? value.roles.filter((x) => x !== r) : [...value.roles, r] });

  return (
    <fieldset class={`nt-audience ${error ? 'is-invalid' : ''}`} aria-describedby={error ? 'nt-audience-err' : 'nt-audience-hint'} aria-invalid={error ? 'true' : undefined}>
      <legend class="sr-only">{t('notices.compose.audience')}</legend>
      <p id="nt-audience-hint" class="fr-help">
        {fixed ? t('notices.compose.audienceFixed') : limited ? t('notices.compose.audienceLimited') : t('notices.compose.audienceHint')}
      </p>
      {scope?.schoolWide || value.all ? (
        <Switch label={t('notices.compose.audienceAll')} hint={t('notices.compose.audienceAllHint')} checked={value.all} disabled={fixed} onChange={(v) => set({ all: v })} />
      ) : null}
      {value.all ? null : (
        <>
          <DepartmentPicker
            label={t('notices.compose.audienceDepartments')}
            value={value.departmentIds}
            onChange={(ids) => set({ departmentIds: ids })}
            multiple
            exclude={outside}
            disabled={fixed}
            placeholder={t('notices.compose.audienceDepartmentsPlaceholder')}
          />
          <fieldset class="nt-roles" disabled={fixed}>
            <legend class="field-label">{t('notices.compose.audienceRoles')}</legend>
            <div class="nt-chips">
              {ROLE_NAMES.map((r) => (
                <label key={r} class={`nt-chip ${value.roles.includes(r) ? 'is-on' : ''}`}>
                  <input type="checkbox" class="sr-only" checked={value.roles.includes(r)} onChange={() => toggleRole(r)} />
                  {t(`roles.${r}`)}
                </label>
              ))}
            </div>
            {limited && value.roles.length ? <p class="fr-help">{t('notices.compose.audienceRolesLimited')}</p> : null}
          </fieldset>
          <PersonPicker
            label={t('notices.compose.audiencePeople')}
            value={value.userIds}
            onChange={(ids) => set({ userIds: ids })}
            multiple
            disabled={fixed}
            placeholder={t('notices.compose.audiencePeoplePlaceholder')}
          />
        </>
      )}
      {error ? (
        <p id="nt-audience-err" class="fr-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
