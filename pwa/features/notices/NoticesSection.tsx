// /notices/*: my notices, one notice (with its confirmation), its edit history and roster, the publisher's list,
// and composing. Each page is its own lazy chunk.
import { useEffect } from 'preact/hooks';
import { Routes, lazyPage, type RouteProps } from '../../layout/routing';
import { hookNoticesRealtime } from './notices-state';
import './notices.css';

const NoticesHome = lazyPage(() => import('./list/NoticesHome'));
const NoticePage = lazyPage(() => import('./detail/NoticePage'));
const VersionsPage = lazyPage(() => import('./detail/VersionsPage'));
const ManagedPage = lazyPage(() => import('./manage/ManagedPage'));
const ComposePage = lazyPage(() => import('./compose/ComposePage'));
const RosterPage = lazyPage(() => import('./roster/RosterPage'));

/** /notices/new and /notices/:id/edit share the page; a new id (after the first save) is the same page. */
function ComposeRoute({ id }: RouteProps & { id?: string }) {
  return <ComposePage id={id} />;
}

export default function NoticesSection(_: RouteProps) {
  useEffect(hookNoticesRealtime, []);
  return (
    <div class="nt-section">
      <Routes>
        <NoticesHome path="/" />
        <ManagedPage path="/manage" />
        <ComposeRoute path="/new" />
        <ComposeRoute path="/:id/edit" />
        <RosterPage path="/:id/roster" />
        <VersionsPage path="/:id/versions" />
        <NoticePage path="/:id" />
        <NoticesHome default />
      </Routes>
    </div>
  );
}
