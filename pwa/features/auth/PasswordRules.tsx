// The password rules, ticked off live as the user types. The server has the final word (PASSWORD_POLICY).
import { t } from '../../i18n';
import { Icon } from '../../ui';

export interface RuleCheck {
  key: string;
  label: string;
  ok: boolean;
}

export function checkPassword(password: string, opts: { minLength: number; username?: string }): RuleCheck[] {
  const checks: RuleCheck[] = [
    { key: 'length', label: t('passwordRules.MIN_LENGTH', { n: opts.minLength }), ok: password.length >= opts.minLength },
    { key: 'mix', label: t('passwordRules.LETTERS_AND_DIGITS'), ok: /[A-Za-z]/.test(password) && /\d/.test(password) },
  ];
  const u = opts.username?.trim().toLowerCase();
  if (u && u.length >= 3) {
    checks.push({ key: 'user', label: t('passwordRules.CONTAINS_USERNAME'), ok: password.length > 0 && !password.toLowerCase().includes(u) });
  }
  return checks;
}

export function PasswordRules({ checks, id }: { checks: RuleCheck[]; id?: string }) {
  return (
    <ul class="rules" id={id} aria-label={t('passwordRules.title')}>
      {checks.map((c) => (
        <li key={c.key} class={c.ok ? 'rule rule-ok' : 'rule'}>
          <span class="rule-mark" aria-hidden="true">
            {c.ok ? <Icon name="check" size={14} /> : null}
          </span>
          <span>{c.label}</span>
          <span class="sr-only">{c.ok ? t('passwordRules.met') : t('passwordRules.notMet')}</span>
        </li>
      ))}
    </ul>
  );
}
