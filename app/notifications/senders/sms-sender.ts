// SMS through whatever HTTP gateway the provider uses (SMS.ru, SMSC, a GSM modem's web API…): one
// request per phone from a URL template and, for POST, a body template. Placeholders {phone}, {text}
// and {api_key} are URL-encoded in the URL; in the body they are JSON-escaped when the body is JSON and
// URL-encoded when it is a form, so a message with quotes or & cannot break the request.
import type { SmsConfig } from '../channel-config.ts';
import { httpRequest, type Outgoing, type Sender } from './sender.ts';

/** An SMS should stay a few segments long: the headline and the alert's own line. */
export const SMS_MAX_CHARS = 320;

type Encoding = 'url' | 'json' | 'raw';

export function fillTemplate(template: string, values: Record<string, string>, encoding: Encoding): string {
  return template.replace(/\{(phone|text|api_key)\}/g, (_match, name: string) => {
    const value = values[name] ?? '';
    if (encoding === 'url') return encodeURIComponent(value);
    if (encoding === 'json') return JSON.stringify(value).slice(1, -1);
    return value;
  });
}

export function smsText(outgoing: Outgoing): string {
  const lines = outgoing.message.text.split('\n');
  const text = [outgoing.message.subject, lines[1]].filter(Boolean).join('. ');
  return text.length > SMS_MAX_CHARS ? `${text.slice(0, SMS_MAX_CHARS - 1)}…` : text;
}

export class SmsSender implements Sender {
  private readonly config: SmsConfig;

  constructor(config: SmsConfig) {
    this.config = config;
  }

  async send(outgoing: Outgoing): Promise<void> {
    const { config } = this;
    const text = smsText(outgoing);
    const failures: string[] = [];
    for (const phone of config.phones) {
      const values = { phone, text, api_key: config.api_key ?? '' };
      const url = fillTemplate(config.url_template, values, 'url');
      try {
        if (config.method === 'GET') {
          await httpRequest(url, { method: 'GET' });
        } else {
          const template = config.body_template ?? '';
          const contentType =
            config.content_type ||
            (template.trim().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
          const encoding: Encoding = contentType.includes('json')
            ? 'json'
            : contentType.includes('x-www-form-urlencoded')
              ? 'url'
              : 'raw';
          const body = fillTemplate(template, values, encoding);
          await httpRequest(url, { method: 'POST', headers: { 'content-type': contentType }, body });
        }
      } catch (error) {
        failures.push(`${phone}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // One phone reached is not "delivered": the others must be retried, so the whole attempt fails.
    if (failures.length > 0) throw new Error(`SMS gateway: ${failures.join('; ')}`);
  }
}
