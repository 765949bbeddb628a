// The user's own account: details, language, notifications, approval delegation, password, 2FA, devices, sign out.
import { t } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { signOut } from '../../state/session';
import { Button, ButtonLink, Card } from '../../ui';
import { DelegationCard } from '../forms/approvals/DelegationSummary';
import { PasswordCard } from './PasswordCard';
import { ProfileInfoCard } from './ProfileInfoCard';
import { SessionsCard } from './SessionsCard';
import { TotpCard } from './TotpCard';

export default function ProfilePage(_: RouteProps) {
  usePageTitle(t('nav.profile'));
  return (
    <div class="page profile-page">
      <div class="profile-grid">
        <div class="stack">
          <ProfileInfoCard />
          <Card title={t('profile.languageTitle')} description={t('profile.languageDesc')} actions={<LanguageSwitch />} />
          <Card
            title={t('notify.title')}
            description={t('notify.profileLinkDesc')}
            actions={
              <ButtonLink href="/profile/notifications" icon="bell">
                {t('notify.profileLink')}
              </ButtonLink>
            }
          />
          <DelegationCard />
        </div>
        <div class="stack">
          <PasswordCard />
          <TotpCard />
          <SessionsCard />
        </div>
      </div>
      <div class="signout-row">
        <Button variant="danger-ghost" icon="logout" onClick={() => void signOut()}>
          {t('profile.signOut')}
        </Button>
      </div>
    </div>
  );
}
