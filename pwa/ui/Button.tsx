import type { ComponentChildren, ButtonHTMLAttributes } from 'preact';
import { Icon, type IconName } from './Icon';
import { Spinner } from './Spinner';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'danger-ghost';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'icon' | 'size' | 'loading'> {
  variant?: Variant;
  size?: 'md' | 'sm';
  icon?: IconName;
  loading?: boolean;
  block?: boolean;
  type?: 'button' | 'submit' | 'reset';
  disabled?: boolean;
  children?: ComponentChildren;
}

export function Button({ variant = 'secondary', size = 'md', icon, loading, block, type = 'button', disabled, children, class: cls, ...rest }: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, `btn-${size}`, block ? 'btn-block' : '', !children ? 'btn-icon-only' : '', cls ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type} class={classes} disabled={disabled || loading} aria-busy={loading ? 'true' : undefined} {...rest}>
      {loading ? <Spinner size={16} /> : icon ? <Icon name={icon} size={18} /> : null}
      {children ? <span class="btn-label">{children}</span> : null}
    </button>
  );
}

/** A link styled as a button (navigation, downloads). */
export function ButtonLink({
  href,
  variant = 'secondary',
  size = 'md',
  icon,
  download,
  children,
}: {
  href: string;
  variant?: Variant;
  size?: 'md' | 'sm';
  icon?: IconName;
  download?: string;
  children: ComponentChildren;
}) {
  return (
    <a class={`btn btn-${variant} btn-${size}`} href={href} download={download}>
      {icon ? <Icon name={icon} size={18} /> : null}
      <span class="btn-label">{children}</span>
    </a>
  );
}
