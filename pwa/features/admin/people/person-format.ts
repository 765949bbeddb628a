import type { Person } from '../../../api/types';
import { t } from '../../../i18n';
import type { Tone } from '../../../ui';

export function isLocked(p: Person, now = Date.now()): boolean {
  return !!p.lockedUntil && Date.parse(p.lockedUntil) > now;
}

export function personStatus(p: Person): { label: string; tone: Tone } {
  if (!p.active) return { label: t('people.status.inactive'), tone: 'neutral' };
  if (isLocked(p)) return { label: t('people.status.locked'), tone: 'danger' };
  return { label: t('people.status.active'), tone: 'success' };
}
