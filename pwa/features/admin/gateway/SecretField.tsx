// A write-only secret (SMTP password, SIM PIN, provider token): the server only says whether one is stored.
// Stored → "已设置" and a change button; while changing, an empty field keeps the stored value.
import { useId } from 'preact/hooks';
import { t } from '../../../i18n';
import { Badge, Button, TextField } from '../../../ui';

export function SecretField({
  label,
  isSet,
  value,
  onValue,
  error,
  inputMode,
  maxLength,
}: {
  label: string;
  isSet: boolean;
  /** null = unchanged. */
  value: string | null;
  onValue: (v: string | null) => void;
  error?: string | null;
  inputMode?: 'numeric' | 'text';
  maxLength?: number;
}) {
  const id = `sec-${useId()}`;
  if (isSet && value === null) {
    return (
      <div class="field">
        <span class="field-label" id={`${id}-l`}>
          {label}
        </span>
        <div class="gw-secret-set" role="group" aria-labelledby={`${id}-l`}>
          <Badge tone="success">{t('gatewayAdmin.secretSet')}</Badge>
          <Button size="sm" variant="ghost" icon="edit" onClick={() => onValue('')} aria-label={t('gatewayAdmin.secretChangeLabel', { label })}>
            {t('gatewayAdmin.secretChange')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div class="gw-secret-edit">
      <TextField
        label={label}
        type="password"
        revealable
        autoComplete="new-password"
        inputMode={inputMode}
        maxLength={maxLength}
        value={value ?? ''}
        onValue={(v) => onValue(isSet || v ? v : null)}
        error={error}
        hint={isSet ? t('gatewayAdmin.secretKeepHint') : undefined}
      />
      {isSet ? (
        <Button size="sm" variant="ghost" class="gw-secret-cancel" onClick={() => onValue(null)}>
          {t('gatewayAdmin.secretKeep')}
        </Button>
      ) : null}
    </div>
  );
}
