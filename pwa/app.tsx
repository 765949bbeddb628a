// Routing and the sign-in gate. Only the shell and the sign-in page are in the first download;
// every other page is a lazy chunk.
import { LocationProvider, useLocation } from 'preact-iso';
import { LoginPage } from './features/auth/LoginPage';
import { t } from './i18n';
import { MainLayout } from './layout/MainLayout';
import { PublicLayout } from './layout/PublicLayout';
import { UpdatePrompt } from './layout/UpdatePrompt';
import { PageBoundary, Redirect, Routes, lazyPage, type RouteProps } from './layout/routing';
import { bootState, isAdmin, me, setupStatus } from './state/session-signals';
import { EmptyState, Spinner, ToastHost } from './ui';

const SetupPage = lazyPage(() => import('./features/setup/SetupPage'));
const ForcedPasswordPage = lazyPage(() => import('./features/auth/ForcedPasswordPage'));
const TotpEnrolPage = lazyPage(() => import('./features/auth/TotpEnrolPage'));
const HomePage = lazyPage(() => import('./features/home/HomePage'));
const InboxPage = lazyPage(() => import('./features/inbox/InboxPage'));
const ProfilePage = lazyPage(() => import('./features/profile/ProfilePage'));
const NotifyPage = lazyPage(() => import('./features/profile/notify/NotifyPage'));
const AdminSection = lazyPage(() => import('./features/admin/AdminSection'));
const FilesSection = lazyPage(() => import('./features/files/FilesSection'));
const FormsSection = lazyPage(() => import('./features/forms/FormsSection'));
const NoticesSection = lazyPage(() => import('./features/notices/NoticesSection'));
const MeetingsSection = lazyPage(() => import('./features/meetings/MeetingsSection'));
const MeetingRoomPage = lazyPage(() => import('./features/meetings/room/RoomPage'));
const MeetingRecordingsPage = lazyPage(() => import('./features/meetings/recordings/RecordingsPage'));

/** The meeting room fills the screen: no navigation shell around it. */
const ROOM_PATH = /^\/meetings\/[^/]+\/room\/?$/;

function Splash() {
  return (
    <div class="splash">
      <span class="brand-mark brand-mark-lg" aria-hidden="true">
        校
      </span>
      <Spinner size={22} />
    </div>
  );
}

function NotFound(_: RouteProps) {
  return (
    <div class="page">
      <EmptyState icon="search" title={t('notFound.title')} description={t('notFound.description')} action={<a href="/">{t('notFound.home')}</a>} />
    </div>
  );
}

function SignedInRoutes() {
  return (
    <MainLayout>
      <PageBoundary>
        <Routes>
          <HomePage path="/" />
          <InboxPage path="/inbox" />
          <FilesSection path="/files" />
          <FilesSection path="/files/*" />
          <FormsSection path="/forms" />
          <FormsSection path="/forms/*" />
          <NoticesSection path="/notices" />
          <NoticesSection path="/notices/*" />
          <MeetingRecordingsPage path="/meetings/:id/recordings" />
          <MeetingsSection path="/meetings" />
          <MeetingsSection path="/meetings/*" />
          <ProfilePage path="/profile" />
          <NotifyPage path="/profile/notifications" />
          {/* "/admin/*" does not match a bare /admin (the sidebar's link): AdminSection redirects it to the first allowed tab. */}
          {isAdmin.value ? <AdminSection path="/admin" /> : <NotFound path="/admin" />}
          {isAdmin.value ? <AdminSection path="/admin/*" /> : <NotFound path="/admin/*" />}
          <Redirect path="/login" to="/" />
          <Redirect path="/setup" to="/" />
          <NotFound default />
        </Routes>
      </PageBoundary>
    </MainLayout>
  );
}

function Gate() {
  const { path, url } = useLocation();
  if (bootState.value === 'loading') return <Splash />;

  if (setupStatus.value?.needsSetup) {
    if (path !== '/setup') return <Redirect to="/setup" />;
    return (
      <Routes>
        <SetupPage path="/setup" />
      </Routes>
    );
  }

  const current = me.value;
  if (!current) {
    if (path === '/login') return <LoginPage />;
    const next = path === '/' || path === '/setup' ? '' : `?next=${encodeURIComponent(url)}`;
    return <Redirect to={`/login${next}`} />;
  }

  if (current.mustChangePassword || current.mustEnrollTotp) {
    return (
      <PublicLayout schoolName={current.school.name}>
        <Routes>
          {current.mustChangePassword ? <ForcedPasswordPage default /> : <TotpEnrolPage default />}
        </Routes>
      </PublicLayout>
    );
  }
  if (ROOM_PATH.test(path)) {
    return (
      <PageBoundary>
        <Routes>
          <MeetingRoomPage path="/meetings/:id/room" />
        </Routes>
      </PageBoundary>
    );
  }
  return <SignedInRoutes />;
}

export function App() {
  return (
    <LocationProvider scope={/^\/(?!api\/)/}>
      <PageBoundary>
        <Gate />
      </PageBoundary>
      <UpdatePrompt />
      <ToastHost />
    </LocationProvider>
  );
}
