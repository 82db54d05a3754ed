// POST /registers/test-connection (issue 3): the register form's "test connection" button. A device
// that does not answer is an answer too: 200 with ok=false and the driver's error code and message.
import { testConnection } from '../../registers/connection-test.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { errorResponses } from '../schemas/common.ts';
import { TestConnectionBody, TestConnectionResult } from '../schemas/operations.ts';
import { deviceStatusJson } from '../schemas/register-status.ts';

export const registerConnectionRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const logger = deps.logger.child({ module: 'connection-test' });

  app.post(
    '/registers/test-connection',
    {
      schema: {
        tags: ['registers'],
        summary: 'Connect to a device, read its status and disconnect (nothing is saved)',
        description:
          'Answers within about 10 seconds. A device that refuses or does not answer gives ok=false with ' +
          'the driver error code (timeout, connection_lost, bad_password, …); 4xx only for a malformed request.',
        body: TestConnectionBody,
        response: { 200: TestConnectionResult, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { driver, host, port, protocol, password } = request.body;
      const result = await testConnection(
        { driver, host, port, protocol, ...(password === undefined ? {} : { password }) },
        logger,
      );
      return result.ok ? { ok: true as const, device: deviceStatusJson(result.status) } : result;
    },
  );
};
