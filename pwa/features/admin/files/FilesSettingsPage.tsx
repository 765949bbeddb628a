// Admin › 文件: the document rules (types, version retention, default quotas) saved together from one
// draft with PATCH /api/files/policy, and every space's usage with its own quota.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DocType, FilesPolicy } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, LoadingBlock, toast } from '../../../ui';
import { filesAdminApi } from '../admin.api';
import { DocTypesEditor } from './DocTypesEditor';
import { checkDraft, draftOf, type PolicyDraft } from './files-admin';
import { QuotaDefaultsCard, RetentionCard } from './PolicyCards';
import { SpaceUsage } from './SpaceUsage';
import './files-admin.css';

export default function FilesSettingsPage(_: RouteProps) {
  usePageTitle(t('admin.nav.files'));
  const [saved, setSaved] = useState<FilesPolicy | null>(null);
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Bumped when the default quotas change, so the usage list shows the limits now in force. */
  const [usageRev, setUsageRev] = useState(0);

  useEffect(() => {
    filesAdminApi.policy().then(
      (p) => (setSaved(p), setDraft(draftOf(p))),
      (e) => setError(errorText(e)),
    );
  }, []);

  const savedKeys = useMemo(() => new Set(saved?.docTypes.map((d) => d.key) ?? []), [saved]);
  const check = draft && saved ? checkDraft(draft, saved) : null;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!check?.patch) return setError(check && Object.keys(check.errors).length ? t('errors.VALIDATION_FAILED') : null);
    setBusy(true);
    setError(null);
    try {
      const next = await filesAdminApi.updatePolicy(check.patch);
      setSaved(next);
      setDraft(draftOf(next));
      if ('personalQuota' in check.patch || 'departmentQuota' in check.patch) setUsageRev((n) => n + 1);
      toast(t('common.saved'), 'success');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const set = (k: keyof Omit<PolicyDraft, 'docTypes'>, v: string) => draft && setDraft({ ...draft, [k]: v });
  const setTypes = (docTypes: DocType[]) => draft && setDraft({ ...draft, docTypes });

  return (
    <div class="page files-admin">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.files')}</h1>
          <p>{t('filesAdmin.subtitle')}</p>
        </div>
      </div>
      {draft && saved && check ? (
        <form class="stack" onSubmit={save} noValidate>
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <DocTypesEditor types={draft.docTypes} savedKeys={savedKeys} onChange={setTypes} />
          <RetentionCard draft={draft} errors={check.errors} set={set} />
          <QuotaDefaultsCard draft={draft} errors={check.errors} set={set} />
          <div class="form-actions sticky-actions">
            <span class="small muted">{check.changed ? t('settings.unsaved', { n: check.changed }) : t('settings.allSaved')}</span>
            <Button variant="ghost" disabled={!check.changed} onClick={() => (setDraft(draftOf(saved)), setError(null))}>
              {t('common.reset')}
            </Button>
            <Button type="submit" variant="primary" loading={busy} disabled={!check.changed}>
              {t('common.save')}
            </Button>
          </div>
        </form>
      ) : (
        <div>{error ? <Alert tone="danger">{error}</Alert> : <LoadingBlock />}</div>
      )}
      <SpaceUsage reload={usageRev} />
    </div>
  );
}
