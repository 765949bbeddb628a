// The field types to add, in groups: a tap (or Enter) adds one after the selected field; on desktop an item can
// also be dragged into place on the canvas.
import type { FieldType } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { PALETTE_GROUPS } from './builder-state';
import type { Dnd } from './dnd';
import { FieldIcon, typeName } from './field-meta';

export function FieldPalette({ onAdd, dnd }: { onAdd: (type: FieldType) => void; dnd?: Dnd }) {
  return (
    <nav class="fb-palette" aria-label={t('forms.builder.palette')}>
      {PALETTE_GROUPS.map((g) => (
        <section key={g.id} class="fb-pal-group" aria-labelledby={`fb-pal-${g.id}`}>
          <h3 id={`fb-pal-${g.id}`} class="fb-pal-title">
            {t(`forms.builder.group.${g.id}`)}
          </h3>
          <ul class="fb-pal-list">
            {g.types.map((type) => (
              <li key={type}>
                <button
                  type="button"
                  class="fb-pal-item"
                  aria-label={t('forms.builder.addType', { type: typeName(type) })}
                  // Touch scrolls the palette; mouse and pen may drag an item onto the canvas.
                  onPointerDown={dnd ? (e) => e.pointerType !== 'touch' && dnd.start(e, { kind: 'new', type }, typeName(type)) : undefined}
                  onClick={() => {
                    if (dnd?.wasDrag()) return;
                    onAdd(type);
                  }}
                >
                  <span class="fb-pal-icon">
                    <FieldIcon type={type} />
                  </span>
                  <span class="fb-pal-name">{typeName(type)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
