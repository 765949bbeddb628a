import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './Icon';

export function EmptyState({ icon = 'inbox', title, description, action }: { icon?: IconName; title: string; description?: string; action?: ComponentChildren }) {
  return (
    <div class="empty">
      <div class="empty-icon">
        <Icon name={icon} size={28} />
      </div>
      <p class="empty-title">{title}</p>
      {description ? <p class="empty-desc">{description}</p> : null}
      {action ? <div class="empty-action">{action}</div> : null}
    </div>
  );
}
