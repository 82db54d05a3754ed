// The pure parts of notifications: quiet hours, which events notify and where, secrets in configs,
// SMS templates and the Russian message.
import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../../../app/alerts/alert-types.ts';
import {
  maskedConfig,
  mergedConfig,
  scrubbed,
  secretValues,
} from '../../../../app/notifications/channel-config.ts';
import { alertMessage } from '../../../../app/notifications/message.ts';
import { DEFAULT_RETRY, retryDelayMs } from '../../../../app/notifications/notification-dispatcher.ts';
import { quietUntil } from '../../../../app/notifications/quiet-hours.ts';
import { notifiedKind, routeMatches } from '../../../../app/notifications/routing.ts';
import { fillTemplate } from '../../../../app/notifications/senders/sms-sender.ts';

const MOSCOW = 'Europe/Moscow';
const night = { start: '22:00', end: '08:00', timezone: MOSCOW };

describe('quiet hours', () => {
  it('across midnight: inside until the local end, outside otherwise', () => {
    // 19:30 UTC = 22:30 in Moscow
    expect(quietUntil(new Date('2026-11-22T19:30:00Z'), night)?.toISOString()).toBe(
      '2026-11-23T05:00:00.000Z',
    );
    // 02:00 UTC = 05:00 in Moscow
    expect(quietUntil(new Date('2026-11-23T02:00:00Z'), night)?.toISOString()).toBe(
      '2026-11-23T05:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-11-23T05:00:00Z'), night)).toBeUndefined();
    expect(quietUntil(new Date('2026-11-22T18:59:59Z'), night)).toBeUndefined();
  });

  it('within a day, in the window’s own zone, and none for an empty window', () => {
    const lunch = { start: '13:00', end: '14:00', timezone: 'Asia/Vladivostok' }; // UTC+10
    expect(quietUntil(new Date('2026-11-22T03:15:20Z'), lunch)?.toISOString()).toBe(
      '2026-11-22T04:00:00.000Z',
    );
    expect(quietUntil(new Date('2026-11-22T04:00:00Z'), lunch)).toBeUndefined();
    expect(quietUntil(new Date('2026-11-22T03:15:00Z'), { ...lunch, end: '13:00' })).toBeUndefined();
  });
});

function alert(fields: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    rule: 'fn_expiry',
    subject: 'register:2',
    registerId: 2,
    severity: 'warning',
    message: 'ФН истекает через 12 дней',
    value: 12,
    state: 'active',
    raisedAt: '2026-11-22T07:00:00.000Z',
    updatedAt: '2026-11-22T07:00:00.000Z',
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...fields,
  };
}
const event = (kind: AlertEvent['kind'], fields: Partial<Alert> = {}): AlertEvent => ({
  kind,
  alert: alert(fields),
});

describe('which alert events notify', () => {
  it('raised and cleared always; an update only when the severity goes up; acknowledgements never', () => {
    expect(notifiedKind(event('raised'), undefined)).toBe('raised');
    expect(notifiedKind(event('cleared', { state: 'cleared' }), 'warning')).toBe('cleared');
    expect(notifiedKind(event('updated', { severity: 'critical' }), 'warning')).toBe('escalated');
    expect(notifiedKind(event('updated', { severity: 'critical' }), 'critical')).toBeUndefined();
    expect(notifiedKind(event('updated', { severity: 'warning' }), 'critical')).toBeUndefined();
    expect(notifiedKind(event('updated', { severity: 'critical' }), undefined)).toBeUndefined();
    expect(notifiedKind(event('acknowledged'), 'warning')).toBeUndefined();
  });

  it('a route wants its rule (or every rule with *) from its minimum severity up', () => {
    expect(routeMatches({ rule: '*', minSeverity: 'warning' }, alert())).toBe(true);
    expect(routeMatches({ rule: 'fn_expiry', minSeverity: 'critical' }, alert())).toBe(false);
    expect(
      routeMatches({ rule: 'fn_expiry', minSeverity: 'critical' }, alert({ severity: 'critical' })),
    ).toBe(true);
    expect(routeMatches({ rule: 'paper_out', minSeverity: 'warning' }, alert())).toBe(false);
  });
});

