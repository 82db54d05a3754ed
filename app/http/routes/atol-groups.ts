// ATOL Online groups (docs/api.md "ATOL Online"): what a billing integrated with ATOL Online is configured
// with — group code, login, password — and the source its documents are posted to. Staff read, admins
// change; the password is write-only. The rules are in app/atol-online/atol-group-service.ts.
import { Type } from 'typebox';
import type { AtolGroupRow } from '../../storage/atol-group-repository.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { auditContext } from '../principal.ts';
import {
  AtolGroup,
  AtolGroupCreate,
  type AtolGroupJson,
  AtolGroupList,
  AtolGroupPatch,
} from '../schemas/atol-group.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';

const tags = ['atol-groups'];

export function atolGroupJson(row: AtolGroupRow): AtolGroupJson {
  return {
    id: row.id,
    source_id: row.sourceId,
    group_code: row.groupCode,
    login: row.login,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

export const atolGroupRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const service = deps.atolOnline.groups;

  app.get(
    '/atol-groups',
    {
      schema: {
        tags,
        summary: 'List ATOL Online groups',
        response: { 200: AtolGroupList, ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: service.list().map(atolGroupJson) }),
  );

  app.get(
    '/atol-groups/:id',
    {
      schema: {
        tags,
        summary: 'Get an ATOL Online group',
        params: IdParams,
        response: { 200: AtolGroup, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => atolGroupJson(service.get(request.params.id)),
  );

  app.post(
    '/atol-groups',
    {
      schema: {
        tags,
        summary: 'Create an ATOL Online group for a source',
        description:
          'A billing integrated with ATOL Online v4 calls /possystem/v4/getToken with this login and password ' +
          'and registers documents at /possystem/v4/<group_code>/<operation>; they become payments of the source.',
        body: AtolGroupCreate,
        response: { 201: AtolGroup, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { source_id, group_code, login, password } = request.body;
      const created = await service.create(
        { sourceId: source_id, groupCode: group_code, login, password },
        auditContext(request),
      );
      return reply.status(201).send(atolGroupJson(created));
    },
  );

  app.patch(
    '/atol-groups/:id',
    {
      schema: {
        tags,
        summary: 'Change an ATOL Online group (only the fields sent)',
        description: 'A new login, password or group code ends the tokens issued so far.',
        params: IdParams,
        body: AtolGroupPatch,
        response: { 200: AtolGroup, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { group_code, login, password } = request.body;
      const patch = {
        ...(group_code === undefined ? {} : { groupCode: group_code }),
        ...(login === undefined ? {} : { login }),
        ...(password === undefined ? {} : { password }),
      };
      return atolGroupJson(await service.update(request.params.id, patch, auditContext(request)));
    },
  );

  app.delete(
    '/atol-groups/:id',
    {
      schema: {
        tags,
        summary: 'Remove an ATOL Online group that registered no documents',
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
