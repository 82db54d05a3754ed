// E-mail through the provider's SMTP server (nodemailer). STARTTLS is required, not opportunistic,
// when asked for: a password must not cross the network in clear because a server forgot to offer TLS.
import type { EmailConfig } from '../channel-config.ts';
import { type Outgoing, SEND_TIMEOUT_MS, type Sender } from './sender.ts';

export class EmailSender implements Sender {
  private readonly config: EmailConfig;

  constructor(config: EmailConfig) {
    this.config = config;
  }

  async send(outgoing: Outgoing): Promise<void> {
    const { config } = this;
    // nodemailer (about 16 MiB of RSS) is loaded on the first e-mail, not by every box at start.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    try {
      await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: outgoing.message.subject,
        text: outgoing.message.text,
      });
    } catch (error) {
      throw new Error(
        `SMTP ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      transport.close();
    }
  }
}
