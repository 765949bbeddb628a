import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { OfflineBanner } from './OfflineBanner';
import { LanguageSwitch } from './LanguageSwitch';
import { Showcase } from './Showcase';

/** Frame of the signed-out pages (sign-in, setup, forced steps): brand, language, one centred card. */
export function PublicLayout({
  children,
  wide,
  schoolName,
  showcase,
}: {
  children: ComponentChildren;
  wide?: boolean;
  schoolName?: string | null;
  /** The product panel beside the form on wide screens (sign-in page). */
  showcase?: boolean;
}) {
  return (
    <div class="public">
      <OfflineBanner />
      <header class="public-head">
        <div class="public-brand">
          <span class="brand-mark" aria-hidden="true">
            校
          </span>
          <div>
            <div class="brand-name">{t('app.name')}</div>
            <div class="brand-sub">{schoolName || t('app.tagline')}</div>
          </div>
        </div>
        <LanguageSwitch compact />
      </header>
      <main id="main" class={`public-main ${wide ? 'public-main-wide' : ''} ${showcase ? 'public-main-showcase' : ''}`}>
        {showcase ? <Showcase /> : null}
        {children}
      </main>
      <footer class="public-foot">{t('app.footer')}</footer>
    </div>
  );
}
