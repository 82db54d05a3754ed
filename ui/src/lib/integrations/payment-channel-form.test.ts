import { describe, expect, it } from 'vitest';
import type { ChannelJson } from '../api/types.ts';
import { channelBody, channelForm, channelUrl } from './payment-channel-form.ts';

const stored: ChannelJson = {
  id: 3,
  source_id: 2,
  slug: 'sber',
  protocol: 'sberbank',
  billing_connection_id: 1,
  settings: { min_amount_kopecks: 1000, deadline_ms: 5000, param_case: 'lower', codes: { duplicate: 8 } },
  allowed_ips: ['194.54.14.0/24'],
  basic_username: 'sber',
  basic_password_set: true,
  secret_set: false,
  enabled: true,
  path: '/channel/sber',
  created_at: '2026-11-23T00:00:00.000Z',
  updated_at: '2026-11-23T00:00:00.000Z',
};

describe('payment channel form', () => {
  it('round-trips a stored channel, amounts in roubles, without sending the stored password', () => {
    const form = channelForm(stored);
    expect(form.min_amount).toBe('10,00');
    const { body, errors } = channelBody(form);
    expect(errors).toEqual({});
    expect(body).toEqual({
      source_id: 2,
      slug: 'sber',
      protocol: 'sberbank',
      billing_connection_id: 1,
      settings: {
        min_amount_kopecks: 1000,
        deadline_ms: 5000,
        param_case: 'lower',
        encoding: 'utf-8',
        codes: { duplicate: 8 },
      },
      allowed_ips: ['194.54.14.0/24'],
      basic_username: 'sber',
      enabled: true,
    });
  });

  it('refuses a bad slug, amount, pattern and a Basic login without a password', () => {
    const form = channelForm(null, 5);
    form.slug = 'Сбер';
    form.min_amount = 'abc';
    form.account_pattern = '(';
    form.basic_username = 'qiwi';
    form.codes = '[1]';
    const { errors } = channelBody(form);
    expect(Object.keys(errors).sort()).toEqual([
      'basic_password',
      'settings.account_pattern',
      'settings.codes',
      'settings.min_amount_kopecks',
      'slug',
    ]);
  });

  it('removes a secret on request, and the Basic password with the Basic login', () => {
    const form = channelForm({ ...stored, secret_set: true });
    form.clearSecret = true;
    form.basic_username = '';
    const { body } = channelBody(form);
    expect(body.secret).toBeNull();
    expect(body.basic_username).toBeNull();
    expect(body.basic_password).toBeNull();
  });

  it('gives the channel the full address on this box', () => {
    expect(channelUrl('https://box.lan:8080/', '/channel/sber')).toBe('https://box.lan:8080/channel/sber');
  });
});
