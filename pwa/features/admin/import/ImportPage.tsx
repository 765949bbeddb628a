// 导入: template → choose a file → preview with per-row errors → commit → initial passwords.
import { useState } from 'preact/hooks';
import type { ImportPreview, ImportResult } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Badge, Button, ButtonLink, Card } from '../../../ui';
import { importApi } from '../admin.api';
import { reloadDepartments } from '../use-departments';
import { FileDrop } from './FileDrop';
import { ImportPreviewTable } from './ImportPreviewTable';
import { ImportResultView } from './ImportResultView';

type Preview = ImportPreview & { willCreate?: { departments: string[]; positions: string[] } };

function Summary({ p }: { p: Preview }) {
  const s = p.summary;
  return (
    <div class="summary" aria-label={t('import.summary')}>
      <div class="summary-item"><span class="summary-num">{s.total}</span><span class="summary-label">{t('import.total')}</span></div>
      <div class="summary-item summary-success"><span class="summary-num">{s.create}</span><span class="summary-label">{t('import.action.create')}</span></div>
      <div class="summary-item summary-primary"><span class="summary-num">{s.update}</span><span class="summary-label">{t('import.action.update')}</span></div>
      <div class="summary-item"><span class="summary-num">{s.skip}</span><span class="summary-label">{t('import.action.skip')}</span></div>
      <div class="summary-item summary-danger"><span class="summary-num">{s.error}</span><span class="summary-label">{t('import.action.error')}</span></div>
    </div>
  );
}

export default function ImportPage(_: RouteProps) {
  usePageTitle(t('admin.nav.import'));
  const [busy, setBusy] = useState<'upload' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [result, setResult] = useState<(ImportResult & { failed?: { row: number; code: string; message: string }[] }) | null>(null);

  const upload = async (file: File) => {
    if (!/\.(xlsx|csv)$/i.test(file.name)) return setError(t('import.wrongType'));
    setBusy('upload');
    setError(null);
    try {
      setPreview(await importApi.upload(file));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!preview) return;
    setBusy('commit');
    setError(null);
    try {
      setResult(await importApi.commit(preview.id));
      setPreview(null);
      void reloadDepartments().catch(() => undefined);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const again = () => {
    setPreview(null);
    setResult(null);
    setError(null);
  };

  const importable = preview ? preview.summary.create + preview.summary.update : 0;

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.import')}</h1>
          <p>{t('import.subtitle')}</p>
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}

      {result ? <ImportResultView result={result} onAgain={again} /> : null}

      {!result && !preview ? (
        <div class="import-start">
          <Card title={t('import.step1')} description={t('import.templateHint')}>
            <div class="row">
              <ButtonLink href={importApi.templateXlsxUrl} download="staff-template.xlsx" icon="download">
                {t('import.templateXlsx')}
              </ButtonLink>
              <ButtonLink href={importApi.templateCsvUrl} download="staff-template.csv" icon="download">
                {t('import.templateCsv')}
              </ButtonLink>
            </div>
            <ul class="hint-list">
              <li>{t('import.rule1')}</li>
              <li>{t('import.rule2')}</li>
              <li>{t('import.rule3')}</li>
            </ul>
          </Card>
          <Card title={t('import.step2')}>
            <FileDrop onFile={(f) => void upload(f)} busy={busy === 'upload'} />
          </Card>
        </div>
      ) : null}

      {preview ? (
        <div class="stack">
          <Card title={t('import.previewTitle')} description={preview.fileName}>
            <Summary p={preview} />
            {preview.summary.error > 0 ? <Alert tone="warning">{t('import.errorsHint', { n: preview.summary.error })}</Alert> : null}
            {preview.willCreate && (preview.willCreate.departments.length > 0 || preview.willCreate.positions.length > 0) ? (
              <div class="will-create">
                {preview.willCreate.departments.length > 0 ? (
                  <p class="small">
                    <span class="muted">{t('import.newDepartments')}</span>{' '}
                    {preview.willCreate.departments.map((d) => <Badge key={d} tone="primary">{d}</Badge>)}
                  </p>
                ) : null}
                {preview.willCreate.positions.length > 0 ? (
                  <p class="small">
                    <span class="muted">{t('import.newPositions')}</span>{' '}
                    {preview.willCreate.positions.map((d) => <Badge key={d}>{d}</Badge>)}
                  </p>
                ) : null}
              </div>
            ) : null}
          </Card>
          <Card flush>
            <ImportPreviewTable rows={preview.rows} />
          </Card>
          <div class="form-actions sticky-actions">
            <span class="small muted">{t('import.readyHint', { n: importable, e: preview.summary.error })}</span>
            <Button variant="ghost" onClick={again}>
              {t('import.chooseAnother')}
            </Button>
            <Button variant="primary" loading={busy === 'commit'} disabled={importable === 0} onClick={() => void commit()}>
              {t('import.commit', { n: importable })}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
