import type { ComponentChildren } from 'preact';

export type Tone = 'neutral' | 'primary' | 'success' | 'warning' | 'danger';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** A small count bubble (unread messages). Hidden at zero. */
export function CountBubble({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span class="count-bubble" aria-label={label}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
