// Shows a generated initial password exactly once, with a copy button.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Alert, Button, Dialog } from '../../../ui';

export function PasswordRevealDialog({ open, onClose, name, username, password }: { open: boolean; onClose: () => void; name: string; username: string; password: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('people.initialPasswordTitle')} description={t('people.initialPasswordFor', { name, username })}>
      <div class="stack">
        <div class="secret-box">
          <code class="mono secret-value" aria-label={t('people.initialPassword')}>
            {password}
          </code>
          <Button size="sm" icon={copied ? 'check' : undefined} onClick={() => void copy()}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        </div>
        <Alert tone="warning">{t('people.initialPasswordOnce')}</Alert>
        <div class="dialog-actions">
          <Button variant="primary" onClick={onClose}>
            {t('people.initialPasswordDone')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
