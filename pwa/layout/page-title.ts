import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

export const pageTitle = signal('');

/** Sets the top-bar title and the document title for the current page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    pageTitle.value = title;
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
}
