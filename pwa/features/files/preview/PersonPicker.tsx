// Search the staff directory and pick one person (to assign an annotation to).
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Person } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Avatar, Button, Spinner } from '../../../ui';
import { previewApi } from './preview.api';

export function PersonPicker({ label, onPick, onCancel }: { label: string; onPick: (p: Person) => void; onCancel: () => void }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    input.current?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(
      () => {
        previewApi
          .people(q.trim(), ctrl.signal)
          .then((res) => {
            setItems(res.items);
            setError(null);
          })
          .catch((e: unknown) => {
            if ((e as Error).name !== 'AbortError') setError(errorText(e));
          });
      },
      q ? 220 : 0,
    );
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  return (
    <div
      class="pv-picker"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div class="pv-picker-row">
        <label class="sr-only" for={`pp-${id}`}>
          {label}
        </label>
        <input
          id={`pp-${id}`}
          ref={input}
          class="input"
          type="search"
          value={q}
          placeholder={t('preview.searchPeople')}
          autoComplete="off"
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
        />
        <Button size="sm" variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
      {error ? <p class="field-error">{error}</p> : null}
      {!items && !error ? (
        <div class="pv-picker-wait">
          <Spinner size={18} />
        </div>
      ) : null}
      {items && items.length === 0 ? <p class="small muted pv-picker-none">{t('preview.peopleNone')}</p> : null}
      {items && items.length > 0 ? (
        <ul class="pv-picker-list" aria-label={label}>
          {items.map((p) => (
            <li key={p.id}>
              <button type="button" class="pv-person" onClick={() => onPick(p)}>
                <Avatar name={p.displayName} />
                <span class="grow">
                  <span class="pv-person-name">{p.displayName}</span>
                  <span class="pv-person-sub ellipsis">{[p.departmentName, p.positionName].filter(Boolean).join(' · ') || p.username}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
