// 共享与权限: the sensitivity label (with what it means), whether the item inherits its folders' grants,
// the inherited grants (read-only), its own grants (level, remove) and a picker to add one.
import { useEffect, useState } from 'preact/hooks';
import type { AccessLevel, FileNode, Grant, Sensitivity, Sharing } from '../../../api/types';
import { t, type MessageKey } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Badge, Button, Dialog, Icon, LoadingBlock, Select, Switch, toast } from '../../../ui';
import { filesApi } from '../files.api';
import { SENSITIVITY_TONE, levelLabel, sensitivityLabel } from '../files-format';
import { GrantPicker, LEVEL_OPTIONS, subjectDisplay, subjectTypeLabel, type NamedGrant } from './GrantPicker';

const SENSITIVITIES: Sensitivity[] = ['public', 'internal', 'sensitive', 'secret'];
const keyOf = (g: { subjectType: string; subjectId: string }) => `${g.subjectType}:${g.subjectId}`;

function InheritedList({ grants, secret }: { grants: Grant[]; secret: boolean }) {
  if (!grants.length) return <p class="small muted">{t('files.share.noInherited')}</p>;
  return (
    <ul class="grant-rows grant-rows-readonly" aria-label={t('files.share.inheritedTitle')}>
      {grants.map((g) => (
        <li key={`${g.inheritedFrom?.id}-${keyOf(g)}`} class={`grant-line ${secret && g.subjectType !== 'user' ? 'grant-line-off' : ''}`}>
          <span class="grow">
            <span class="strong">{subjectDisplay(g)}</span>
            <span class="xsmall muted">
              {subjectTypeLabel(g.subjectType)}
              {g.inheritedFrom ? ` · ${t('files.share.from', { name: g.inheritedFrom.name })}` : ''}
            </span>
          </span>
          <Badge tone="neutral">{levelLabel(g.level)}</Badge>
        </li>
      ))}
    </ul>
  );
}

