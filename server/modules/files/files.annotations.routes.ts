// HTTP side of document annotations (contract: files.dto.ts; access and notifications: files.annotations.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AnnotationsService } from './files.annotations.js';
import { Annotation, AnnotationCreate, AnnotationList, AnnotationPatch, Id, ReplyCreate } from './files.dto.js';

const IdParams = Type.Object({ id: Id });
const AssignedQuery = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], { default: 'open' })) },
  { additionalProperties: false },
);

export const annotationRoutes: FastifyPluginAsyncTypebox<{ annotations: AnnotationsService }> = async (app, { annotations }) => {
  const tags = ['files'];

  app.get('/api/files/nodes/:id/annotations', {
    schema: { tags, summary: 'Annotations of all versions of a file, oldest first', params: IdParams, response: { 200: AnnotationList } },
    handler: async (req) => ({ items: annotations.list(req.user!, req.params.id) }),
  });

  app.post('/api/files/nodes/:id/annotations', {
    schema: { tags, summary: 'Annotate a page of a file version (view access is enough)', params: IdParams, body: AnnotationCreate, response: { 201: Annotation } },
    handler: async (req, reply) => reply.code(201).send(annotations.create(req.user!, req.params.id, req.body)),
  });

  app.get('/api/files/annotations/assigned', {
    schema: { tags, summary: 'Annotations assigned to me, newest first', querystring: AssignedQuery, response: { 200: AnnotationList } },
    handler: async (req) => ({ items: annotations.assigned(req.user!, req.query.status ?? 'open') }),
  });

  app.patch('/api/files/annotations/:id', {
    schema: { tags, summary: 'Edit the text, reassign, resolve or reopen an annotation', params: IdParams, body: AnnotationPatch, response: { 200: Annotation } },
    handler: async (req) => annotations.update(req.user!, req.params.id, req.body),
  });

  app.delete('/api/files/annotations/:id', {
    schema: { tags, summary: 'Delete an annotation with its replies (author or manager)', params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      annotations.remove(req.user!, req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/files/annotations/:id/replies', {
    schema: { tags, summary: 'Reply to an annotation', params: IdParams, body: ReplyCreate, response: { 201: Annotation } },
    handler: async (req, reply) => reply.code(201).send(annotations.reply(req.user!, req.params.id, req.body.body)),
  });
};