describe('retries', () => {
  it('wait 30 s, then twice as long each time, never more than 30 min', () => {
    expect([1, 2, 3, 4, 7, 8].map((n) => retryDelayMs(DEFAULT_RETRY, n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_800_000, 1_800_000,
    ]);
  });
});

describe('secrets in a channel config', () => {
  const telegram = { api_base: null, bot_token: '123:SECRET', chat_id: '-1' };

  it('are masked for answers and kept when sent back masked or left out', () => {
    expect(maskedConfig('telegram', telegram)).toEqual({ api_base: null, bot_token: '***', chat_id: '-1' });
    const stored = { kind: 'telegram' as const, config: telegram };
    expect(mergedConfig('telegram', { bot_token: '***', chat_id: '-2' }, stored)).toEqual({
      bot_token: '123:SECRET',
      chat_id: '-2',
    });
    expect(mergedConfig('telegram', { chat_id: '-2' }, stored).bot_token).toBe('123:SECRET');
    expect(mergedConfig('telegram', { bot_token: 'new', chat_id: '-2' }, stored).bot_token).toBe('new');
    // Another kind starts afresh: an e-mail channel does not inherit the bot token.
    expect(mergedConfig('email', { password: '***' }, stored)).toEqual({});
  });

  it('are scrubbed from error texts, also URL-encoded', () => {
    const secrets = secretValues('sms', { api_key: 'k&y/1', method: 'GET', url_template: 'x', phones: [] });
    expect(scrubbed('GET /send?key=k%26y%2F1 failed; key k&y/1', secrets)).toBe(
      'GET /send?key=*** failed; key ***',
    );
  });
});

describe('SMS templates', () => {
  it('encode each placeholder for where it stands', () => {
    const values = { phone: '+79001112233', text: 'Нет "бумаги" & всё', api_key: 'k' };
    expect(fillTemplate('https://g/send?to={phone}&t={text}', values, 'url')).toBe(
      'https://g/send?to=%2B79001112233&t=%D0%9D%D0%B5%D1%82%20%22%D0%B1%D1%83%D0%BC%D0%B0%D0%B3%D0%B8%22%20%26%20%D0%B2%D1%81%D1%91',
    );
    expect(fillTemplate('{"to":"{phone}","text":"{text}"}', values, 'json')).toBe(
      '{"to":"+79001112233","text":"Нет \\"бумаги\\" & всё"}',
    );
    expect(fillTemplate('{unknown} {api_key}', values, 'raw')).toBe('{unknown} k');
  });
});

describe('the message', () => {
  const context = { boxName: 'Офис', registerName: 'Касса 1', timezone: MOSCOW };

  it('says what, where, how bad, the value and when, in the box’s time zone', () => {
    const message = alertMessage('raised', alert(), context);
    expect(message.subject).toBe('Офис: Внимание: истекает срок ФН');
    expect(message.text.split('\n')).toEqual([
      'Внимание: истекает срок ФН',
      'ФН истекает через 12 дней',
      'Где: Офис, касса «Касса 1»',
      'Важность: предупреждение',
      'Значение: 12',
      'Возникла: 22.11.2026, 10:00 (Europe/Moscow)',
    ]);
  });

  it('tells a severity increase and a clearing apart, and names a box-wide alert by the box', () => {
    expect(alertMessage('escalated', alert({ severity: 'critical' }), context).subject).toBe(
      'Офис: КРИТИЧНО (важность повышена): истекает срок ФН',
    );
    const cleared = alertMessage(
      'cleared',
      alert({
        rule: 'disk_low',
        registerId: null,
        subject: 'box',
        state: 'cleared',
        value: null,
        clearedAt: '2026-11-22T08:30:00.000Z',
      }),
      { ...context, registerName: null },
    );
    expect(cleared.subject).toBe('Офис: Устранено: мало места на диске');
    expect(cleared.text).toContain('Где: Офис\n');
    expect(cleared.text).toContain('Устранена: 22.11.2026, 11:30 (Europe/Moscow)');
    expect(cleared.text).not.toContain('Значение');
  });
});
