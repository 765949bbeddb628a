import { t, type MessageKey } from '../i18n';
import { Icon, type IconName } from '../ui';

const POINTS: { icon: IconName; title: MessageKey; text: MessageKey }[] = [
  { icon: 'file', title: 'showcase.docsTitle', text: 'showcase.docsText' },
  { icon: 'stamp', title: 'showcase.approvalsTitle', text: 'showcase.approvalsText' },
  { icon: 'megaphone', title: 'showcase.noticesTitle', text: 'showcase.noticesText' },
  { icon: 'shield', title: 'showcase.safeTitle', text: 'showcase.safeText' },
];

/** The left-hand panel of the sign-in page on wide screens: what xiaoban is, in four lines. */
export function Showcase() {
  return (
    <section class="showcase" aria-labelledby="showcase-title">
      <h2 id="showcase-title" class="showcase-title">
        {t('showcase.title')}
      </h2>
      <p class="showcase-sub">{t('showcase.subtitle')}</p>
      <ul class="showcase-list">
        {POINTS.map((p) => (
          <li key={p.icon}>
            <span class="showcase-icon" aria-hidden="true">
              <Icon name={p.icon} size={20} />
            </span>
            <span>
              <span class="showcase-point">{t(p.title)}</span>
              <span class="showcase-text">{t(p.text)}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
