// The school requires 2FA for this account: enrol before continuing.
import { t } from '../../i18n';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { refreshMe, signOut } from '../../state/session';
import { Button, toast } from '../../ui';
import { TotpSetupPanel } from './TotpSetupPanel';

export default function TotpEnrolPage(_: RouteProps) {
  usePageTitle(t('totp.enrolTitle'));
  return (
    <div class="auth-card auth-card-wide">
      <div class="auth-card-head">
        <h1>{t('totp.enrolTitle')}</h1>
        <p class="muted">{t('totp.enrolSubtitle')}</p>
      </div>
      <TotpSetupPanel
        onEnabled={() => {
          toast(t('totp.enabled'), 'success');
          void refreshMe();
        }}
      />
      <Button variant="ghost" block onClick={() => void signOut()}>
        {t('profile.signOut')}
      </Button>
    </div>
  );
}
