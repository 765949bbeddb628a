// 文档类型: the list in the order the pickers and the filter show it — add, rename, reorder, remove.
// Changes go into the page's draft; the page saves them with PATCH {docTypes}.
import { useState } from 'preact/hooks';
import type { DocType } from '../../../api/types';
import { locale, t } from '../../../i18n';
import { Badge, Button, Card } from '../../../ui';
import { DocTypeDialog } from './DocTypeDialog';
import { MAX_DOC_TYPES } from './files-admin';

type Editing = { index: number } | 'new' | null;

export function DocTypesEditor({ types, savedKeys, onChange }: { types: DocType[]; savedKeys: ReadonlySet<string>; onChange: (types: DocType[]) => void }) {
  const [editing, setEditing] = useState<Editing>(null);
  const current = editing !== null && editing !== 'new' ? (types[editing.index] ?? null) : null;
  const others = current ? types.filter((d) => d !== current) : types;
  const full = types.length >= MAX_DOC_TYPES;

  const move = (index: number, by: -1 | 1) => {
    const next = [...types];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };

  const save = (type: DocType) => {
    if (editing === 'new') onChange([...types, type]);
    else if (editing) onChange(types.map((d, i) => (i === editing.index ? type : d)));
    setEditing(null);
  };

  const remove = () => {
    if (editing && editing !== 'new') onChange(types.filter((_, i) => i !== editing.index));
    setEditing(null);
  };

  const en = locale.value === 'en';
  const label = (d: DocType) => (en ? d.en : d.zh);
  return (
    <Card
      flush
      title={t('filesAdmin.docTypes')}
      description={`${t('filesAdmin.docTypesHint')} ${full ? t('filesAdmin.tooManyTypes', { n: MAX_DOC_TYPES }) : t('filesAdmin.typeCount', { n: types.length })}`}
      actions={
        <Button size="sm" icon="plus" disabled={full} onClick={() => setEditing('new')}>
          {t('filesAdmin.addType')}
        </Button>
      }
    >
      <ol class="doctype-list" aria-label={t('filesAdmin.docTypes')}>
        {types.map((d, i) => (
          <li key={d.key} class="doctype-row">
            <span class="doctype-order" aria-hidden="true">
              {i + 1}
            </span>
            <div class="doctype-text">
              <span class="doctype-names">
                <span class="strong doctype-main" lang={en ? 'en' : 'zh-CN'}>
                  {en ? d.en : d.zh}
                </span>
                {savedKeys.has(d.key) ? null : <Badge tone="primary">{t('filesAdmin.newBadge')}</Badge>}
              </span>
              <span class="xsmall muted ellipsis">
                <span lang={en ? 'zh-CN' : 'en'}>{en ? d.zh : d.en}</span> · <span class="mono">{d.key}</span>
              </span>
            </div>
            <div class="doctype-actions">
              <Button size="sm" variant="ghost" icon="arrowUp" disabled={i === 0} aria-label={t('filesAdmin.moveUp', { name: label(d) })} onClick={() => move(i, -1)} />
              <Button
                size="sm"
                variant="ghost"
                icon="arrowDown"
                disabled={i === types.length - 1}
                aria-label={t('filesAdmin.moveDown', { name: label(d) })}
                onClick={() => move(i, 1)}
              />
              <Button size="sm" variant="ghost" icon="edit" aria-label={t('filesAdmin.editNamed', { name: label(d) })} onClick={() => setEditing({ index: i })} />
            </div>
          </li>
        ))}
      </ol>
      <DocTypeDialog
        open={editing !== null}
        type={current}
        keyLocked={current ? savedKeys.has(current.key) : false}
        others={others}
        canRemove={types.length > 1}
        onSave={save}
        onRemove={remove}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}
