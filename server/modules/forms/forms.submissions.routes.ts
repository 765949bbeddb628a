// HTTP routes of submissions and approvals. Thin: schemas here, rules in forms.submissions.ts; a submission
// the caller does not take part in is the same 404 as a missing one. Mutations a phone may retry accept an
// Idempotency-Key (server/core/idempotency.ts answers a retry with the first response).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ActionRequest, ApprovalCounts, ApprovalListQuery, BatchApprove, BatchResult, DelegationAnswer, DelegationSet, Id, Resubmit, SubmissionCreate,
  SubmissionDetail, SubmissionPage,
} from './forms.dto.js';
import type { SubmissionsService } from './forms.submissions.js';

export interface SubmissionRoutesOptions {
  submissions: SubmissionsService;
}

const tags = ['approvals'];
const IdParams = Type.Object({ id: Id });
const Png = Type.Unsafe<unknown>({ type: 'string', format: 'binary' });

export const submissionRoutes: FastifyPluginAsyncTypebox<SubmissionRoutesOptions> = async (app, { submissions: s }) => {
  app.post('/api/forms/:id/submissions', {
    schema: {
      tags, summary: 'Submit answers to the published version of a form (starts its approval)',
      params: IdParams, body: SubmissionCreate, response: { 201: SubmissionDetail },
    },
    handler: async (req, reply) => reply.code(201).send(s.submit(req.user!, req.params.id, req.body, req.ip)),
  });

  app.get('/api/approvals', {
    schema: { tags, summary: 'A box: todo (waiting for me), done (I decided), mine (I submitted), cc (copied to me); newest first', querystring: ApprovalListQuery, response: { 200: SubmissionPage } },
    handler: async (req) => s.list(req.user!, req.query),
  });

  app.get('/api/approvals/counts', {
    schema: { tags, summary: 'Badge counts: waiting for me, my running and returned submissions, unread copies', response: { 200: ApprovalCounts } },
    handler: async (req) => s.counts(req.user!),
  });

  app.post('/api/approvals/batch', {
    schema: { tags, summary: 'Approve several submissions at once (forms that allow it); each succeeds or fails on its own', body: BatchApprove, response: { 200: BatchResult } },
    handler: async (req) => s.batchApprove(req.user!, req.body.ids, req.body.comment, req.ip),
  });

  app.get('/api/approvals/delegation', {
    schema: { tags, summary: 'Who approves for me while I am away', response: { 200: DelegationAnswer } },
    handler: async (req) => s.delegation(req.user!),
  });
  app.put('/api/approvals/delegation', {
    schema: { tags, summary: 'Set who approves for me between two school-local dates (inclusive)', body: DelegationSet, response: { 200: DelegationAnswer } },
    handler: async (req) => s.setDelegation(req.user!, req.body),
  });
  app.delete('/api/approvals/delegation', {
    schema: { tags, summary: 'Stop delegating', response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      s.clearDelegation(req.user!);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/submissions/:id', {
    schema: { tags, summary: 'One submission with its route, history and what I may do (opening it marks a copy read)', params: IdParams, response: { 200: SubmissionDetail } },
    handler: async (req) => s.detail(req.user!, req.params.id),
  });

  app.put('/api/submissions/:id', {
    schema: { tags, summary: 'Edit and resubmit a submission returned to me (a new approval round)', params: IdParams, body: Resubmit, response: { 200: SubmissionDetail } },
    handler: async (req) => s.resubmit(req.user!, req.params.id, req.body.answers, req.ip),
  });

  app.post('/api/submissions/:id/actions', {
    schema: {
      tags, summary: 'Approve, reject, return, transfer, add a signer, comment, withdraw or urge',
      params: IdParams, body: ActionRequest, response: { 200: SubmissionDetail },
    },
    handler: async (req) => s.act(req.user!, req.params.id, req.body, req.ip),
  });

  app.get('/api/submissions/:id/signatures/:historyId', {
    schema: {
      tags, summary: 'The handwritten signature of one decision (PNG)',
      params: Type.Object({ id: Id, historyId: Type.Integer({ minimum: 1 }) }), response: { 200: Png },
    },
    handler: async (req, reply) =>
      reply
        .header('content-type', 'image/png')
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(s.signature(req.user!, req.params.id, req.params.historyId)),
  });
};
