// ATOL Online v4 on the box's own URLs (protocol routes, outside /api/v1; docs/integrations.md):
//   GET|POST /possystem/v4/getToken              {login, pass} → {error: null, token, timestamp}
//   POST     /possystem/v4/<group_code>/<operation>  (sell, sell_refund, sell_correction, buy, buy_refund,
//            buy_correction) → {uuid, status: 'wait', error: null, timestamp}
//   GET      /possystem/v4/<group_code>/report/<uuid> → the report (app/atol-online/atol-report.ts)
// The token travels in the `Token` header or the `token` query parameter (API_atol_online_v4.pdf;
// anphsw/abills:Abills/modules/Extreceipt/API/Atol.pm sends `-H "Token: …"`). Our cookies and kbx_ tokens
// mean nothing here: access-policy.ts marks these routes `protocol`, and this module authenticates.
// Every failure answers in ATOL's shape (atol-errors.ts) from this scope's own error handler.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AtolError, atolErrors } from '../../atol-online/atol-errors.ts';
import { isAtolOperation } from '../../atol-online/atol-request.ts';
import { atolTime } from '../../atol-online/atol-time.ts';
import type { AppDeps } from '../../deps.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';

const PREFIX = '/possystem/v4';

// getToken by GET carries the password in the query, and any request may carry ?token=: the request
// log of these routes shows the path only.
const options = {
  schema: { hide: true },
  logSerializers: {
    req: (request: FastifyRequest) => {
      const [path = '', query] = request.url.split('?');
      return { method: request.method, url: query === undefined ? path : `${path}?[redacted]` };
    },
  },
};

function atolErrorOf(error: unknown): AtolError {
  if (error instanceof AtolError) return error;
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return atolErrors.unsupportedMediaType('ожидается application/json; charset=utf-8');
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return atolErrors.badRequest('Тело запроса больше 1 МБ.');
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    // Bad JSON, an empty JSON body, a bad URL encoding: the request itself is unreadable.
    return atolErrors.badRequest('Тело запроса не является корректным JSON.');
  }
  return atolErrors.server();
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.token;
  if (typeof header === 'string') return header.trim();
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

function credentialsOf(source: unknown): { login: string; pass: string } {
  const body = (typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['login', 'pass']) {
    if (typeof body[key] !== 'string' || body[key] === '') problems.push(`#/${key}: обязательное поле`);
  }
  if (problems.length > 0) throw atolErrors.validation(problems);
  return { login: body.login as string, pass: body.pass as string };
}

export const atolOnlineRoutes: RouteModule = async (app: ApiInstance, deps: AppDeps) => {
  const service = deps.atolOnline.protocol;
  const timestamp = () => atolTime(deps.clock.now(), deps.settings.read().timezone);

  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const atol = atolErrorOf(error);
    if (atol.httpStatus >= 500) request.log.error({ err: error }, 'ATOL Online request failed');
    else request.log.info({ code: atol.code, text: atol.message }, 'ATOL Online request refused');
    return reply.status(atol.httpStatus).send({
      ...(atol.status === undefined ? {} : { status: atol.status }),
      error: atol.json(),
      timestamp: timestamp(),
    });
  });

  const getToken = async (credentials: unknown, ip: string) => {
    const { login, pass } = credentialsOf(credentials);
    return service.getToken(login, pass, ip);
  };
  app.get(`${PREFIX}/getToken`, options, async (request) => getToken(request.query, request.ip));
  app.post(`${PREFIX}/getToken`, options, async (request) => getToken(request.body, request.ip));

  app.post(`${PREFIX}/:group_code/:operation`, options, async (request) => {
    const { group_code: groupCode, operation } = request.params as { group_code: string; operation: string };
    const group = service.authenticate(tokenOf(request), groupCode);
    if (!isAtolOperation(operation)) throw atolErrors.operationNotSupported(operation);
    return service.register(group, operation, request.body);
  });

  // Any other URL under the prefix (a base URL configured without its final slash, a v5 path): ATOL's
  // JSON, not the web UI's page, so the billing's log says what is wrong.
  const unknownUrl = async (request: FastifyRequest, reply: FastifyReply) => {
    const error = atolErrors.badRequest(
      `Нет такого адреса: ${request.method} ${request.url.split('?')[0]}; адреса протокола v4: ${PREFIX}/getToken, ` +
        `${PREFIX}/<group_code>/<operation>, ${PREFIX}/<group_code>/report/<uuid>.`,
    );
    return reply.status(404).send({ error: error.json(), timestamp: timestamp() });
  };
  app.get(`${PREFIX}/*`, options, unknownUrl);
  app.post(`${PREFIX}/*`, options, unknownUrl);

  app.get(`${PREFIX}/:group_code/report/:uuid`, options, async (request) => {
    const { group_code: groupCode, uuid } = request.params as { group_code: string; uuid: string };
    const group = service.authenticate(tokenOf(request), groupCode);
    return service.report(group, uuid);
  });
};
