// Telegram Bot API sendMessage (https://core.telegram.org/bots/api#sendmessage). The token is part of
// the URL, so error texts name only the host; api_base lets a proxy or a test fake stand in.
import type { TelegramConfig } from '../channel-config.ts';
import { httpRequest, type Outgoing, type Sender } from './sender.ts';

export const TELEGRAM_API_BASE = 'https://api.telegram.org';

export class TelegramSender implements Sender {
  private readonly config: TelegramConfig;

  constructor(config: TelegramConfig) {
    this.config = config;
  }

  async send(outgoing: Outgoing): Promise<void> {
    const base = (this.config.api_base || TELEGRAM_API_BASE).replace(/\/+$/, '');
    const answer = await httpRequest(`${base}/bot${this.config.bot_token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chat_id: this.config.chat_id,
        text: outgoing.message.text,
        disable_web_page_preview: true,
      }),
    });
    // The Bot API answers {"ok":true,...}; anything else is a refusal even with a 200.
    let ok = false;
    try {
      ok = (JSON.parse(answer) as { ok?: unknown }).ok === true;
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`Telegram refused the message: ${answer.slice(0, 200)}`);
  }
}
