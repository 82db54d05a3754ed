// Closed-loop load: `clients` concurrent billing clients, each posting its next payment as soon as the
// previous one was answered, until `count` payments were sent or the time budget is spent. Every
// external_id is new, so every answer should be 201 (a durable insert), never an idempotent 200.
import type { ApiClient } from './api-client.ts';

export interface PaymentLoadOptions {
  client: ApiClient;
  token: string;
  count: number;
  clients: number;
  /** Stop starting new requests after this long. */
  maxSeconds: number;
  /** Makes external_ids unique across runs against one database. */
  externalIdPrefix: string;
}

export interface PaymentLoadResult {
  sent: number;
  seconds: number;
  /** Latency of every request that was answered 201, in ms. */
  latenciesMs: number[];
  /** How many answers had each status; 0 counts transport errors. */
  statuses: Record<string, number>;
  firstError: string | undefined;
}

export async function postPayments(options: PaymentLoadOptions): Promise<PaymentLoadResult> {
  const { client, token, count, clients } = options;
  const headers = { authorization: `Bearer ${token}` };
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;

  const oneClient = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next++;
      const body = {
        external_id: `${options.externalIdPrefix}-${index}`,
        account: `${100000 + (index % 90000)}`,
        amount_kopecks: 10_000 + (index % 5000),
        method: 'electronic',
      };
      const t0 = performance.now();
      let status = 0;
      try {
        const response = await client.send('POST', '/api/v1/payments', { headers, body });
        status = response.status;
        if (status !== 201) firstError ??= `${status} ${response.body.slice(0, 300)}`;
      } catch (error) {
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      if (status === 201) latenciesMs.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };

  await Promise.all(Array.from({ length: clients }, oneClient));
  return {
    sent: next,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
    statuses,
    firstError,
  };
}
