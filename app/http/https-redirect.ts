// A browser given the box's bare address tries http:// first. This listener only sends it on to the
// HTTPS port (308 keeps the method and body, so even a mistyped POST does not turn into a GET), and
// serves nothing else: no API over plain HTTP on the box, not even by accident.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpsRedirect {
  port: number;
  close(): Promise<void>;
}

export interface HttpsRedirectOptions {
  host: string;
  port: number;
  httpsPort: number;
  /** Used when a request has no Host header (HTTP/1.0). */
  fallbackHost: string;
}

// A host name, an IPv4 address or a bracketed IPv6 address, with an optional port: anything else in
// Host is refused rather than copied into a Location header.
const HOST_HEADER = /^(?<name>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export async function startHttpsRedirect(options: HttpsRedirectOptions): Promise<HttpsRedirect> {
  const server = createServer((request, response) => redirect(request, response, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => closeServer(server),
  };
}

export function httpsLocation(host: string, httpsPort: number, path: string): string {
  return `https://${host}${httpsPort === 443 ? '' : `:${httpsPort}`}${path.startsWith('/') ? path : '/'}`;
}

function redirect(request: IncomingMessage, response: ServerResponse, options: HttpsRedirectOptions): void {
  const match = HOST_HEADER.exec(request.headers.host ?? options.fallbackHost);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('cache-control', 'no-store');
  if (match?.groups === undefined) {
    response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('Bad Host header.\n');
    return;
  }
  const location = httpsLocation(match.groups.name!, options.httpsPort, request.url ?? '/');
  response.writeHead(308, { location, 'content-type': 'text/plain; charset=utf-8' });
  response.end(`KassaBox is served over HTTPS: ${location}\n`);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
