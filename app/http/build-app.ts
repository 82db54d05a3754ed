// The HTTP application as a function of its dependencies (STYLE: fastify/demo): no listen here, so
// tests drive it with app.inject and main decides where it listens. All API routes live under /api/v1.
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy.ts';
import type { RouteModule } from './api-types.ts';
import { installAuthentication, SESSION_COOKIE } from './authenticate.ts';
import { installErrorHandler } from './error-handler.ts';
import { PROTOCOL_ROUTE_MODULES, ROUTE_MODULES } from './routes/index.ts';
import { installSecurityHeaders, staticUi } from './static-ui.ts';
import { createValidatorCompiler } from './validation.ts';

export const API_PREFIX = '/api/v1';

export interface BuildAppOptions {
  /** Route modules mounted under /api/v1; every module of routes/index.ts by default. */
  routeModules?: readonly RouteModule[];
  /** Who may call which route; ACCESS_POLICY by default. Tests add entries for probe routes. */
  accessPolicy?: AccessPolicy;
  /** The built web UI served at `/`; deps.config.uiDir by default. */
  uiDir?: string;
  /** Serve HTTPS with this certificate and key (PEM); plain HTTP when absent. */
  https?: { cert: string; key: string };
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // The https server type differs from the http one only in its TLS socket; the routes see neither.
    ...((options.https ? { https: options.https } : {}) as object),
    // pino's Logger is a FastifyBaseLogger; the cast keeps FastifyInstance at its default logger type.
    loggerInstance: deps.logger.child({ module: 'http' }) as FastifyBaseLogger,
    // Appliance limits: our JSON bodies are small; a larger one is a mistake or an attack.
    bodyLimit: 1024 * 1024,
    exposeHeadRoutes: false,
    // Ids and tokens are case-sensitive, and a trailing slash is a different URL on purpose.
    routerOptions: { ignoreTrailingSlash: false },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ui = staticUi(options.uiDir ?? deps.config.uiDir);
  app.setValidatorCompiler(createValidatorCompiler());
  installErrorHandler(app, ui.notFound);
  installSecurityHeaders(app);
  // Bodies are JSON only: without this, fastify's built-in text/plain parser hands a string to the schema
  // and a client that forgot its Content-Type gets "must be an object" instead of 415.
  app.removeContentTypeParser('text/plain');
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'KassaBox API',
        version: deps.version,
        description: 'Payments to fiscal receipts. Reference for operators: docs/api.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiToken: { type: 'http', scheme: 'bearer', description: 'A source API token, kbx_…' },
          monitoringToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A monitoring token, kbm_…: GET /metrics only',
          },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
  });
  installAuthentication(app, deps, options.accessPolicy ?? ACCESS_POLICY);

  const modules = options.routeModules ?? ROUTE_MODULES;
  await app.register(
    async (api) => {
      for (const module of modules) await module(api, deps);
    },
    { prefix: API_PREFIX },
  );
  // Foreign protocols at their own URLs; each module is its own plugin scope, so its error answers
  // and body parsers (ATOL JSON errors, OSMP XML) stay inside it.
  for (const module of PROTOCOL_ROUTE_MODULES) {
    await app.register(async (scope) => module(scope, deps));
  }
  await ui.install(app);
  return app;
}
