// Create or edit a department: name, parent (move), head; delete when empty.
import { useEffect, useState } from 'preact/hooks';
import type { Department, Person } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Dialog, Select, TextField, toast } from '../../../ui';
import { orgApi } from '../admin.api';
import { departmentOptions, departments, reloadDepartments } from '../use-departments';

export function DepartmentDialog({ open, department, parentId, onClose }: { open: boolean; department: Department | null; parentId?: string | null; onClose: () => void }) {
  const editing = department !== null;
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [head, setHead] = useState('');
  const [members, setMembers] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    if (!open) return;
    setName(department?.name ?? '');
    setParent(department?.parentId ?? parentId ?? '');
    setHead(department?.headId ?? '');
    setError(null);
    setConfirmDelete(false);
    setMembers([]);
    if (department) orgApi.people({ departmentId: department.id, limit: 200 }).then((r) => setMembers(r.items), () => undefined);
  }, [open, department?.id]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('departments.nameMissing'));
    setBusy('save');
    setError(null);
    try {
      const body = { name: name.trim(), parentId: parent || null, ...(editing ? { headId: head || null } : {}) };
      if (department) await orgApi.updateDepartment(department.id, body);
      else await orgApi.createDepartment(body);
      await reloadDepartments();
      toast(editing ? t('common.saved') : t('departments.created'), 'success');
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!department) return;
    setBusy('delete');
    try {
      await orgApi.deleteDepartment(department.id);
      await reloadDepartments();
      toast(t('departments.deleted'), 'success');
      onClose();
    } catch (err) {
      setError(errorText(err));
      setConfirmDelete(false);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={editing ? t('departments.editTitle') : t('departments.createTitle')}>
      <form class="stack" onSubmit={save} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <TextField label={t('departments.name')} value={name} onValue={setName} maxLength={50} required />
        <Select
          label={t('departments.parent')}
          value={parent}
          onValue={setParent}
          options={departmentOptions(departments.value, t('departments.topLevel'), department?.id)}
          hint={editing ? t('departments.moveHint') : undefined}
        />
        {editing ? (
          <Select
            label={t('departments.head')}
            value={head}
            onValue={setHead}
            options={[{ value: '', label: t('common.none') }, ...members.map((m) => ({ value: m.id, label: m.displayName }))]}
            hint={t('departments.headHint')}
          />
        ) : null}
        {confirmDelete ? (
          <Alert tone="warning" title={t('departments.deleteConfirm', { name: department?.name ?? '' })}>
            <div class="row mt-2">
              <Button size="sm" variant="danger" loading={busy === 'delete'} onClick={() => void remove()}>
                {t('common.delete')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        ) : null}
        <div class="dialog-actions dialog-actions-split">
          {editing && !confirmDelete ? (
            <Button variant="danger-ghost" icon="trash" onClick={() => setConfirmDelete(true)}>
              {t('common.delete')}
            </Button>
          ) : (
            <span />
          )}
          <div class="row">
            <Button variant="ghost" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary" loading={busy === 'save'}>
              {editing ? t('common.save') : t('departments.create')}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
