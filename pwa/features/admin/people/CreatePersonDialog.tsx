import { useState } from 'preact/hooks';
import type { Person, RoleName } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Dialog } from '../../../ui';
import { orgApi } from '../admin.api';
import { PersonForm, draftFrom, draftProblems, draftToCreate } from './PersonForm';
import { roleName } from './RolesEditor';

const SIMPLE_ROLES: RoleName[] = ['staff', 'principal', 'it', 'admin'];

export function CreatePersonDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (p: Person, initialPassword: string) => void }) {
  const [draft, setDraft] = useState(draftFrom());
  const [roles, setRoles] = useState<RoleName[]>(['staff']);
  const [showErrors, setShowErrors] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setDraft(draftFrom());
    setRoles(['staff']);
    setShowErrors(false);
    setError(null);
    onClose();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setShowErrors(true);
    if (Object.keys(draftProblems(draft, true)).length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await orgApi.createPerson({ ...draftToCreate(draft), roles: roles.map((role) => ({ role })) });
      close();
      onCreated(r.person, r.initialPassword);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={close} title={t('people.createTitle')} description={t('people.createHint')} wide>
      <form class="stack" onSubmit={submit} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <PersonForm draft={draft} onChange={setDraft} creating showErrors={showErrors} />
        <fieldset class="checks">
          <legend class="field-label">{t('people.roles')}</legend>
          <div class="row">
            {SIMPLE_ROLES.map((r) => (
              <label key={r} class="check">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) => setRoles((e.currentTarget as HTMLInputElement).checked ? [...roles, r] : roles.filter((x) => x !== r))}
                />
                <span>{roleName(r)}</span>
              </label>
            ))}
          </div>
          <p class="field-hint">{t('people.deptHeadLater')}</p>
        </fieldset>
        <div class="dialog-actions">
          <Button variant="ghost" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            {t('people.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
