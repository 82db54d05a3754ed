// Each sender against a real local fake: an SMTP server for e-mail, an HTTP server for Telegram, the
// webhook and an SMS gateway. What arrives must be what the channel's config says, in Russian.
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../app/alerts/alert-types.ts';
import { buildOutgoing } from '../../../app/notifications/outgoing.ts';
import { EmailSender } from '../../../app/notifications/senders/email-sender.ts';
import type { Outgoing } from '../../../app/notifications/senders/sender.ts';
import { SmsSender } from '../../../app/notifications/senders/sms-sender.ts';
import { TelegramSender } from '../../../app/notifications/senders/telegram-sender.ts';
import { signature, WebhookSender } from '../../../app/notifications/senders/webhook-sender.ts';
import {
  type HttpFake,
  mailSubject,
  mailText,
  type SmtpFake,
  startHttpFake,
  startSmtpFake,
} from '../../helpers/notification-fakes.ts';

const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});
async function http(): Promise<HttpFake> {
  const fake = await startHttpFake();
  fakes.push(fake);
  return fake;
}
async function smtp(credentials?: { user: string; password: string }): Promise<SmtpFake> {
  const fake = await startSmtpFake(credentials);
  fakes.push(fake);
  return fake;
}

const ALERT: Alert = {
  id: 7,
  rule: 'paper_out',
  subject: 'register:3',
  registerId: 3,
  severity: 'critical',
  message: 'В кассе нет бумаги',
  value: null,
  state: 'active',
  raisedAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
};

function outgoing(): Outgoing {
  return buildOutgoing(
    {
      settings: { read: () => ({ boxName: 'Офис Ленина', timezone: 'Europe/Moscow' }) },
      registers: { getById: () => ({ name: 'Касса 1' }) as never },
    },
    { eventKind: 'raised', alert: ALERT, channelName: 'c' },
    new Date('2026-11-22T10:00:05.000Z'),
  );
}

describe('e-mail sender', () => {
  it('sends through SMTP with AUTH, from and to as configured, subject and text in Russian', async () => {
    const server = await smtp({ user: 'kassa', password: 'smtp-secret-1' });
    await new EmailSender({
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      user: 'kassa',
      password: 'smtp-secret-1',
      from: 'box@example.ru',
      to: ['noc@example.ru', 'boss@example.ru'],
    }).send(outgoing());
    expect(server.mails).toHaveLength(1);
    const mail = server.mails[0]!;
    expect(mail.user).toBe('kassa');
    expect(mail.from).toBe('box@example.ru');
    expect(mail.to).toEqual(['noc@example.ru', 'boss@example.ru']);
    expect(mailSubject(mail.raw)).toBe('Офис Ленина: КРИТИЧНО: нет бумаги');
    const text = mailText(mail.raw);
    expect(text).toContain('В кассе нет бумаги');
    expect(text).toContain('Где: Офис Ленина, касса «Касса 1»');
    expect(text).toContain('Возникла: 22.11.2026, 13:00 (Europe/Moscow)');
  });

  it('fails with the server’s reason when the password is wrong, without the password in it', async () => {
    const server = await smtp({ user: 'kassa', password: 'right' });
    const sending = new EmailSender({
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      user: 'kassa',
      password: 'wrong-password-77',
      from: 'box@example.ru',
      to: ['noc@example.ru'],
    }).send(outgoing());
    await expect(sending).rejects.toThrow(/SMTP 127\.0\.0\.1:\d+: .*Invalid/);
    await expect(sending).rejects.not.toThrow(/wrong-password-77/);
    expect(server.mails).toHaveLength(0);
  });

  it('refuses to send a password in clear when STARTTLS is required and not offered', async () => {
    const server = await smtp({ user: 'kassa', password: 'p' });
    await expect(
      new EmailSender({
        host: '127.0.0.1',
        port: server.port,
        security: 'starttls',
        user: 'kassa',
        password: 'p',
        from: 'a@b.ru',
        to: ['c@d.ru'],
      }).send(outgoing()),
    ).rejects.toThrow(/STARTTLS/i);
    expect(server.mails).toHaveLength(0);
  });
});

