// The HTTP part every billing fake shares: a real server on 127.0.0.1 port 0 that logs each request
// and can be scripted to be down (refusing connections, resetting them, or answering the billing's
// "temporary error"), slow, or to lose an answer after the billing-specific handler has acted on it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** What the billing-specific handler decides: an answer, or act and then drop the connection. */
export type FakeOutcome = FakeReply | 'lose';

/** refuse: nothing listens; reset: connections are dropped unanswered; temporary: the billing's own "try later". */
export type FakeDownMode = 'refuse' | 'reset' | 'temporary';

export interface FakeHttpServer {
  /** http://127.0.0.1:<port> */
  base: string;
  port: number;
  down(mode?: FakeDownMode): Promise<void>;
  up(): Promise<void>;
  /** Answers (to requests `only` picks; all by default) wait this long after being acted on (0 = none). */
  delay(ms: number, only?: (request: FakeRequest) => boolean): void;
  /** While set, every request gets this raw answer and nothing is acted on (garbage, HTML pages…). */
  replyWith(reply: FakeReply | undefined): void;
  requests(): FakeRequest[];
  close(): Promise<void>;
}

/** The server's knobs as each billing fake hands them to its test (everything but base and port). */
export type FakeServerControls = Omit<FakeHttpServer, 'base' | 'port'>;

export function serverControls(server: FakeHttpServer): FakeServerControls {
  const { down, up, delay, replyWith, requests, close } = server;
  return { down, up, delay, replyWith, requests, close };
}

export async function startFakeHttpServer(
  handle: (request: FakeRequest) => FakeOutcome | Promise<FakeOutcome>,
  temporaryReply: () => FakeReply,
): Promise<FakeHttpServer> {
  const log: FakeRequest[] = [];
  let downMode: FakeDownMode | undefined;
  let delayMs = 0;
  let delayOnly: ((request: FakeRequest) => boolean) | undefined;
  let rawReply: FakeReply | undefined;
  const sockets = new Set<Socket>();

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const request: FakeRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      log.push(request);
      if (downMode === 'reset') {
        incoming.socket.destroy();
        return;
      }
      let outcome: FakeOutcome;
      try {
        if (rawReply) outcome = rawReply;
        else outcome = downMode === 'temporary' ? temporaryReply() : await handle(request);
      } catch (error) {
        outcome = { status: 500, body: String(error), contentType: 'text/plain' };
      }
      if (delayMs > 0 && (delayOnly?.(request) ?? true))
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (outcome === 'lose') {
        incoming.socket.destroy();
        return;
      }
      response.writeHead(outcome.status, {
        'content-type': outcome.contentType ?? 'text/xml; charset=utf-8',
        ...outcome.headers,
      });
      response.end(outcome.body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;

  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });

  return {
    base: `http://127.0.0.1:${port}`,
    port,
    async down(mode = 'refuse') {
      downMode = mode;
      if (mode === 'refuse') await stopListening();
    },
    async up() {
      downMode = undefined;
      if (!server.listening) await listen(server, port);
    },
    delay(ms, only) {
      delayMs = ms;
      delayOnly = only;
    },
    replyWith(reply) {
      rawReply = reply;
    },
    requests: () => [...log],
    close: stopListening,
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Checks a Basic Authorization header against the expected user and password. */
export function basicAuthMatches(request: FakeRequest, username: string, password: string): boolean {
  const header = request.headers.authorization ?? '';
  const expected = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return header === expected;
}
