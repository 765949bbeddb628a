// The recovery sheet, shown once after a target is set up: the repository password (without it no backup can
// be read), where the repository is, and the command that restores a new box. Only the sheet prints. The page
// cannot be left (in-app "done" or closing the tab) until the admin confirms the sheet is stored.
import { useEffect, useState } from 'preact/hooks';
import type { RecoverySheet, TargetView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { Alert, Button, Icon } from '../../../ui';
import { SshKeyBox } from './SshKeyBox';

export function RecoverySheetView({ sheet, target, onDone }: { sheet: RecoverySheet; target: TargetView; onDone: () => void }) {
  const [stored, setStored] = useState(false);

  useEffect(() => {
    if (stored) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = t('backup.sheet.leaveWarn');
    };
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [stored]);

  return (
    <div class="page bk bk-sheet-page">
      <div class="page-head bk-noprint">
        <div>
          <h1>{t('backup.target.saved')}</h1>
        </div>
      </div>
      <div class="bk-noprint">
        <Alert tone="warning" title={t('backup.sheet.title')}>
          {t('backup.sheet.lead')}
        </Alert>
      </div>

      <article class="bk-sheet" aria-labelledby="bk-sheet-title">
        <header class="bk-sheet-head">
          <Icon name="shield" size={28} />
          <div class="grow">
            <h2 id="bk-sheet-title" class="bk-sheet-title">{t('backup.sheet.title')}</h2>
            <p class="bk-sheet-school">{sheet.school}</p>
          </div>
        </header>
        <div class="bk-sheet-pw">
          <p class="bk-sheet-label">{t('backup.sheet.password')}</p>
          <p class="bk-sheet-pw-value mono" data-testid="recovery-password" aria-label={t('backup.sheet.password')}>
            {sheet.password.split(/(?<=-)/).map((g, i) => (
              <span key={i} class="bk-pw-group">
                {g}
              </span>
            ))}
          </p>
        </div>
        <dl class="bk-sheet-kv">
          <div>
            <dt>{t('backup.sheet.repository')}</dt>
            <dd class="mono">{sheet.repository}</dd>
          </div>
          <div>
            <dt>{t('backup.sheet.school')}</dt>
            <dd>{sheet.school}</dd>
          </div>
          <div>
            <dt>{t('backup.sheet.date')}</dt>
            <dd>{formatDateTime(sheet.createdAt)}</dd>
          </div>
          <div>
            <dt>{t('backup.sheet.version')}</dt>
            <dd>{sheet.boxVersion}</dd>
          </div>
        </dl>
        <div class="bk-sheet-cmd">
          <p class="bk-sheet-label">{t('backup.sheet.command')}</p>
          {/* One option a line (shell continuations): readable on paper, still a command that pastes. */}
          <pre class="mono">{sheet.restoreCommand.replace(/ (?=--)/g, ' \\\n    ')}</pre>
        </div>
        <p class="bk-sheet-foot">{t('backup.sheet.footer')}</p>
      </article>

      <div class="stack bk-noprint">
        {target.kind === 'sftp' && target.sshPublicKey ? <SshKeyBox publicKey={target.sshPublicKey} /> : null}
        <Button icon="printer" onClick={() => print()}>
          {t('backup.sheet.print')}
        </Button>
        <label class="check">
          <input type="checkbox" checked={stored} onChange={(e) => setStored((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t('backup.sheet.stored')}</span>
        </label>
        <div class="form-actions">
          <Button variant="primary" disabled={!stored} onClick={onDone}>
            {t('backup.sheet.done')}
          </Button>
        </div>
      </div>
    </div>
  );
}
