// New password + confirmation with the live rule list. The parent owns the values.
import { t } from '../../i18n';
import { TextField } from '../../ui';
import { PasswordRules, checkPassword } from './PasswordRules';

export interface NewPasswordValue {
  password: string;
  confirm: string;
}

export function newPasswordProblem(v: NewPasswordValue, opts: { minLength: number; username?: string }): string | null {
  if (checkPassword(v.password, opts).some((c) => !c.ok)) return t('password.rulesNotMet');
  if (v.password !== v.confirm) return t('password.mismatch');
  return null;
}

export function NewPasswordFields({
  value,
  onChange,
  minLength = 8,
  username,
  labels,
  showMismatch,
}: {
  value: NewPasswordValue;
  onChange: (v: NewPasswordValue) => void;
  minLength?: number;
  username?: string;
  labels?: { password?: string; confirm?: string };
  showMismatch?: boolean;
}) {
  const checks = checkPassword(value.password, { minLength, username });
  const mismatch = showMismatch && value.confirm.length > 0 && value.confirm !== value.password;
  return (
    <div class="stack-sm">
      <TextField
        label={labels?.password ?? t('password.new')}
        type="password"
        revealable
        autoComplete="new-password"
        value={value.password}
        onValue={(password) => onChange({ ...value, password })}
        hint={<PasswordRules checks={checks} />}
      />
      <TextField
        label={labels?.confirm ?? t('password.confirm')}
        type="password"
        revealable
        autoComplete="new-password"
        value={value.confirm}
        onValue={(confirm) => onChange({ ...value, confirm })}
        error={mismatch ? t('password.mismatch') : null}
      />
    </div>
  );
}
