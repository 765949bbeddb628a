// The editable fields of a person. Used by "new person" and by the edit dialog.
import { useEffect, useState } from 'preact/hooks';
import type { Person, Position } from '../../../api/types';
import { t } from '../../../i18n';
import { Select, TextField } from '../../../ui';
import { orgApi, type PersonInput } from '../admin.api';
import { departmentOptions, useDepartments } from '../use-departments';

export interface PersonDraft {
  username: string;
  displayName: string;
  employeeNo: string;
  phone: string;
  email: string;
  departmentId: string;
  positionId: string;
}

export function draftFrom(p?: Person): PersonDraft {
  return {
    username: p?.username ?? '',
    displayName: p?.displayName ?? '',
    employeeNo: p?.employeeNo ?? '',
    phone: p?.phone ?? '',
    email: p?.email ?? '',
    departmentId: p?.departmentId ?? '',
    positionId: p?.positionId ?? '',
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function normalized(d: PersonDraft): PersonInput {
  return {
    displayName: d.displayName.trim(),
    employeeNo: orNull(d.employeeNo),
    phone: orNull(d.phone.replace(/[\s-]/g, '')),
    email: orNull(d.email),
    departmentId: orNull(d.departmentId),
    positionId: orNull(d.positionId),
  };
}

/** For "new person": empty fields are left out rather than sent as null. */
export function draftToCreate(d: PersonDraft): PersonInput {
  const input: PersonInput = { username: d.username.trim().toLowerCase() };
  for (const [k, v] of Object.entries(normalized(d))) if (v !== null) (input as Record<string, unknown>)[k] = v;
  return input;
}

/** For an edit: only the fields that changed (an untouched empty field is never re-sent). */
export function draftToPatch(d: PersonDraft, original: Person): PersonInput {
  const before = normalized(draftFrom(original));
  const after = normalized(d);
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof PersonInput)[]) if (after[k] !== before[k]) patch[k] = after[k];
  return patch as PersonInput;
}

/** Client-side checks that mirror the server's (the server still decides). */
export function draftProblems(d: PersonDraft, creating: boolean): Partial<Record<keyof PersonDraft, string>> {
  const p: Partial<Record<keyof PersonDraft, string>> = {};
  if (creating && !/^[a-z0-9][a-z0-9._-]{2,31}$/.test(d.username.trim().toLowerCase())) p.username = t('people.usernameRule');
  if (!d.displayName.trim()) p.displayName = t('people.nameMissing');
  const phone = d.phone.replace(/[\s-]/g, '');
  if (phone && !/^(\+?86)?1[3-9]\d{9}$/.test(phone)) p.phone = t('errors.INVALID_PHONE');
  if (d.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email.trim())) p.email = t('people.emailInvalid');
  if (d.employeeNo.trim() && !/^[A-Za-z0-9_-]{1,32}$/.test(d.employeeNo.trim())) p.employeeNo = t('people.employeeNoRule');
  return p;
}

export function PersonForm({ draft, onChange, creating, showErrors }: { draft: PersonDraft; onChange: (d: PersonDraft) => void; creating: boolean; showErrors: boolean }) {
  const depts = useDepartments();
  const [positions, setPositions] = useState<Position[]>([]);
  useEffect(() => {
    orgApi.positions().then((r) => setPositions(r.items), () => undefined);
  }, []);
  const problems = showErrors ? draftProblems(draft, creating) : {};
  const set = (k: keyof PersonDraft) => (v: string) => onChange({ ...draft, [k]: v });
  return (
    <div class="form-grid">
      <TextField label={t('people.displayName')} value={draft.displayName} onValue={set('displayName')} error={problems.displayName} required maxLength={50} />
      {creating ? (
        <TextField
          label={t('people.username')}
          value={draft.username}
          onValue={set('username')}
          error={problems.username}
          hint={problems.username ? undefined : t('people.usernameRule')}
          autoCapitalize="none"
          spellcheck={false}
          required
        />
      ) : null}
      <TextField label={t('people.employeeNo')} value={draft.employeeNo} onValue={set('employeeNo')} error={problems.employeeNo} maxLength={32} />
      <TextField label={t('people.phone')} value={draft.phone} onValue={set('phone')} error={problems.phone} type="tel" inputMode="tel" autoComplete="off" />
      <TextField label={t('people.email')} value={draft.email} onValue={set('email')} error={problems.email} type="email" autoComplete="off" />
      <Select label={t('people.department')} value={draft.departmentId} options={departmentOptions(depts, t('common.none'))} onValue={set('departmentId')} />
      <Select
        label={t('people.position')}
        value={draft.positionId}
        options={[{ value: '', label: t('common.none') }, ...positions.map((p) => ({ value: p.id, label: p.name }))]}
        onValue={set('positionId')}
      />
    </div>
  );
}
