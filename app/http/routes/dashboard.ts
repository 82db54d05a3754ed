// The dashboard (issue 3): GET /dashboard once, GET /events as a Server-Sent Events stream that sends it
// on connect and again after every change (paced by DashboardFeed), with a comment line every 20 s
// (DashboardFeed.pingMs) so proxies and the browser keep an idle stream open.
import type { ServerResponse } from 'node:http';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { ApiError } from '../errors.ts';
import { errorResponses } from '../schemas/common.ts';
import type { DashboardJson } from '../schemas/operations.ts';
import { Dashboard } from '../schemas/operations.ts';

function sseEvent(dashboard: DashboardJson): string {
  return `event: dashboard\ndata: ${JSON.stringify(dashboard)}\n\n`;
}

export const dashboardRoutes: RouteModule = async (app: ApiInstance, deps) => {
  const open = new Set<ServerResponse>();
  // app.close() waits for every connection to end, and a stream never ends by itself.
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });

  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Registers, the unfinished queue and today’s receipts (today in the box time zone)',
        response: { 200: Dashboard, ...errorResponses(401, 403) },
      },
    },
    async () => deps.dashboard.build(),
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Server-Sent Events: `event: dashboard` with the dashboard on connect and after changes',
        description:
          'text/event-stream. Each `dashboard` event carries the GET /dashboard body as its data; updates ' +
          'come at most once a second, and a `: ping` comment every 20 seconds. 503 too_many_streams when ' +
          'too many are open.',
        response: errorResponses(401, 403, 503),
      },
    },
    async (request, reply) => {
      const feed = deps.dashboardFeed;
      const raw = reply.raw;
      const write = (text: string) => {
        if (!raw.writableEnded) raw.write(text);
      };
      const detach = feed.attach((dashboard) => write(sseEvent(dashboard)));
      if (!detach) {
        throw new ApiError(
          'too_many_streams',
          `${feed.maxStreams} live streams are open already; close a browser tab or try again later`,
        );
      }
      // From here on fastify does not answer for us: the stream is written by hand until it closes.
      reply.hijack();
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      open.add(raw);
      const ping = setInterval(() => write(': ping\n\n'), feed.pingMs);
      const close = () => {
        clearInterval(ping);
        detach();
        open.delete(raw);
      };
      raw.on('close', close);
      try {
        write(sseEvent(deps.dashboard.build()));
      } catch (error) {
        request.log.error({ err: error }, 'the dashboard could not be built');
        raw.end();
      }
    },
  );
};
