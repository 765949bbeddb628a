import type { ComponentChildren } from 'preact';
import { Icon } from './Icon';

/** An inline message inside a form or card (errors, notices). */
export function Alert({ tone = 'danger', title, children }: { tone?: 'danger' | 'warning' | 'info' | 'success'; title?: string; children?: ComponentChildren }) {
  const icon = tone === 'success' ? 'check' : tone === 'info' ? 'info' : 'alert';
  return (
    <div class={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon name={icon} size={18} />
      <div class="grow">
        {title ? <p class="alert-title">{title}</p> : null}
        {children ? <div class="alert-body">{children}</div> : null}
      </div>
    </div>
  );
}
