// A "more actions" menu: a popover under its button on desktop, an action sheet (the Dialog's bottom sheet) on phones.
// Keyboard: arrows move, Escape closes and returns focus to the button.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useIsDesktop } from '../../../layout/use-media';
import { Dialog, Icon, type IconName } from '../../../ui';

export interface MenuAction {
  id: string;
  label: string;
  icon: IconName;
  danger?: boolean;
  /** A link (downloads); otherwise onSelect runs. */
  href?: string;
  download?: boolean;
  onSelect?: () => void;
}

function Item({ action, close }: { action: MenuAction; close: () => void }) {
  const cls = `menu-item ${action.danger ? 'menu-item-danger' : ''}`;
  if (action.href) {
    return (
      <a role="menuitem" class={cls} href={action.href} download={action.download ? '' : undefined} onClick={close} tabIndex={-1}>
        <Icon name={action.icon} size={18} />
        <span>{action.label}</span>
      </a>
    );
  }
  return (
    <button
      type="button"
      role="menuitem"
      class={cls}
      tabIndex={-1}
      onClick={() => {
        close();
        action.onSelect?.();
      }}
    >
      <Icon name={action.icon} size={18} />
      <span>{action.label}</span>
    </button>
  );
}

export function ActionMenu({
  label,
  title,
  actions,
  icon = 'more',
  buttonLabel,
  buttonClass = 'icon-btn',
}: {
  /** Accessible name of the button, e.g. "更多操作：报告.docx". */
  label: string;
  /** Heading of the phone sheet. */
  title: string;
  actions: MenuAction[];
  icon?: IconName;
  /** Visible text (a labelled button instead of an icon). */
  buttonLabel?: string;
  buttonClass?: string;
}) {
  const desktop = useIsDesktop();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  /** Under the button, right-aligned, flipped above when there is no room below; kept on screen. */
  const place = () => {
    if (!button.current || !menu.current) return false;
    const b = button.current.getBoundingClientRect();
    if (b.bottom < 0 || b.top > window.innerHeight) return false;
    const m = menu.current.getBoundingClientRect();
    const below = b.bottom + 4 + m.height <= window.innerHeight - 8;
    const top = below ? b.bottom + 4 : Math.max(8, b.top - 4 - m.height);
    const left = Math.min(Math.max(8, b.right - m.width), window.innerWidth - m.width - 8);
    setPos({ top, left });
    return true;
  };

  useLayoutEffect(() => {
    if (!open || !desktop) return;
    place();
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open, desktop]);

  useEffect(() => {
    if (!open || !desktop) return;
    const onDown = (e: Event) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) close(false);
    };
    // The page moved under the menu (scrolling, a panel folding away): follow the button; close once it is gone.
    const follow = () => {
      if (!place()) close(false);
    };
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('resize', follow);
    window.addEventListener('scroll', follow, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('resize', follow);
      window.removeEventListener('scroll', follow, true);
    };
  }, [open, desktop]);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') close(false);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        class={buttonClass}
        aria-label={buttonLabel ? undefined : label}
        title={buttonLabel ? undefined : label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        <Icon name={icon} size={buttonLabel ? 18 : 20} />
        {buttonLabel ? <span class="btn-label">{buttonLabel}</span> : null}
      </button>
      {open && desktop ? (
        <div
          ref={menu}
          class="menu-popover"
          role="menu"
          aria-label={label}
          style={pos ? { top: `${pos.top}px`, left: `${pos.left}px` } : { visibility: 'hidden', top: 0, left: 0 }}
          onKeyDown={onKeyDown}
        >
          {actions.map((a) => (
            <Item key={a.id} action={a} close={() => close(!a.onSelect)} />
          ))}
        </div>
      ) : null}
      {!desktop ? (
        <Dialog open={open} onClose={() => close()} title={title}>
          <div class="menu-sheet" role="menu" aria-label={label} ref={menu} onKeyDown={onKeyDown}>
            {actions.map((a) => (
              <Item key={a.id} action={a} close={() => close(false)} />
            ))}
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
