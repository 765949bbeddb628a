// Add one grant: choose who (a person found by name, a department, a department with its sub-departments,
// a role, or everyone) and the level.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccessLevel, GrantInput, GrantSubjectType, Person } from '../../../api/types';
import { ROLE_NAMES } from '../../../api/types';
import { t, type MessageKey } from '../../../i18n';
import { Avatar, Button, Select, TextField } from '../../../ui';
import { departmentOptions } from '../../admin/use-departments';
import { filesApi } from '../files.api';
import { levelLabel } from '../files-format';
import { fileDepartments, useFileDepartments } from '../files-state';

export type NamedGrant = GrantInput & { subjectName: string };

const SUBJECT_TYPES: GrantSubjectType[] = ['user', 'dept', 'dept_tree', 'role', 'all'];
export const LEVEL_OPTIONS: AccessLevel[] = ['view', 'download', 'edit', 'manage'];

export function subjectTypeLabel(type: GrantSubjectType): string {
  return t(`files.share.subject.${type}` as MessageKey);
}

/** Display name of a grant's subject: roles and "everyone" translated, the rest as the server named them. */
export function subjectDisplay(g: { subjectType: GrantSubjectType; subjectId: string; subjectName: string }): string {
  if (g.subjectType === 'role') return t(`roles.${g.subjectId}` as MessageKey);
  if (g.subjectType === 'all') return t('files.share.everyone');
  return g.subjectName;
}

function PersonSearch({ onPick }: { onPick: (p: Person) => void }) {
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Person[] | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    const query = q.trim();
    if (!query) return setPeople(null);
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      filesApi
        .people(query)
        .then((r) => mine === seq.current && setPeople(r.items))
        .catch(() => mine === seq.current && setPeople([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <div class="stack-sm">
      <TextField label={t('files.share.findPerson')} value={q} onValue={setQ} type="search" placeholder={t('files.share.findPersonPlaceholder')} autoComplete="off" />
      {people && people.length === 0 ? <p class="small muted">{t('files.share.noPerson')}</p> : null}
      {people && people.length > 0 ? (
        <ul class="person-results" aria-label={t('files.share.results')}>
          {people.slice(0, 8).map((p) => (
            <li key={p.id}>
              <button
                type="button"
                class="person-result"
                onClick={() => {
                  onPick(p);
                  setQ('');
                }}
              >
                <Avatar name={p.displayName} />
                <span class="grow">
                  <span class="strong">{p.displayName}</span>
                  <span class="xsmall muted ellipsis">{[p.departmentName, p.positionName].filter(Boolean).join(' · ') || p.username}</span>
                </span>
                <span class="small person-result-add">{t('files.share.add')}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function GrantPicker({ onAdd, secret }: { onAdd: (g: NamedGrant) => void; secret: boolean }) {
  useFileDepartments();
  const [type, setType] = useState<GrantSubjectType>('user');
  const [level, setLevel] = useState<AccessLevel>('view');
  const [dept, setDept] = useState('');
  const [role, setRole] = useState('staff');

  const addOther = () => {
    if (type === 'dept' || type === 'dept_tree') {
      if (!dept) return;
      const name = fileDepartments.value?.find((d) => d.id === dept)?.name ?? dept;
      onAdd({ subjectType: type, subjectId: dept, level, subjectName: name });
      setDept('');
    } else if (type === 'role') onAdd({ subjectType: 'role', subjectId: role, level, subjectName: role });
    else if (type === 'all') onAdd({ subjectType: 'all', subjectId: '', level, subjectName: '' });
  };

  return (
    <fieldset class="grant-picker">
      <legend class="field-label">{t('files.share.addTitle')}</legend>
      <div class="grant-picker-row">
        <Select
          label={t('files.share.subjectType')}
          value={type}
          onValue={(v) => setType(v as GrantSubjectType)}
          options={SUBJECT_TYPES.map((s) => ({ value: s, label: subjectTypeLabel(s) }))}
        />
        <Select
          label={t('files.share.level')}
          value={level}
          onValue={(v) => setLevel(v as AccessLevel)}
          options={LEVEL_OPTIONS.map((l) => ({ value: l, label: levelLabel(l) }))}
        />
      </div>
      <p class="field-hint grant-level-help">{t(`files.levelHelp.${level}` as MessageKey)}</p>
      {secret && type !== 'user' ? <p class="small danger-text">{t('files.share.secretOnlyPeople')}</p> : null}
      {type === 'user' ? <PersonSearch onPick={(p) => onAdd({ subjectType: 'user', subjectId: p.id, level, subjectName: p.displayName })} /> : null}
      {type === 'dept' || type === 'dept_tree' ? (
        <div class="grant-picker-row">
          <Select label={t('files.share.department')} value={dept} onValue={setDept} options={departmentOptions(fileDepartments.value, t('files.share.chooseDepartment'))} />
          <Button onClick={addOther} disabled={!dept} icon="plus">
            {t('files.share.add')}
          </Button>
        </div>
      ) : null}
      {type === 'role' ? (
        <div class="grant-picker-row">
          <Select label={t('files.share.role')} value={role} onValue={setRole} options={ROLE_NAMES.map((r) => ({ value: r, label: t(`roles.${r}` as MessageKey) }))} />
          <Button onClick={addOther} icon="plus">
            {t('files.share.add')}
          </Button>
        </div>
      ) : null}
      {type === 'all' ? (
        <div class="row-between">
          <p class="small muted grow">{t('files.share.everyoneHint')}</p>
          <Button onClick={addOther} icon="plus">
            {t('files.share.add')}
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
