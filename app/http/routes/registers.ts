// CRUD of register configuration (issue 2 "HTTP API"). The device password is write-only. The live
// status and the shift actions are separate routes of the pipeline.
import { Type } from 'typebox';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext, requireRegisterAccess } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import {
  REGISTER_DEFAULTS,
  Register,
  RegisterCreate,
  RegisterList,
  RegisterPatch,
  registerJson,
} from '../schemas/register.ts';

const tags = ['registers'];

export const registerRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.registers;

  app.get(
    '/registers',
    {
      schema: {
        tags,
        summary: 'List registers',
        response: { 200: RegisterList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: service.list().map(registerJson) }),
  );

  app.get(
    '/registers/:id',
    {
      schema: {
        tags,
        summary: 'Get the configuration of a register',
        params: IdParams,
        response: { 200: Register, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireRegisterAccess(request, deps, request.params.id);
      return registerJson(service.get(request.params.id));
    },
  );

  app.post(
    '/registers',
    {
      schema: {
        tags,
        summary: 'Add a register',
        body: RegisterCreate,
        response: { 201: Register, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const created = service.create(
        {
          organizationId: body.organization_id,
          name: body.name,
          driver: body.driver ?? REGISTER_DEFAULTS.driver,
          host: body.host,
          port: body.port ?? REGISTER_DEFAULTS.port,
          protocol: body.protocol ?? REGISTER_DEFAULTS.protocol,
          password: body.password ?? REGISTER_DEFAULTS.password,
          timezone: body.timezone ?? REGISTER_DEFAULTS.timezone,
          electronicOnly: body.electronic_only ?? REGISTER_DEFAULTS.electronicOnly,
          enabled: body.enabled ?? REGISTER_DEFAULTS.enabled,
          cashierName: body.cashier_name ?? REGISTER_DEFAULTS.cashierName,
          cashierInn: body.cashier_inn ?? null,
        },
        auditContext(request),
      );
      return reply.status(201).send(registerJson(created));
    },
  );

  app.patch(
    '/registers/:id',
    {
      schema: {
        tags,
        summary: 'Change a register (only the fields sent; the organization and driver are fixed)',
        params: IdParams,
        body: RegisterPatch,
        response: { 200: Register, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const body = request.body;
      const patch = {
        name: body.name,
        host: body.host,
        port: body.port,
        protocol: body.protocol,
        password: body.password,
        timezone: body.timezone,
        electronicOnly: body.electronic_only,
        enabled: body.enabled,
        cashierName: body.cashier_name,
        cashierInn: body.cashier_inn,
      };
      return registerJson(service.update(request.params.id, patch, auditContext(request)));
    },
  );

  app.delete(
    '/registers/:id',
    {
      schema: {
        tags,
        summary: 'Remove a register that has no fiscal history',
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
