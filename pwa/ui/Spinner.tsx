import { t } from '../i18n';

export function Spinner({ size = 20, label }: { size?: number; label?: string }) {
  return (
    <span class="spinner" role="status" aria-label={label ?? t('common.loading')} style={{ width: size, height: size }}>
      <span class="spinner-ring" aria-hidden="true" />
    </span>
  );
}

/** A centred spinner for a region that is still loading. */
export function LoadingBlock({ label }: { label?: string }) {
  return (
    <div class="loading-block">
      <Spinner size={24} label={label} />
    </div>
  );
}
