// The register's lifecycle actions (issue 4): preparing an FN replacement. Scheduled work (status poll,
// shift close) has no route: it runs by itself (app/lifecycle/).
import { isFiscalError } from '../../../drivers/fiscal-error.ts';
import { describeError } from '../../pipeline/failure-policy.ts';
import { RegisterUnavailableError } from '../../registers/register-operations.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError, notFound } from '../errors.ts';
import { auditContext } from '../principal.ts';
import { errorResponses, IdParams } from '../schemas/common.ts';
import { FnReplacementResult, fnReplacementJson } from '../schemas/lifecycle.ts';

export const registerLifecycleRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.post(
    '/registers/:id/fn-replacement/prepare',
    {
      schema: {
        tags: ['registers'],
        summary:
          'Close the shift (Z-report) and tell whether the FN may be replaced (nothing unsent to the OFD)',
        params: IdParams,
        response: { 200: FnReplacementResult, ...errorResponses(400, 401, 403, 404, 409, 502) },
      },
    },
    async (request) => {
      const id = request.params.id;
      if (!deps.repositories.registers.getById(id)) throw notFound('register', id);
      try {
        return fnReplacementJson(await deps.fnReplacement.prepare(id, auditContext(request)));
      } catch (error) {
        if (error instanceof RegisterUnavailableError)
          throw new ApiError('register_unavailable', error.message);
        if (isFiscalError(error)) throw new ApiError('device_error', describeError(error).message);
        throw error;
      }
    },
  );
};
