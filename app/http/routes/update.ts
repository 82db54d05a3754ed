// Signed update bundles (docs/updates.md; docs/api.md "Updates"): upload, state, rollback. Admin only.
// The upload is the raw bundle (application/octet-stream, up to 256 MiB), streamed to disk — never
// buffered whole on a 1 GB box — so its routes live in a scope of their own with a stream "parser" that
// no other route sees (elsewhere an octet-stream body stays a 415).
import type { IncomingMessage } from 'node:http';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError } from '../errors.ts';
import { auditContext } from '../principal.ts';
import { errorResponses } from '../schemas/common.ts';
import {
  StagedUpdateSchema,
  stagedUpdateJson,
  UpdateStatusSchema,
  updateStatusJson,
} from '../schemas/update.ts';

const tags = ['update'];
const BUNDLE_TYPE = 'application/octet-stream';

export const updateRoutes: RouteModule = async (app: ApiInstance, deps) => {
  await app.register(async (scope) => {
    // The body is handed on as the request stream: the handler writes it to disk chunk by chunk.
    scope.addContentTypeParser(BUNDLE_TYPE, (_request, payload, done) => done(null, payload));

    scope.get(
      '/update',
      {
        schema: {
          tags,
          summary:
            'The running version, the releases on the box, a staged bundle and the installer’s last result',
          response: { 200: UpdateStatusSchema, ...errorResponses(401, 403) },
        },
      },
      async () => updateStatusJson(await deps.updates.status()),
    );

    scope.post(
      '/update',
      {
        schema: {
          tags,
          summary:
            'Upload a signed update bundle (.kbupdate) as application/octet-stream; it is verified and staged',
          description:
            'The installer (kassabox-update.service, root) verifies it again, backs the database up, switches the ' +
            'release and restarts KassaBox; it switches back when the new one does not become ready. Poll GET /update.',
          response: { 202: StagedUpdateSchema, ...errorResponses(401, 403, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        if (request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== BUNDLE_TYPE) {
          throw new ApiError('unsupported_media_type', `Send the bundle as ${BUNDLE_TYPE}.`);
        }
        const declared = request.headers['content-length'];
        const staged = await deps.updates.receive(
          request.body as IncomingMessage,
          declared === undefined ? undefined : Number(declared),
          auditContext(request),
        );
        return reply.status(202).send(stagedUpdateJson(staged));
      },
    );

    scope.post(
      '/update/rollback',
      {
        schema: {
          tags,
          summary:
            'Switch back to the previous release (only while it can read the database); the database is kept',
          response: { 202: UpdateStatusSchema, ...errorResponses(401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(202).send(updateStatusJson(await deps.updates.requestRollback(auditContext(request)))),
    );
  });
};
