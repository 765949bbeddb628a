import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { Icon } from './Icon';

/**
 * A modal dialog on the native <dialog> element: focus is trapped, Escape closes, the page behind is inert.
 * On phones it rises from the bottom as a sheet.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  wide,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  children: ComponentChildren;
  footer?: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `dlg-${useId()}`;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      class={`dialog ${wide ? 'dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open ? (
        <div class="dialog-inner">
          <header class="dialog-head">
            <div class="grow">
              <h2 id={titleId} class="dialog-title">
                {title}
              </h2>
              {description ? <p class="dialog-desc">{description}</p> : null}
            </div>
            <button type="button" class="icon-btn" aria-label={t('common.close')} onClick={onClose}>
              <Icon name="close" />
            </button>
          </header>
          <div class="dialog-body">{children}</div>
          {footer ? <footer class="dialog-foot">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
