// Small pieces shared by the approvals pages: a form's icon tile and a submission's status chip.
import { t, tMaybe } from '../../../i18n';
import { Badge, Icon, isIconName, type IconName } from '../../../ui';
import type { SubmissionStatus } from './api-approvals';
import { STATUS_TONE } from './approvals-format';

/** Template and builder icon names mapped onto the app's icon set. */
const ALIASES: Record<string, IconName> = {
  leave: 'calendar',
  date: 'calendar',
  calendar: 'calendar',
  equipment: 'package',
  box: 'package',
  package: 'package',
  signup: 'users',
  users: 'users',
  seal: 'stamp',
  stamp: 'stamp',
  vehicle: 'car',
  car: 'car',
  circulation: 'forward',
  document: 'file',
  form: 'file',
  file: 'file',
  money: 'tag',
  print: 'printer',
  printer: 'printer',
  meeting: 'video',
  notice: 'megaphone',
  checklist: 'checklist',
  building: 'building',
  clock: 'clock',
  edit: 'edit',
};

const TONES = ['blue', 'orange', 'green', 'purple', 'teal', 'amber', 'rose'] as const;

/** One colour per icon, so the ready-made forms side by side in 发起申请 each get their own. */
const ICON_TONE: Partial<Record<IconName, (typeof TONES)[number]>> = {
  calendar: 'blue',
  file: 'orange',
  car: 'teal',
  package: 'amber',
  checklist: 'purple',
  stamp: 'rose',
  users: 'green',
  forward: 'green',
  tag: 'orange',
  printer: 'blue',
  video: 'teal',
  megaphone: 'amber',
  building: 'purple',
  clock: 'rose',
};

function toneOf(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return TONES[h % TONES.length]!;
}

/** The app icon a form's icon key stands for ('leave' and 'calendar' are the same picture). */
export function formIconName(icon: string): IconName | undefined {
  const key = icon.trim();
  return ALIASES[key] ?? (isIconName(key) ? key : undefined);
}

/** A form's icon on a coloured tile: a known icon name, an emoji or character the builder chose, or a file. */
export function FormIcon({ icon, size = 'md' }: { icon: string; size?: 'sm' | 'md' | 'lg' }) {
  const key = icon.trim();
  const name = formIconName(key);
  const iconSize = size === 'lg' ? 26 : size === 'sm' ? 16 : 20;
  const glyphOnly = !name && key && !/^[\x00-\x7f]+$/.test(key);
  // The tone follows the picture, not the key, so a form keeps its colour whichever alias it was saved with.
  const tone = (name && ICON_TONE[name]) || toneOf(name ?? (key || 'file'));
  return (
    <span class={`form-icon form-icon-${size} form-tone-${tone}`} aria-hidden="true">
      {name ? <Icon name={name} size={iconSize} /> : glyphOnly ? <span class="form-icon-glyph">{[...key].slice(0, 2).join('')}</span> : <Icon name="file" size={iconSize} />}
    </span>
  );
}

export function StatusChip({ status }: { status: SubmissionStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{tMaybe(`forms.approvals.status.${status}`) ?? status}</Badge>;
}

/** "代 X 审批" next to a delegate's decision. */
export function OnBehalf({ name }: { name: string }) {
  return <span class="appr-behalf">{t('forms.approvals.onBehalfOf', { name })}</span>;
}
