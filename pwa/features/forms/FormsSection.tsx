// /forms/*: approvals (boxes, one submission, delegation), filling in a form, managing forms and their
// statistics. Each page is its own lazy chunk.
import { useEffect } from 'preact/hooks';
import { Routes, lazyPage, type RouteProps } from '../../layout/routing';
import { hookApprovalsRealtime } from './approvals/approvals-state';
import './forms.css';

const ApprovalsHome = lazyPage(() => import('./approvals/ApprovalsHome'));
const SubmissionPage = lazyPage(() => import('./approvals/SubmissionPage'));
const DelegationPage = lazyPage(() => import('./approvals/DelegationPage'));
const FillPage = lazyPage(() => import('./fill/FillPage'));
const ManagePage = lazyPage(() => import('./builder/ManagePage'));
const CalendarPage = lazyPage(() => import('./builder/CalendarPage'));
const BuilderPage = lazyPage(() => import('./builder/BuilderPage'));
const StatsPage = lazyPage(() => import('./stats/StatsPage'));

/** /forms/new/:formId — a new submission. */
function NewRoute({ formId }: RouteProps & { formId?: string }) {
  return <FillPage formId={formId ?? ''} />;
}

/** /forms/s/:id/edit — the initiator edits a returned submission and resubmits it. */
function EditRoute({ id }: RouteProps & { id?: string }) {
  return <FillPage submissionId={id ?? ''} />;
}

function BuilderRoute({ id }: RouteProps & { id?: string }) {
  return <BuilderPage id={id ?? ''} />;
}

function StatsRoute({ formId }: RouteProps & { formId?: string }) {
  return <StatsPage formId={formId ?? ''} />;
}

export default function FormsSection(_: RouteProps) {
  useEffect(hookApprovalsRealtime, []);
  return (
    <div class="forms-section">
      <Routes>
        <ApprovalsHome path="/" />
        <NewRoute path="/new/:formId" />
        <SubmissionPage path="/s/:id" />
        <EditRoute path="/s/:id/edit" />
        <DelegationPage path="/delegation" />
        <ManagePage path="/manage" />
        <CalendarPage path="/manage/calendar" />
        <BuilderRoute path="/manage/:id" />
        <StatsRoute path="/stats/:formId" />
        <ApprovalsHome default />
      </Routes>
    </div>
  );
}
