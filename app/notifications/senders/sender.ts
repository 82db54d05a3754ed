// What every channel kind implements: deliver one message now, or throw an Error whose message says
// why not (it goes to the delivery log, so it must name the cause and never a secret).
import type { NotificationMessage } from '../message.ts';

/** The JSON a webhook receives (docs/api.md "Notifications": webhook body). */
export interface NotificationPayload {
  event: 'raised' | 'escalated' | 'cleared' | 'test';
  box_name: string;
  register: { id: number; name: string | null } | null;
  alert: {
    id: number;
    rule: string;
    subject: string;
    severity: 'warning' | 'critical';
    message: string;
    value: number | null;
    state: 'active' | 'cleared';
    raised_at: string;
    updated_at: string;
    cleared_at: string | null;
  } | null;
  /** The same Russian text the other channels send. */
  text: string;
  sent_at: string;
}

export interface Outgoing {
  message: NotificationMessage;
  payload: NotificationPayload;
}

export interface Sender {
  send(outgoing: Outgoing): Promise<void>;
}

/** How long one attempt may take before it counts as failed. */
export const SEND_TIMEOUT_MS = 15_000;

/** A POST/GET with a timeout that throws on a non-2xx answer, naming the status and a bit of the body. */
export async function httpRequest(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`no answer from ${new URL(url).host}: ${causeOf(error)}`);
  }
  const body = await response.text().catch(() => '');
  if (!response.ok) {
    throw new Error(`HTTP ${response.status} from ${new URL(url).host}: ${body.slice(0, 200)}`);
  }
  return body;
}

function causeOf(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}
