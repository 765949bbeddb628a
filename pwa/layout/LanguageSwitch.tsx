import { useState } from 'preact/hooks';
import { LOCALES, locale, t, type Locale } from '../i18n';
import { errorText } from '../i18n/errors';
import { Icon, toast } from '../ui';
import { changeLocale } from '../state/preferences';

const NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

/** Language picker; every option is written in its own language so anyone can find theirs. */
export function LanguageSwitch({ compact }: { compact?: boolean }) {
  const [busy, setBusy] = useState(false);
  const onChange = async (value: string) => {
    setBusy(true);
    try {
      await changeLocale(value as Locale);
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };
  return (
    <label class={`lang-switch ${compact ? 'lang-switch-compact' : ''}`}>
      <Icon name="globe" size={18} />
      <span class="sr-only">{t('common.language')}</span>
      <select
        aria-label={t('common.language')}
        value={locale.value}
        disabled={busy}
        onChange={(e) => void onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
