// After the commit: counts, and the initial passwords of new accounts (shown once, downloadable as CSV).
import { useMemo } from 'preact/hooks';
import type { ImportResult } from '../../../api/types';
import { t } from '../../../i18n';
import { formatDate } from '../../../i18n/format';
import { Alert, Button, ButtonLink, Card } from '../../../ui';

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** UTF-8 with BOM so Excel opens the Chinese names correctly. */
export function credentialsCsv(rows: ImportResult['credentials']): string {
  const head = [t('import.fields.displayName'), t('import.fields.username'), t('import.initialPassword')];
  const lines = [head, ...rows.map((c) => [c.displayName, c.username, c.initialPassword])].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function ImportResultView({ result, onAgain }: { result: ImportResult & { failed?: { row: number; message: string }[] }; onAgain: () => void }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([credentialsCsv(result.credentials)], { type: 'text/csv;charset=utf-8' })), [result]);
  const fileName = `${t('import.credentialsFile')}-${formatDate(new Date()).replace(/\//g, '')}.csv`;
  return (
    <div class="stack">
      <Alert tone="success" title={t('import.doneTitle')}>
        {t('import.doneSummary', { created: result.created, updated: result.updated, skipped: result.skipped })}
      </Alert>
      {result.failed && result.failed.length > 0 ? (
        <Alert tone="warning" title={t('import.failedTitle', { n: result.failed.length })}>
          <ul class="row-errors">
            {result.failed.map((f) => (
              <li key={f.row}>{t('import.rowN', { n: f.row })}{t('common.colon')}{f.message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {result.credentials.length > 0 ? (
        <Card
          title={t('import.credentialsTitle', { n: result.credentials.length })}
          description={t('import.credentialsOnce')}
          actions={
            <ButtonLink href={href} download={fileName} icon="download" variant="primary">
              {t('import.downloadCsv')}
            </ButtonLink>
          }
          flush
        >
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('import.fields.displayName')}</th>
                  <th scope="col">{t('import.fields.username')}</th>
                  <th scope="col">{t('import.initialPassword')}</th>
                </tr>
              </thead>
              <tbody>
                {result.credentials.map((c) => (
                  <tr key={c.username}>
                    <td>{c.displayName}</td>
                    <td class="mono small">{c.username}</td>
                    <td class="mono small">{c.initialPassword}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : (
        <p class="muted small">{t('import.noNewAccounts')}</p>
      )}
      <div>
        <Button onClick={onAgain} icon="upload">
          {t('import.again')}
        </Button>
      </div>
    </div>
  );
}
