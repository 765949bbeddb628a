// The card that opens where a note was placed or a highlight drawn: the text (needed for a note,
// optional for a highlight), optionally a person to assign it to, then save. A bottom sheet on phones.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Person } from '../../../api/types';
import { t } from '../../../i18n';
import { Button } from '../../../ui';
import { anchorOf } from './annotation-tools';
import { PersonPicker } from './PersonPicker';
import { PvIcon } from './preview-icons';
import { usePreview, type PendingMark } from './preview-store';

export function NoteEditor({ mark }: { mark: PendingMark }) {
  const store = usePreview();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<Person | null>(null);
  const [picking, setPicking] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const isNote = mark.shape.type === 'note';
  const at = anchorOf(mark.shape);
  const below = mark.shape.type === 'highlight' ? mark.shape.to.y : at.y;

  useEffect(() => {
    area.current?.focus({ preventScroll: true });
  }, []);

  const save = async () => {
    if (isNote && !text.trim()) {
      setError(t('preview.noteRequired'));
      area.current?.focus();
      return;
    }
    await store.savePending(text.trim(), assignee?.id ?? null);
  };

  const h = at.x < 0.3 ? 'start' : at.x > 0.7 ? 'end' : 'mid';
  const v = below > 0.62 ? 'above' : 'below';
  const top = v === 'below' ? below : mark.shape.type === 'highlight' ? mark.shape.from.y : at.y;

  return (
    <form
      class={`pv-editor pv-editor-${h} pv-editor-${v}`}
      style={{ left: `${at.x * 100}%`, top: `${top * 100}%` }}
      aria-label={isNote ? t('preview.newNote') : t('preview.newHighlight')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          store.pending.value = null;
        }
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
      }}
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => e.stopPropagation()}
    >
      <label class="pv-editor-label" for={`ed-${id}`}>
        <span class="pv-swatch" style={{ background: mark.colour }} aria-hidden="true" />
        {isNote ? t('preview.editorNote') : t('preview.editorHighlight')}
      </label>
      <textarea
        id={`ed-${id}`}
        ref={area}
        class="input pv-textarea"
        rows={3}
        maxLength={2000}
        value={text}
        placeholder={t('preview.notePlaceholder')}
        aria-invalid={error ? 'true' : undefined}
        onInput={(e) => {
          setText((e.currentTarget as HTMLTextAreaElement).value);
          setError(null);
        }}
      />
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {picking ? (
        <PersonPicker
          label={t('preview.assignee')}
          onPick={(p) => {
            setAssignee(p);
            setPicking(false);
          }}
          onCancel={() => setPicking(false)}
        />
      ) : (
        <div class="pv-editor-assign">
          {assignee ? (
            <span class="pv-chip">
              {t('preview.assignedTo', { name: assignee.displayName })}
              <button type="button" class="pv-chip-x" aria-label={t('preview.unassign')} onClick={() => setAssignee(null)}>
                ×
              </button>
            </span>
          ) : (
            <button type="button" class="link-btn pv-assign-link" onClick={() => setPicking(true)}>
              <PvIcon name="userPlus" size={16} />
              {t('preview.assignOptional')}
            </button>
          )}
        </div>
      )}
      <div class="pv-editor-actions">
        <span class="xsmall muted pv-editor-hint">{t('preview.editorHint')}</span>
        <Button size="sm" variant="ghost" onClick={() => (store.pending.value = null)}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="primary" type="submit" loading={store.saving.value}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
