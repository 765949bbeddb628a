// The renderer's person picker and signature pad as the approvals dialogs use them: one person (a PersonRef),
// and an optional signature behind a "添加手写签名" button so a plain approval stays one tap.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Button } from '../../../ui';
import { personNames } from '../renderer/api-renderer';
import { PersonPicker } from '../renderer/PersonPicker';
import { SignaturePad } from '../renderer/SignaturePad';
import type { PersonRef } from './api-approvals';
import '../renderer/renderer.css';

export function PersonField({ label, value, onChange, excludeIds }: { label: string; value: PersonRef | null; onChange: (p: PersonRef | null) => void; excludeIds?: string[] }) {
  return (
    <PersonPicker
      label={label}
      value={value ? [value.id] : []}
      names={value ? { [value.id]: value.displayName } : undefined}
      exclude={excludeIds}
      onChange={(ids) => {
        const id = ids[ids.length - 1];
        onChange(id ? { id, displayName: personNames.get(id) ?? '', departmentName: null } : null);
      }}
    />
  );
}

export function SignatureField({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div>
        <Button size="sm" icon="pen" onClick={() => setOpen(true)}>
          {t('forms.approvals.action.addSignature')}
        </Button>
      </div>
    );
  }
  // Clearing the pad sends no signature: there is no separate "remove" step.
  return <SignaturePad label={t('forms.approvals.action.signature')} value={value} onChange={onChange} />;
}
