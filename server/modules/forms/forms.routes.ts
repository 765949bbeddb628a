// HTTP routes of form definitions: the catalogue (发起申请), templates, the builder (drafts, publishing,
// versions, archiving), the forms whose statistics I may see, the fill view, the route preview and the school
// calendar. Thin: access and rules live in forms.definitions.ts. The static paths are registered before
// /api/forms/:id.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CurrentUser } from '../../core/request-context.js';
import type { FormDefinitions } from './forms.definitions.js';
import {
  FormAdminSummary, FormCreate, FormDefinition, FormDraftSave, FormFill, FormSummary, FormVersionSummary, Id, RoutePreview, RoutePreviewRequest,
  SchoolCalendarDto, StatsFormSummary, TemplateSummary,
} from './forms.dto.js';

export interface FormRoutesOptions {
  definitions: FormDefinitions;
  /** The submissions part: live counts for capacities and the approval route a draft would take. */
  submissions: {
    liveCount(formId: string): number;
    preview(user: CurrentUser, formId: string, answers: Record<string, unknown>): RoutePreview;
  };
}

const IdParams = Type.Object({ id: Id });
const tags = ['forms'];

export const formRoutes: FastifyPluginAsyncTypebox<FormRoutesOptions> = async (app, o) => {
  const defs = o.definitions;
  const liveCount = (formId: string) => o.submissions.liveCount(formId);

  app.get('/api/forms', {
    schema: { tags, summary: 'Published forms I may submit (发起申请)', response: { 200: Type.Array(FormSummary) } },
    handler: async (req) => defs.catalogue(req.user!, liveCount),
  });
  app.get('/api/forms/templates', {
    schema: { tags, summary: 'The ready-made forms a new form can start from', response: { 200: Type.Array(TemplateSummary) } },
    handler: async () => defs.templates(),
  });
  app.get('/api/forms/manage', {
    schema: { tags, summary: 'Forms I manage, with their submission counts', response: { 200: Type.Array(FormAdminSummary) } },
    handler: async (req) => defs.managed(req.user!),
  });
  app.get('/api/forms/stats', {
    schema: {
      tags, summary: 'Forms whose statistics I may see: those I manage, those naming me as an admin, every form for holders of forms.stats',
      response: { 200: Type.Array(StatsFormSummary) },
    },
    handler: async (req) => defs.statsForms(req.user!),
  });
  app.get('/api/forms/calendar', {
    schema: { tags, summary: 'The school calendar: holidays and make-up working days (调休)', response: { 200: SchoolCalendarDto } },
    handler: async () => defs.calendar(),
  });
  app.put('/api/forms/calendar', {
    schema: { tags, summary: 'Replace the school calendar (school-wide form managers)', body: SchoolCalendarDto, response: { 200: SchoolCalendarDto } },
    handler: async (req) => defs.setCalendar(req.user!, req.body, { ip: req.ip }),
  });
  app.post('/api/forms', {
    schema: { tags, summary: 'Create a form (blank or from a template) as a draft', body: FormCreate, response: { 201: FormDefinition } },
    handler: async (req, reply) => reply.code(201).send(defs.create(req.user!, req.body, { ip: req.ip })),
  });

  app.get('/api/forms/:id', {
    schema: { tags, summary: 'A form as its managers edit it: the working draft and its problems', params: IdParams, response: { 200: FormDefinition } },
    handler: async (req) => defs.get(req.user!, req.params.id),
  });
  app.put('/api/forms/:id', {
    schema: { tags, summary: 'Save the working draft (publishing is separate)', params: IdParams, body: FormDraftSave, response: { 200: FormDefinition } },
    handler: async (req) => defs.save(req.user!, req.params.id, req.body, { ip: req.ip }),
  });
  app.post('/api/forms/:id/publish', {
    schema: { tags, summary: 'Publish the draft as the next version', params: IdParams, response: { 200: FormDefinition } },
    handler: async (req) => defs.publish(req.user!, req.params.id, { ip: req.ip }),
  });
  app.post('/api/forms/:id/archive', {
    schema: { tags, summary: 'Take the form out of the catalogue (running approvals continue)', params: IdParams, response: { 200: FormDefinition } },
    handler: async (req) => defs.archive(req.user!, req.params.id, { ip: req.ip }),
  });
  app.post('/api/forms/:id/restore', {
    schema: { tags, summary: 'Bring an archived form back', params: IdParams, response: { 200: FormDefinition } },
    handler: async (req) => defs.restore(req.user!, req.params.id, { ip: req.ip }),
  });
  app.get('/api/forms/:id/versions', {
    schema: { tags, summary: 'Published versions, newest first', params: IdParams, response: { 200: Type.Array(FormVersionSummary) } },
    handler: async (req) => defs.versions(req.user!, req.params.id),
  });
  app.get('/api/forms/:id/fill', {
    schema: { tags, summary: 'The published version to fill in, with the school calendar', params: IdParams, response: { 200: FormFill } },
    handler: async (req) => defs.fill(req.user!, req.params.id, liveCount),
  });
  app.post('/api/forms/:id/route-preview', {
    schema: { tags, summary: 'Who would approve these answers, step by step', params: IdParams, body: RoutePreviewRequest, response: { 200: RoutePreview } },
    handler: async (req) => o.submissions.preview(req.user!, req.params.id, req.body.answers),
  });
};
