// CRUD of organizations (issue 2 "HTTP API"). Routes translate JSON to the service and back; the
// rules (INN check digits, unique names, refusing to remove a used organization) are in the service.
import { Type } from 'typebox';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  Organization,
  OrganizationCreate,
  OrganizationList,
  OrganizationPatch,
  organizationJson,
} from '../schemas/organization.ts';

const tags = ['organizations'];

export const organizationRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.organizations;

  app.get(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'List organizations',
        response: { 200: OrganizationList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: service.list().map(organizationJson) }),
  );

  app.get(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Get an organization',
        params: IdParams,
        response: { 200: Organization, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => organizationJson(service.get(request.params.id)),
  );

  app.post(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organization',
        body: OrganizationCreate,
        response: { 201: Organization, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { name, inn, tax_system } = request.body;
      const created = service.create({ name, inn, taxSystem: tax_system }, auditContext(request));
      return reply.status(201).send(organizationJson(created));
    },
  );

  app.patch(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Change an organization (only the fields sent)',
        params: IdParams,
        body: OrganizationPatch,
        response: { 200: Organization, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { name, inn, tax_system } = request.body;
      const patch = { name, inn, taxSystem: tax_system };
      return organizationJson(service.update(request.params.id, patch, auditContext(request)));
    },
  );

  app.delete(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Remove an organization that has no sources or registers',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      service.remove(request.params.id, auditContext(request));
      return reply.status(204).send(null);
    },
  );
};
