// The box's SSH public key for an SFTP target, to paste into authorized_keys on the server.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Button } from '../../../ui';

export function SshKeyBox({ publicKey, setup = false }: { publicKey: string; setup?: boolean }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(publicKey);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      /* no clipboard (http, old browser): the key stays selectable */
    }
  };
  return (
    <div class="bk-sshkey">
      <p class="field-label">{t('backup.target.sshKeyTitle')}</p>
      <div class="bk-sshkey-row">
        <code class="bk-sshkey-value">{publicKey}</code>
        <Button size="sm" icon={copied ? 'check' : 'paperclip'} onClick={copy}>
          {copied ? t('backup.target.copied') : t('backup.target.copy')}
        </Button>
      </div>
      <p class="field-hint">{t(setup ? 'backup.target.sshKeyHintSetup' : 'backup.target.sshKeyHint')}</p>
    </div>
  );
}
