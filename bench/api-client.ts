// A minimal HTTP client for the benchmarks: node:http over a keep-alive agent, so the load generator
// costs as little CPU as possible next to the server it measures (fetch/undici costs several times more
// per request). Only ever talks to 127.0.0.1.
import { Agent, request } from 'node:http';

export interface ApiResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Abort the request after this long; default 30 s. */
  timeoutMs?: number;
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly agent: Agent;

  /** `sockets`: how many requests may be in flight at once, each on its own kept-alive connection. */
  constructor(baseUrl: string, sockets = 64) {
    this.baseUrl = baseUrl;
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string | number> = { ...options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        { method, headers, agent: this.agent, timeout: options.timeoutMs ?? 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Sends and insists on `expected`; answers the parsed JSON body. */
  async json<T>(method: string, path: string, expected: number, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status !== expected) {
      throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${response.body}`);
    }
    return JSON.parse(response.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
