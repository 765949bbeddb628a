// After a decision is committed: inbox notifications (zh-CN and en), realtime 'approvals.changed' to everyone
// whose lists changed, audit entries for withdrawals, transfers and escalations, and the finished hook.
import type { FastifyBaseLogger } from 'fastify';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { AuditService } from '../audit/index.js';
import type { LocalizedText } from '../inbox/index.js';
import type { Gateway } from '../gateway/index.js';
import { pendingApprovers, type Effect, type FlowState, type HistoryEvent, type NotifyKind } from './forms.engine.js';

export interface Outcome {
  id: string;
  /** zh: 韩雪的请假申请; en: 韩雪's 请假申请. */
  title: { 'zh-CN': string; en: string };
  summary: string;
  initiatorId: string;
  before: FlowState | null;
  after: FlowState;
  events: HistoryEvent[];
  effects: Effect[];
  actor: { id: string; displayName: string; ip?: string } | null;
}

export interface NotifyDeps {
  gateway: Pick<Gateway, 'deliver'>;
  hub: RealtimeHub;
  audit: AuditService;
  log: FastifyBaseLogger;
  onFinished: (id: string, status: 'approved' | 'rejected' | 'withdrawn') => void;
  nameOf: (userId: string) => string;
}

const KIND: Record<NotifyKind, { kind: string; zh: string; en: string; high?: true }> = {
  pending: { kind: 'approval.pending', zh: '待审批', en: 'To approve' },
  cc: { kind: 'approval.cc', zh: '抄送', en: 'For your information' },
  approved: { kind: 'approval.approved', zh: '已通过', en: 'Approved' },
  rejected: { kind: 'approval.rejected', zh: '已驳回', en: 'Rejected' },
  returned: { kind: 'approval.returned', zh: '已退回修改', en: 'Returned for changes' },
  withdrawn: { kind: 'approval.withdrawn', zh: '已撤回', en: 'Withdrawn' },
  urge: { kind: 'approval.urge', zh: '催办', en: 'Please approve soon', high: true },
  remind: { kind: 'approval.remind', zh: '审批超时提醒', en: 'Waiting for your approval', high: true },
  escalated: { kind: 'approval.escalated', zh: '超时转交给你', en: 'Escalated to you', high: true },
  transferred: { kind: 'approval.transferred', zh: '转交给你审批', en: 'Transferred to you' },
  commented: { kind: 'approval.comment', zh: '新评论', en: 'New comment' },
};

/** The event behind a notification kind, for its comment (the body says why). */
const EVENT_OF: Partial<Record<NotifyKind, HistoryEvent['type']>> = {
  rejected: 'rejected', returned: 'returned', withdrawn: 'withdrawn', transferred: 'transferred', commented: 'commented',
};

const AUDITED: Partial<Record<HistoryEvent['type'], string>> = {
  withdrawn: 'forms.submission.withdrawn', transferred: 'forms.approval.transferred', escalated: 'forms.approval.escalated',
};

export function createNotifier(d: NotifyDeps) {
  function body(o: Outcome, kind: NotifyKind): LocalizedText {
    const type = EVENT_OF[kind];
    const event = type ? o.events.findLast((e) => e.type === type) : undefined;
    const who = event?.actorId ? d.nameOf(event.actorId) : null;
    if (event?.comment && who) return { 'zh-CN': `${who}：${event.comment}`, en: `${who}: ${event.comment}` };
    return o.summary;
  }

  return {
    deliver(o: Outcome): void {
      try {
        for (const effect of o.effects) {
          const k = KIND[effect.kind];
          const to = effect.userIds.filter((id) => id !== o.actor?.id);
          if (!to.length) continue;
          d.gateway.deliver(to, {
            category: 'approval',
            kind: k.kind,
            title: { 'zh-CN': `${k.zh}：${o.title['zh-CN']}`, en: `${k.en}: ${o.title.en}` },
            body: body(o, effect.kind),
            link: `/forms/s/${o.id}`,
            urgency: k.high ? 'high' : 'normal',
            source: { type: 'submission', id: o.id },
          });
        }
        const affected = new Set<string>([o.initiatorId, ...(o.before ? pendingApprovers(o.before) : []), ...pendingApprovers(o.after)]);
        for (const e of o.effects) for (const id of e.userIds) affected.add(id);
        for (const userId of affected) d.hub.publish({ topic: `user:${userId}`, name: 'approvals.changed', data: { submissionId: o.id } });
        for (const e of o.events) {
          const event = AUDITED[e.type];
          if (!event) continue;
          d.audit.record({
            event,
            actor: e.actorId ? (o.actor && o.actor.id === e.actorId ? o.actor : { id: e.actorId, displayName: d.nameOf(e.actorId) }) : null,
            ip: o.actor?.ip ?? null,
            target: { type: 'submission', id: o.id, name: o.title['zh-CN'] },
            details: { ...(e.targetUserId ? { to: e.targetUserId, toName: d.nameOf(e.targetUserId) } : {}), ...(e.onBehalfOf ? { onBehalfOf: e.onBehalfOf } : {}), ...(e.stepIndex !== undefined ? { step: e.stepIndex } : {}) },
          });
        }
      } catch (err) {
        // The decision is committed; a failed notification must not turn it into an error for the person.
        d.log.error({ err, event: 'forms.notify_failed', submissionId: o.id }, 'approval notification failed');
      }
      const was = o.before?.status ?? null;
      const now = o.after.status;
      if (was !== now && (now === 'approved' || now === 'rejected' || now === 'withdrawn')) {
        try {
          d.onFinished(o.id, now);
        } catch (err) {
          d.log.error({ err, event: 'forms.finish_hook_failed', submissionId: o.id }, 'finished hook failed');
        }
      }
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