describe('Telegram sender', () => {
  it('POSTs sendMessage to {api_base}/bot<token> with the chat and the text', async () => {
    const api = await http();
    await new TelegramSender({ api_base: api.base, bot_token: '123:ABC', chat_id: '-100200' }).send(
      outgoing(),
    );
    expect(api.requests).toHaveLength(1);
    const request = api.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/bot123:ABC/sendMessage');
    const body = JSON.parse(request.body);
    expect(body.chat_id).toBe('-100200');
    expect(body.text).toContain('КРИТИЧНО: нет бумаги');
  });

  it('treats {"ok":false} and HTTP errors as failures, naming the host but not the token', async () => {
    const api = await http();
    api.reply.status = 401;
    api.reply.body = '{"ok":false,"description":"Unauthorized"}';
    const sender = new TelegramSender({ api_base: api.base, bot_token: '999:SECRET', chat_id: '1' });
    await expect(sender.send(outgoing())).rejects.toThrow(/HTTP 401 from 127\.0\.0\.1:\d+: .*Unauthorized/);
    await expect(sender.send(outgoing())).rejects.not.toThrow(/SECRET/);
    api.reply.status = 200;
    api.reply.body = '{"ok":false,"description":"chat not found"}';
    await expect(sender.send(outgoing())).rejects.toThrow(/chat not found/);
  });
});

describe('webhook sender', () => {
  it('POSTs the event as JSON with an HMAC signature of the exact body', async () => {
    const hook = await http();
    await new WebhookSender({ url: `${hook.base}/kassabox`, secret: 'hook-key' }).send(outgoing());
    const request = hook.requests[0]!;
    expect(request.url).toBe('/kassabox');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-kassabox-event']).toBe('raised');
    expect(request.headers['x-kassabox-signature']).toBe(signature('hook-key', request.body));
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      event: 'raised',
      box_name: 'Офис Ленина',
      register: { id: 3, name: 'Касса 1' },
      alert: { id: 7, rule: 'paper_out', severity: 'critical', raised_at: '2026-11-22T10:00:00.000Z' },
    });
  });

  it('sends no signature without a secret, and fails on a 5xx', async () => {
    const hook = await http();
    await new WebhookSender({ url: hook.base }).send(outgoing());
    expect(hook.requests[0]!.headers['x-kassabox-signature']).toBeUndefined();
    hook.reply.status = 503;
    await expect(new WebhookSender({ url: hook.base }).send(outgoing())).rejects.toThrow(/HTTP 503/);
  });

  it('says when nobody answers', async () => {
    const hook = await http();
    const url = hook.base;
    await hook.close();
    fakes.pop();
    await expect(new WebhookSender({ url }).send(outgoing())).rejects.toThrow(/no answer from 127\.0\.0\.1/);
  });
});

describe('SMS sender', () => {
  it('GETs the URL template once per phone with the placeholders URL-encoded', async () => {
    const gateway = await http();
    await new SmsSender({
      method: 'GET',
      url_template: `${gateway.base}/send?to={phone}&msg={text}&key={api_key}`,
      api_key: 'k&y',
      phones: ['+79001112233', '+79004445566'],
    }).send(outgoing());
    expect(gateway.requests).toHaveLength(2);
    const url = new URL(gateway.requests[0]!.url, gateway.base);
    expect(url.searchParams.get('to')).toBe('+79001112233');
    expect(url.searchParams.get('key')).toBe('k&y');
    expect(url.searchParams.get('msg')).toBe('Офис Ленина: КРИТИЧНО: нет бумаги. В кассе нет бумаги');
    expect(new URL(gateway.requests[1]!.url, gateway.base).searchParams.get('to')).toBe('+79004445566');
  });

  it('POSTs a JSON body template with the text JSON-escaped', async () => {
    const gateway = await http();
    await new SmsSender({
      method: 'POST',
      url_template: `${gateway.base}/api/sms`,
      body_template: '{"phone":"{phone}","message":"{text}"}',
      phones: ['79001112233'],
    }).send({
      ...outgoing(),
      message: { subject: 'Тест "кавычки"', text: 'Тест "кавычки"\nвторая\\строка' },
    });
    const request = gateway.requests[0]!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      phone: '79001112233',
      message: 'Тест "кавычки". вторая\\строка',
    });
  });

  it('POSTs a form body URL-encoded, and fails when the gateway refuses', async () => {
    const gateway = await http();
    const sender = new SmsSender({
      method: 'POST',
      url_template: `${gateway.base}/sms`,
      body_template: 'to={phone}&text={text}',
      phones: ['79001112233'],
    });
    await sender.send(outgoing());
    const form = new URLSearchParams(gateway.requests[0]!.body);
    expect(form.get('text')).toBe('Офис Ленина: КРИТИЧНО: нет бумаги. В кассе нет бумаги');
    gateway.reply.status = 400;
    await expect(sender.send(outgoing())).rejects.toThrow(/SMS gateway: 79001112233: HTTP 400/);
  });
});
