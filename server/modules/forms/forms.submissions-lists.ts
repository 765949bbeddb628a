// The four boxes (待我审批 / 我已审批 / 我发起的 / 抄送我的), their counts, and the caller's delegation while away.
// Boxes page newest first by submission id (ids are time-ordered), each driven by its own index.
import type { CurrentUser } from '../../core/request-context.js';
import type { Clock } from '../../lib/clock.js';
import { isValidDate } from '../../lib/workdays.js';
import type { AuditService } from '../audit/index.js';
import type { OrgService } from '../org/index.js';
import type { ApprovalCounts, ApprovalListQuery, Delegation, DelegationSet, SubmissionPage } from './forms.dto.js';
import type { FormsCatalog } from './forms.ports.js';
import type { SubmissionsRepo } from './forms.submissions-repo.js';
import { formLookups, listItem, peopleRefs } from './forms.submissions-view.js';
import { SubmissionErrors as E } from './forms.submissions.errors.js';

const CURSOR = /^[0-9a-z]{26}$/;

export interface ListsDeps {
  repo: SubmissionsRepo;
  org: OrgService;
  catalog: FormsCatalog;
  clock: Clock;
  audit: AuditService;
}

export function createLists(d: ListsDeps) {
  const { repo, org } = d;

  function delegationView(userId: string): { delegation: Delegation | null } {
    const row = repo.delegation(userId);
    if (!row) return { delegation: null };
    const p = org.personSummary(row.delegateId);
    return {
      delegation: {
        delegate: { id: row.delegateId, displayName: p?.displayName ?? row.delegateId, departmentName: p?.departmentName ?? null },
        startsOn: row.startsOn, endsOn: row.endsOn,
      },
    };
  }

  return {
    list(user: CurrentUser, q: ApprovalListQuery): SubmissionPage {
      if (q.cursor !== undefined && !CURSOR.test(q.cursor)) {
        throw E.badCursor(undefined, { errors: [{ pointer: '/query/cursor', message: 'Not a cursor from this list' }] });
      }
      const limit = q.limit ?? 30;
      const filter = { userId: user.id, formId: q.formId, status: q.status, before: q.cursor, limit: limit + 1 };
      const rows =
        q.box === 'todo' ? repo.todo(filter) : q.box === 'done' ? repo.done(filter) : q.box === 'mine' ? repo.mine(filter) : repo.ccBox(filter);
      const people = peopleRefs(org);
      const forms = formLookups(d.catalog);
      const items = rows.slice(0, limit).map((r) => listItem(r, q.box, people, forms));
      return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
    },

    counts: (user: CurrentUser): ApprovalCounts => repo.counts(user.id),

    delegation: (user: CurrentUser) => delegationView(user.id),

    /** While away (school-local dates, inclusive), approvals that become due go to the delegate. */
    setDelegation(user: CurrentUser, body: DelegationSet): { delegation: Delegation | null } {
      const errors: { pointer: string; message: string }[] = [];
      if (body.delegateId === user.id) errors.push({ pointer: '/delegateId', message: 'Choose someone other than yourself' });
      else if (!org.isActive(body.delegateId)) errors.push({ pointer: '/delegateId', message: 'Not an active member of staff' });
      if (!isValidDate(body.startsOn)) errors.push({ pointer: '/startsOn', message: 'Not a date' });
      if (!isValidDate(body.endsOn)) errors.push({ pointer: '/endsOn', message: 'Not a date' });
      else if (body.endsOn < body.startsOn) errors.push({ pointer: '/endsOn', message: 'Ends before it starts' });
      if (errors.length) throw E.delegationInvalid(errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
      repo.setDelegation(user.id, body.delegateId, body.startsOn, body.endsOn, d.clock.now().toISOString());
      d.audit.record({
        event: 'forms.delegation.set', actor: { id: user.id, displayName: user.displayName }, target: { type: 'user', id: body.delegateId, name: org.personSummary(body.delegateId)?.displayName ?? null },
        details: { startsOn: body.startsOn, endsOn: body.endsOn },
      });
      return delegationView(user.id);
    },

    clearDelegation(user: CurrentUser): void {
      if (repo.clearDelegation(user.id)) d.audit.record({ event: 'forms.delegation.cleared', actor: { id: user.id, displayName: user.displayName }, target: { type: 'user', id: user.id } });
    },
  };
}
