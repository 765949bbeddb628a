import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './Icon';

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  /** Extra element after the label (a count bubble). */
  extra?: ComponentChildren;
}

function isActive(item: NavItem, path: string): boolean {
  return item.href === '/' ? path === '/' : path === item.href || path.startsWith(`${item.href}/`);
}

/**
 * The frame of every signed-in page: a sidebar on desktop (≥768 px), a bottom tab bar on phones,
 * a top bar with the page title and actions. Purely presentational: the caller passes everything in.
 */
export function AppShell({
  brand,
  subtitle,
  nav,
  path,
  title,
  headerActions,
  sidebarFooter,
  banner,
  navLabel,
  skipLabel,
  children,
}: {
  brand: string;
  subtitle?: string;
  nav: NavItem[];
  path: string;
  title: string;
  headerActions?: ComponentChildren;
  sidebarFooter?: ComponentChildren;
  banner?: ComponentChildren;
  navLabel: string;
  skipLabel: string;
  children: ComponentChildren;
}) {
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {skipLabel}
      </a>
      <aside class="sidebar">
        <div class="sidebar-brand">
          <span class="brand-mark" aria-hidden="true">
            校
          </span>
          <div class="grow">
            <div class="brand-name">{brand}</div>
            {subtitle ? <div class="brand-sub ellipsis">{subtitle}</div> : null}
          </div>
        </div>
        <nav class="sidebar-nav" aria-label={navLabel}>
          {nav.map((item) => (
            <a key={item.href} href={item.href} class="sidebar-link" aria-current={isActive(item, path) ? 'page' : undefined}>
              <Icon name={item.icon} />
              <span class="grow">{item.label}</span>
              {item.extra}
            </a>
          ))}
        </nav>
        {sidebarFooter ? <div class="sidebar-foot">{sidebarFooter}</div> : null}
      </aside>
      <div class="shell-main">
        <header class="topbar">
          <div class="topbar-brand" aria-hidden="true">
            <span class="brand-mark brand-mark-sm">校</span>
          </div>
          <p class="topbar-title ellipsis">{title}</p>
          <div class="topbar-actions">{headerActions}</div>
        </header>
        {banner}
        <main id="main" class="shell-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <nav class="tabbar" aria-label={navLabel}>
        {nav.map((item) => (
          <a key={item.href} href={item.href} class="tabbar-link" aria-current={isActive(item, path) ? 'page' : undefined}>
            <span class="tabbar-icon">
              <Icon name={item.icon} size={22} />
              {item.extra}
            </span>
            <span class="tabbar-label">{item.label}</span>
          </a>
        ))}
      </nav>
    </div>
  );
}
