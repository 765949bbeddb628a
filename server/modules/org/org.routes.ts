import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can, canAnywhere, type CurrentUser } from '../../core/request-context.js';
import { CommonErrors } from '../../lib/errors.js';
import {
  ChartNodeSchema, Department, DepartmentCreate, DepartmentPatch, IdParams, PeopleQuery, Person, PersonCreate, PersonPatch, Position, PositionCreate, RoleGrantInput,
} from './org.dto.js';
import { accessPersonForManage, assertCanPlaceIn } from './org.access.js';
import { PERMISSIONS } from './org.permissions.js';
import type { OrgService } from './org.service.js';

/** Account security details (lock, 2FA) are for those who manage the person and for the person themselves. */
const forViewer = (user: CurrentUser, p: Person): Person =>
  p.id === user.id || can(user, PERMISSIONS.peopleManage, p.departmentId) ? p : { ...p, lockedUntil: null, totpEnabled: false };

const actorOf = (user: CurrentUser | null, ip: string) => (user ? { id: user.id, displayName: user.displayName, ip } : null);

export const orgRoutes: FastifyPluginAsyncTypebox<{ org: OrgService }> = async (app, { org }) => {
  const tags = ['org'];

  app.get('/api/org/departments', {
    schema: { tags, summary: 'All departments (flat; parentId builds the tree)', response: { 200: Type.Object({ items: Type.Array(Department) }) } },
    handler: async () => ({ items: org.listDepartments() }),
  });
  app.post('/api/org/departments', {
    config: { permission: PERMISSIONS.orgManage },
    schema: { tags, body: DepartmentCreate, response: { 201: Department } },
    handler: async (req, reply) => reply.code(201).send(org.createDepartment(req.body, actorOf(req.user, req.ip))),
  });
  app.patch('/api/org/departments/:id', {
    config: { permission: PERMISSIONS.orgManage },
    schema: { tags, params: IdParams, body: DepartmentPatch, response: { 200: Department } },
    handler: async (req) => org.updateDepartment(req.params.id, req.body, actorOf(req.user, req.ip)),
  });
  app.delete('/api/org/departments/:id', {
    config: { permission: PERMISSIONS.orgManage },
    schema: { tags, params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      org.deleteDepartment(req.params.id, actorOf(req.user, req.ip));
      return reply.code(204).send(null);
    },
  });

  app.get('/api/org/positions', {
    schema: { tags, response: { 200: Type.Object({ items: Type.Array(Position) }) } },
    handler: async () => ({ items: org.listPositions() }),
  });
  app.post('/api/org/positions', {
    config: { permission: PERMISSIONS.orgManage },
    schema: { tags, body: PositionCreate, response: { 201: Position } },
    handler: async (req, reply) => reply.code(201).send(org.createPosition(req.body, actorOf(req.user, req.ip))),
  });

  app.get('/api/org/chart', {
    schema: { tags, summary: 'The org chart as a tree with heads and members', response: { 200: Type.Object({ roots: Type.Array(ChartNodeSchema) }) } },
    handler: async () => ({ roots: org.chart() }),
  });

  app.get('/api/org/people', {
    schema: { tags, summary: 'Staff directory', querystring: PeopleQuery, response: { 200: Type.Object({ items: Type.Array(Person), nextCursor: Type.Union([Type.String(), Type.Null()]) }) } },
    handler: async (req) => {
      const user = req.user!;
      const includeInactive = req.query.includeInactive && canAnywhere(user, PERMISSIONS.peopleManage);
      const page = org.listPeople({ ...req.query, includeInactive });
      return { ...page, items: page.items.map((p) => forViewer(user, p)) };
    },
  });
  app.get('/api/org/people/:id', {
    schema: { tags, params: IdParams, response: { 200: Person } },
    handler: async (req) => {
      const person = org.person(req.params.id);
      if (!person || (!person.active && !can(req.user!, PERMISSIONS.peopleManage, person.departmentId))) throw CommonErrors.notFound('Person not found');
      return forViewer(req.user!, person);
    },
  });
  app.post('/api/org/people', {
    config: { permission: PERMISSIONS.peopleManage, idempotency: 'no-replay' },
    schema: { tags, body: PersonCreate, response: { 201: Type.Object({ person: Person, initialPassword: Type.String() }) } },
    handler: async (req, reply) => {
      const user = req.user!;
      assertCanPlaceIn(user, req.body.departmentId);
      const wantsRoles = req.body.roles?.some((r) => r.role !== 'staff');
      if (wantsRoles && !can(user, PERMISSIONS.rolesManage)) throw CommonErrors.forbidden('Only administrators can grant roles');
      return reply.code(201).send(await org.createPerson(req.body, actorOf(user, req.ip)));
    },
  });
  app.patch('/api/org/people/:id', {
    config: { permission: PERMISSIONS.peopleManage },
    schema: { tags, params: IdParams, body: PersonPatch, response: { 200: Person } },
    handler: async (req) => {
      accessPersonForManage(org, req.user!, req.params.id);
      if (req.body.departmentId !== undefined) assertCanPlaceIn(req.user!, req.body.departmentId);
      return org.updatePerson(req.params.id, req.body, actorOf(req.user, req.ip));
    },
  });
  app.put('/api/org/people/:id/roles', {
    config: { permission: PERMISSIONS.rolesManage },
    schema: { tags, params: IdParams, body: Type.Object({ roles: Type.Array(RoleGrantInput, { maxItems: 10 }) }, { additionalProperties: false }), response: { 200: Person } },
    handler: async (req) => {
      accessPersonForManage(org, req.user!, req.params.id);
      return org.setRoles(req.params.id, req.body.roles, actorOf(req.user, req.ip));
    },
  });
  app.post('/api/org/people/:id/reset-password', {
    config: { permission: PERMISSIONS.peopleManage, idempotency: 'no-replay' },
    schema: { tags, params: IdParams, response: { 200: Type.Object({ initialPassword: Type.String() }) } },
    handler: async (req) => {
      accessPersonForManage(org, req.user!, req.params.id);
      return { initialPassword: await org.resetPassword(req.params.id, actorOf(req.user, req.ip)) };
    },
  });
  app.post('/api/org/people/:id/unlock', {
    config: { permission: PERMISSIONS.peopleManage },
    schema: { tags, params: IdParams, response: { 200: Person } },
    handler: async (req) => {
      accessPersonForManage(org, req.user!, req.params.id);
      return org.unlock(req.params.id, actorOf(req.user, req.ip));
    },
  });
};
