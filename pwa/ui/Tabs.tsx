import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface TabItem {
  id: string;
  label: ComponentChildren;
}

/** In-page tabs (role="tablist", arrow keys move between tabs). */
export function Tabs({ items, value, onChange, label }: { items: TabItem[]; value: string; onChange: (id: string) => void; label: string }) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = items.findIndex((it) => it.id === value);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % items.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onChange(items[next]!.id);
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {items.map((it) => (
        <button
          key={it.id}
          type="button"
          role="tab"
          class="tab"
          aria-selected={it.id === value}
          tabIndex={it.id === value ? 0 : -1}
          onClick={() => onChange(it.id)}
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}

/** Section navigation that looks like tabs but is made of links (admin sub-pages). */
export function TabLinks({ items, current, label }: { items: { href: string; label: ComponentChildren }[]; current: string; label: string }) {
  const navRef = useRef<HTMLElement>(null);
  // On a phone the row scrolls sideways: bring the current section into view (sideways only, not the page).
  useEffect(() => {
    const nav = navRef.current;
    const link = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !link) return;
    const n = nav.getBoundingClientRect();
    const l = link.getBoundingClientRect();
    if (l.left < n.left || l.right > n.right) nav.scrollLeft += l.left - n.left - (n.width - l.width) / 2;
  }, [current, items.length]);
  return (
    <nav class="tabs tabs-links" aria-label={label} ref={navRef}>
      {items.map((it) => (
        <a key={it.href} href={it.href} class="tab" aria-current={current === it.href ? 'page' : undefined}>
          {it.label}
        </a>
      ))}
    </nav>
  );
}
