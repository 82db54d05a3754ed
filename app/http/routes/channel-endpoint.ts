// The payment channels' own endpoint (translator mode, docs/integrations.md "Payment channels"):
// GET or POST /channel/<slug> with the parameters in the query or an urlencoded body, answered in the
// channel's protocol (OSMP/QIWI or Sberbank №1 XML), never in our JSON. The caller is authenticated by
// the channel itself (IP list, Basic auth, secret: app/channels/channel-auth.ts).
// Logging: the secret travels as a parameter, so fastify's request lines (which carry the URL with its
// query) are switched off for this route (logLevel warn) and one line per notification is written
// without the parameters.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteModule } from '../api-types.ts';

const FORM = 'application/x-www-form-urlencoded';

function flatten(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (source === null || typeof source !== 'object') return out;
  for (const [key, value] of Object.entries(source)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
    else if (typeof first === 'number') out[key] = String(first);
  }
  return out;
}

function xmlError(reply: FastifyReply, status: number, comment: string): FastifyReply {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n<result>300</result>\n<CODE>300</CODE>\n<comment>${comment}</comment>\n</response>\n`;
  return reply.status(status).type('text/xml; charset=utf-8').send(body);
}

export const channelEndpointRoutes: RouteModule = async (app, deps) => {
  // This scope only: the channel's parameters as an urlencoded body (QIWI and Sberbank may POST).
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, route: '/channel/:slug' }, 'channel request failed');
    return xmlError(reply, status, status >= 500 ? 'внутренняя ошибка' : 'неверный запрос');
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = Date.now();
    const { slug } = request.params as { slug: string };
    const params = { ...flatten(request.query), ...flatten(request.body) };
    const answer = await deps.channels.gateway.handle({
      slug,
      params,
      ip: request.ip,
      authorization: request.headers.authorization,
    });
    deps.logger.info(
      { module: 'channels', ...answer.summary, ms: Date.now() - started },
      'channel notification',
    );
    return reply.status(answer.status).type(answer.contentType).send(answer.body);
  };
  // GET and POST alike (both protocols allow either); logLevel warn keeps the query out of the log.
  const options = { logLevel: 'warn' as const, schema: { hide: true } };
  app.get('/channel/:slug', options, handler);
  app.post('/channel/:slug', options, handler);
};