export function ShareDialog({ node, onClose, onSaved }: { node: FileNode | null; onClose: () => void; onSaved: (n: FileNode | null) => void }) {
  const [sharing, setSharing] = useState<Sharing | null>(null);
  const [grants, setGrants] = useState<NamedGrant[]>([]);
  const [inherit, setInherit] = useState(true);
  const [sensitivity, setSensitivity] = useState<Sensitivity>('internal');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!node) return;
    setSharing(null);
    setError(null);
    filesApi
      .sharing(node.id)
      .then((s) => {
        setSharing(s);
        setGrants(s.grants.map((g) => ({ subjectType: g.subjectType, subjectId: g.subjectId, level: g.level, subjectName: g.subjectName })));
        setInherit(s.inherit);
        setSensitivity(s.sensitivity);
      })
      .catch((e) => setError(errorText(e)));
  }, [node?.id]);

  const add = (g: NamedGrant) => {
    const existing = grants.find((x) => keyOf(x) === keyOf(g));
    if (existing) setGrants(grants.map((x) => (keyOf(x) === keyOf(g) ? { ...x, level: g.level } : x)));
    else setGrants([...grants, g]);
  };

  const save = async () => {
    if (!node || !sharing) return;
    setBusy(true);
    setError(null);
    try {
      const body = { inherit, grants: grants.map(({ subjectType, subjectId, level }) => ({ subjectType, subjectId, level })) };
      const labelChanged = sensitivity !== sharing.sensitivity;
      let saved: FileNode | null = null;
      // 机密 needs a named person in force: the grants go first; when lowering the label, it goes first.
      if (labelChanged && sensitivity !== 'secret') saved = await filesApi.patch(node.id, { sensitivity });
      await filesApi.setSharing(node.id, body);
      if (labelChanged && sensitivity === 'secret') saved = await filesApi.patch(node.id, { sensitivity });
      toast(t('files.share.saved'), 'success');
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const isRoot = node?.parentId === null;
  const secret = sensitivity === 'secret' || sharing?.effectiveSensitivity === 'secret';
  const stricterAbove = sharing && SENSITIVITIES.indexOf(sharing.effectiveSensitivity) > SENSITIVITIES.indexOf(sensitivity);
  return (
    <Dialog open={node !== null} onClose={onClose} title={t('files.share.title')} description={node?.name} wide>
      {!sharing && !error ? <LoadingBlock /> : null}
      {!sharing && error ? <Alert tone="danger">{error}</Alert> : null}
      {sharing ? (
        <div class="stack">
          <section class="stack-sm" aria-labelledby="share-label">
            <h3 id="share-label" class="share-section-title">
              {t('files.share.sensitivityTitle')}
            </h3>
            <Select
              label={t('files.share.sensitivity')}
              hideLabel
              value={sensitivity}
              onValue={(v) => setSensitivity(v as Sensitivity)}
              options={SENSITIVITIES.map((s) => ({ value: s, label: sensitivityLabel(s) }))}
            />
            <div class={`sensitivity-explain sensitivity-${sensitivity}`}>
              <Badge tone={SENSITIVITY_TONE[sensitivity]}>{sensitivityLabel(sensitivity)}</Badge>
              <span>{t(`files.sensitivityHelp.${sensitivity}` as MessageKey)}</span>
            </div>
            {stricterAbove ? <p class="small muted">{t('files.share.stricterAbove', { label: sensitivityLabel(sharing.effectiveSensitivity) })}</p> : null}
          </section>

          <section class="stack-sm" aria-labelledby="share-inherit">
            <h3 id="share-inherit" class="share-section-title">
              {t('files.share.inheritedTitle')}
            </h3>
            <Switch label={t('files.share.inherit')} hint={isRoot ? t('files.share.inheritRoot') : t('files.share.inheritHint')} checked={inherit} disabled={isRoot} onChange={setInherit} />
            {inherit ? <InheritedList grants={sharing.inherited} secret={secret} /> : null}
          </section>

          <section class="stack-sm" aria-labelledby="share-own">
            <h3 id="share-own" class="share-section-title">
              {t('files.share.grantsTitle')}
            </h3>
            {secret ? <Alert tone="warning">{t('files.share.secretExplain')}</Alert> : null}
            {grants.length === 0 ? <p class="small muted">{t('files.share.noGrants')}</p> : null}
            {grants.length > 0 ? (
              <ul class="grant-rows" aria-label={t('files.share.grantsTitle')}>
                {grants.map((g) => {
                  const name = subjectDisplay(g);
                  return (
                    <li key={keyOf(g)} class={`grant-line ${secret && g.subjectType !== 'user' ? 'grant-line-off' : ''}`}>
                      <span class="grant-icon" aria-hidden="true">
                        <Icon name={g.subjectType === 'user' ? 'user' : g.subjectType === 'role' ? 'shield' : g.subjectType === 'all' ? 'globe' : 'building'} size={18} />
                      </span>
                      <span class="grow">
                        <span class="strong">{name}</span>
                        <span class="xsmall muted">{subjectTypeLabel(g.subjectType)}</span>
                      </span>
                      <Select
                        class="grant-level"
                        label={t('files.share.levelOf', { name })}
                        hideLabel
                        value={g.level}
                        onValue={(v) => setGrants(grants.map((x) => (keyOf(x) === keyOf(g) ? { ...x, level: v as AccessLevel } : x)))}
                        options={LEVEL_OPTIONS.map((l) => ({ value: l, label: levelLabel(l) }))}
                      />
                      <button type="button" class="icon-btn" aria-label={t('files.share.remove', { name })} onClick={() => setGrants(grants.filter((x) => keyOf(x) !== keyOf(g)))}>
                        <Icon name="close" size={18} />
                      </button>
                    </li>
                  );
                })}
              </ul>
            ) : null}
            <GrantPicker onAdd={add} secret={secret} />
          </section>
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <div class="dialog-actions">
            <Button variant="ghost" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button variant="primary" loading={busy} onClick={() => void save()}>
              {t('common.save')}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
