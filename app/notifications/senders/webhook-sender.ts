// A generic webhook: the event as JSON (NotificationPayload). With a secret, the receiver can check the
// body came from this box: X-KassaBox-Signature is sha256=<hex HMAC-SHA256 of the exact body bytes>.
import { createHmac } from 'node:crypto';
import type { WebhookConfig } from '../channel-config.ts';
import { httpRequest, type Outgoing, type Sender } from './sender.ts';

export const SIGNATURE_HEADER = 'x-kassabox-signature';

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookSender implements Sender {
  private readonly config: WebhookConfig;

  constructor(config: WebhookConfig) {
    this.config = config;
  }

  async send(outgoing: Outgoing): Promise<void> {
    const body = JSON.stringify(outgoing.payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-kassabox-event': outgoing.payload.event,
    };
    if (this.config.secret) headers[SIGNATURE_HEADER] = signature(this.config.secret, body);
    await httpRequest(this.config.url, { method: 'POST', headers, body });
  }
}
