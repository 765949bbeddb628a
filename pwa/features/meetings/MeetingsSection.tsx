// /meetings/*: my meetings (list, week, past), scheduling and editing, one meeting. Each page is its own lazy
// chunk. /meetings/:id/room (the live room) is its own route, registered before this section in app.tsx.
import { Routes, lazyPage, type RouteProps } from '../../layout/routing';
import './meetings.css';

const MeetingsHome = lazyPage(() => import('./home/MeetingsHome'));
const SchedulePage = lazyPage(() => import('./edit/SchedulePage'));
const MeetingPage = lazyPage(() => import('./detail/MeetingPage'));

function ScheduleRoute({ id }: RouteProps & { id?: string }) {
  return <SchedulePage id={id} />;
}

export default function MeetingsSection(_: RouteProps) {
  return (
    <div class="mt-section">
      <Routes>
        <MeetingsHome path="/" />
        <ScheduleRoute path="/new" />
        <ScheduleRoute path="/:id/edit" />
        <MeetingPage path="/:id" />
        <MeetingsHome default />
      </Routes>
    </div>
  );
}
