// Edit one person: details, roles, account (reset password, unlock, deactivate).
import { useState } from 'preact/hooks';
import type { Person } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime } from '../../../i18n/format';
import { can } from '../../../state/session-signals';
import { Alert, Badge, Button, Dialog, Tabs, toast } from '../../../ui';
import { orgApi } from '../admin.api';
import { PasswordRevealDialog } from './PasswordRevealDialog';
import { PersonForm, draftFrom, draftProblems, draftToPatch } from './PersonForm';
import { RolesEditor } from './RolesEditor';
import { isLocked, personStatus } from './person-format';

function DetailsTab({ person, onSaved }: { person: Person; onSaved: (p: Person) => void }) {
  const [draft, setDraft] = useState(draftFrom(person));
  const [showErrors, setShowErrors] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setShowErrors(true);
    if (Object.keys(draftProblems(draft, false)).length) return;
    const patch = draftToPatch(draft, person);
    if (Object.keys(patch).length === 0) return toast(t('common.saved'), 'success');
    setBusy(true);
    setError(null);
    try {
      onSaved(await orgApi.updatePerson(person.id, patch));
      toast(t('common.saved'), 'success');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} noValidate>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <PersonForm draft={draft} onChange={setDraft} creating={false} showErrors={showErrors} />
      <div class="dialog-actions">
        <Button type="submit" variant="primary" loading={busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

function AccountTab({ person, onSaved }: { person: Person; onSaved: (p: Person) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const run = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    try {
      await fn();
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };
  const status = personStatus(person);
  return (
    <div class="stack">
      <dl class="kv">
        <div class="kv-row">
          <dt>{t('people.statusLabel')}</dt>
          <dd>
            <Badge tone={status.tone}>{status.label}</Badge>
          </dd>
        </div>
        {isLocked(person) ? (
          <div class="kv-row">
            <dt>{t('people.lockedUntil')}</dt>
            <dd>{formatDateTime(person.lockedUntil!)}</dd>
          </div>
        ) : null}
        <div class="kv-row">
          <dt>{t('totp.title')}</dt>
          <dd>{person.totpEnabled ? t('totp.on') : t('totp.off')}</dd>
        </div>
        <div class="kv-row">
          <dt>{t('people.createdAt')}</dt>
          <dd>{formatDateTime(person.createdAt)}</dd>
        </div>
      </dl>
      <div class="action-list">
        {isLocked(person) ? (
          <Button icon="lock" loading={busy === 'unlock'} onClick={() => void run('unlock', async () => (onSaved(await orgApi.unlock(person.id)), toast(t('people.unlocked'), 'success')))}>
            {t('people.unlock')}
          </Button>
        ) : null}
        {confirmReset ? (
          <Alert tone="warning" title={t('people.resetConfirmTitle')}>
            <p>{t('people.resetConfirmText', { name: person.displayName })}</p>
            <div class="row mt-2">
              <Button variant="danger" size="sm" loading={busy === 'reset'} onClick={() => void run('reset', async () => {
                const r = await orgApi.resetPassword(person.id);
                setConfirmReset(false);
                setRevealed(r.initialPassword);
              })}>
                {t('people.resetPassword')}
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirmReset(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        ) : (
          <Button icon="key" onClick={() => setConfirmReset(true)}>
            {t('people.resetPassword')}
          </Button>
        )}
        <Button
          variant={person.active ? 'danger-ghost' : 'secondary'}
          loading={busy === 'active'}
          onClick={() => void run('active', async () => onSaved(await orgApi.updatePerson(person.id, { active: !person.active })))}
        >
          {person.active ? t('people.deactivate') : t('people.activate')}
        </Button>
      </div>
      <PasswordRevealDialog open={revealed !== null} onClose={() => setRevealed(null)} name={person.displayName} username={person.username} password={revealed ?? ''} />
    </div>
  );
}

export function PersonDialog({ person, onClose, onSaved }: { person: Person | null; onClose: () => void; onSaved: (p: Person) => void }) {
  const [tab, setTab] = useState('details');
  const tabs = [
    { id: 'details', label: t('people.tabDetails') },
    ...(can('roles.manage') ? [{ id: 'roles', label: t('people.tabRoles') }] : []),
    { id: 'account', label: t('people.tabAccount') },
  ];
  return (
    <Dialog
      open={person !== null}
      onClose={() => (setTab('details'), onClose())}
      title={person?.displayName ?? ''}
      description={person ? [person.username, person.departmentName, person.positionName].filter(Boolean).join(' · ') : undefined}
      wide
    >
      {person ? (
        <div class="stack">
          <Tabs label={t('people.editTabs')} items={tabs} value={tab} onChange={setTab} />
          <div role="tabpanel">
            {tab === 'details' ? <DetailsTab key={person.id} person={person} onSaved={onSaved} /> : null}
            {tab === 'roles' ? <RolesEditor key={person.id} person={person} onSaved={onSaved} /> : null}
            {tab === 'account' ? <AccountTab person={person} onSaved={onSaved} /> : null}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
