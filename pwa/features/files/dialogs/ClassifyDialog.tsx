// 分类: document type (the school's list), department, project, school year and free tags.
import { useEffect, useId, useState } from 'preact/hooks';
import type { FileNode } from '../../../api/types';
import { locale, t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Dialog, Icon, Select, TextField } from '../../../ui';
import { departmentOptions } from '../../admin/use-departments';
import { filesApi } from '../files.api';
import { schoolYears } from '../files-format';
import { useFileDepartments, usePolicy } from '../files-state';

/** Chips plus a text box: Enter or a comma adds a tag, Backspace in the empty box removes the last one. */
function TagInput({ tags, onTags }: { tags: string[]; onTags: (tags: string[]) => void }) {
  const [text, setText] = useState('');
  const id = `tags-${useId()}`;
  const add = (raw: string) => {
    const parts = raw
      .split(/[,，、;；]/)
      .map((s) => s.trim())
      .filter((s) => s && s.length <= 40);
    const next = [...tags];
    for (const p of parts) if (!next.includes(p) && next.length < 20) next.push(p);
    onTags(next);
    setText('');
  };
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {t('files.classify.tags')}
      </label>
      <div class="tag-input">
        {tags.map((tag) => (
          <span class="tag-chip" key={tag}>
            {tag}
            <button type="button" aria-label={t('files.classify.removeTag', { tag })} onClick={() => onTags(tags.filter((x) => x !== tag))}>
              <Icon name="close" size={14} />
            </button>
          </span>
        ))}
        <input
          id={id}
          class="tag-input-box"
          value={text}
          placeholder={tags.length ? '' : t('files.classify.tagsPlaceholder')}
          onInput={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            if (/[,，、;；]/.test(v)) add(v);
            else setText(v);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (text.trim()) add(text);
            } else if (e.key === 'Backspace' && !text && tags.length) onTags(tags.slice(0, -1));
          }}
          onBlur={() => text.trim() && add(text)}
          maxLength={40}
          aria-describedby={`${id}-hint`}
        />
      </div>
      <div id={`${id}-hint`} class="field-hint">
        {t('files.classify.tagsHint')}
      </div>
    </div>
  );
}

export function ClassifyDialog({ node, onClose, onSaved }: { node: FileNode | null; onClose: () => void; onSaved: (n: FileNode) => void }) {
  const policy = usePolicy();
  const depts = useFileDepartments();
  const [docType, setDocType] = useState('');
  const [dept, setDept] = useState('');
  const [project, setProject] = useState('');
  const [year, setYear] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!node) return;
    setDocType(node.docType ?? '');
    setDept(node.departmentId ?? '');
    setProject(node.project ?? '');
    setYear(node.schoolYear ?? '');
    setTags(node.tags);
    setError(null);
  }, [node?.id]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!node) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await filesApi.patch(node.id, {
        docType: docType || null,
        departmentId: dept || null,
        project: project.trim() || null,
        schoolYear: year || null,
        tags,
      });
      onSaved(saved);
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const years = schoolYears();
  if (node?.schoolYear && !years.includes(node.schoolYear)) years.push(node.schoolYear);
  const docTypes = policy?.docTypes ?? [];
  return (
    <Dialog open={node !== null} onClose={onClose} title={t('files.classify.title')} description={node?.name}>
      <form class="stack" onSubmit={save} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <div class="form-grid">
          <Select
            label={t('files.classify.docType')}
            value={docType}
            onValue={setDocType}
            options={[{ value: '', label: t('files.classify.none') }, ...docTypes.map((d) => ({ value: d.key, label: locale.value === 'en' ? d.en : d.zh }))]}
          />
          <Select label={t('files.classify.department')} value={dept} onValue={setDept} options={departmentOptions(depts, t('files.classify.none'))} />
          <TextField label={t('files.classify.project')} value={project} onValue={setProject} maxLength={100} placeholder={t('files.classify.projectPlaceholder')} />
          <Select
            label={t('files.classify.schoolYear')}
            value={year}
            onValue={setYear}
            options={[{ value: '', label: t('files.classify.none') }, ...years.map((y) => ({ value: y, label: t('files.schoolYear', { from: y.slice(0, 4), to: y.slice(5) }) }))]}
          />
        </div>
        <TagInput tags={tags} onTags={setTags} />
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
