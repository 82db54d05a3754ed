import { describe, expect, it } from 'vitest';
import { channelTarget, configFromForm, formFromConfig, SECRET_MASK, splitList } from './channel-form.ts';

describe('channel form', () => {
  it('starts a new channel with defaults and no secrets', () => {
    const form = formFromConfig('email', null);
    expect(form.values.port).toBe('465');
    expect(form.values.security).toBe('tls');
    expect(form.secretSet.password).toBe(false);
  });

  it('shows a stored secret as set, never its mask, and keeps it when left empty', () => {
    const form = formFromConfig('webhook', { url: 'http://127.0.0.1:9/hook', secret: SECRET_MASK });
    expect(form.secretSet.secret).toBe(true);
    expect(form.values.secret).toBe('');
    const { config, errors } = configFromForm('webhook', form);
    expect(errors).toEqual({});
    expect(config).toEqual({ url: 'http://127.0.0.1:9/hook' });
    expect('secret' in config).toBe(false);
  });

  it('replaces a secret when typed, deletes it when cleared', () => {
    const form = formFromConfig('webhook', { url: 'http://x/', secret: SECRET_MASK });
    form.values.secret = 'new-secret';
    expect(configFromForm('webhook', form).config.secret).toBe('new-secret');
    form.values.secret = '';
    form.secretCleared.secret = true;
    expect(configFromForm('webhook', form).config.secret).toBeNull();
  });

  it('requires a required secret only when none is stored', () => {
    const fresh = formFromConfig('telegram', null);
    fresh.values.chat_id = '-100123';
    expect(configFromForm('telegram', fresh).errors).toEqual({ bot_token: 'Обязательное поле' });
    const stored = formFromConfig('telegram', { bot_token: SECRET_MASK, chat_id: '-100123', api_base: null });
    const { config, errors } = configFromForm('telegram', stored);
    expect(errors).toEqual({});
    expect(config).toEqual({ chat_id: '-100123', api_base: null });
  });

  it('turns lists and numbers into JSON and checks them', () => {
    const form = formFromConfig('email', {
      host: 'smtp.example.ru',
      port: 587,
      security: 'starttls',
      user: null,
      password: null,
      from: 'box@example.ru',
      to: ['a@example.ru', 'b@example.ru'],
    });
    expect(form.values.to).toBe('a@example.ru, b@example.ru');
    form.values.to = 'a@example.ru; c@example.ru\n';
    const { config } = configFromForm('email', form);
    expect(config).toMatchObject({ port: 587, to: ['a@example.ru', 'c@example.ru'], user: null });
    form.values.port = '99999';
    expect(configFromForm('email', form).errors.port).toBe('Целое число 1–65535');
    form.values.host = ' ';
    expect(configFromForm('email', form).errors.host).toBe('Обязательное поле');
  });

  it('names the target without secrets', () => {
    expect(channelTarget('sms', { phones: ['+79001234567'], api_key: SECRET_MASK })).toBe('+79001234567');
    expect(channelTarget('telegram', { chat_id: '-1001', bot_token: SECRET_MASK })).toBe('чат -1001');
    expect(splitList(' a , ,b ')).toEqual(['a', 'b']);
  });
});
