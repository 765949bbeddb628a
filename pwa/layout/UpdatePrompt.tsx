import { t } from '../i18n';
import { Button, Icon } from '../ui';
import { applyUpdate, updateReady } from '../state/update';

/** Shown when a new version is waiting. Reloading is the user's decision (they may be mid-form). */
export function UpdatePrompt() {
  if (!updateReady.value) return null;
  return (
    <div class="update-prompt" role="alertdialog" aria-labelledby="update-title" aria-describedby="update-desc">
      <Icon name="sparkle" size={20} />
      <div class="grow">
        <p id="update-title" class="update-title">
          {t('update.title')}
        </p>
        <p id="update-desc" class="update-desc">
          {t('update.description')}
        </p>
      </div>
      <div class="update-actions">
        <Button size="sm" variant="ghost" onClick={() => (updateReady.value = false)}>
          {t('update.later')}
        </Button>
        <Button size="sm" variant="primary" onClick={applyUpdate}>
          {t('update.reload')}
        </Button>
      </div>
    </div>
  );
}
