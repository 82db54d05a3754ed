// The Sberbank protocol №1 codec (research/billing.md §1.2): parameters in either case, the bank's
// code table, and answers in UTF-8 or windows-1251.
import { describe, expect, it } from 'vitest';
import { resolveChannelSettings } from '../../../../app/channels/channel-settings.ts';
import {
  parseSberbank,
  SBERBANK_CODES,
  sberbankCodec,
  sberbankDate,
} from '../../../../app/channels/sberbank-codec.ts';
import { encodeWindows1251 } from '../../../../app/channels/windows-1251.ts';

const settings = resolveChannelSettings('sberbank', {});
const PAYMENT = {
  ACTION: 'payment',
  ACCOUNT: '49578',
  AMOUNT: '340.24',
  PAY_ID: '123456789012',
  PAY_DATE: '12.06.2018_12:45:18',
};

describe('Sberbank codec: parsing', () => {
  it('reads the documented payment example in the bank time zone', () => {
    expect(parseSberbank(PAYMENT, settings)).toEqual({
      ok: true,
      request: {
        action: 'pay',
        txnId: '123456789012',
        account: '49578',
        amountKopecks: 34_024,
        txnDate: '12.06.2018_12:45:18',
        paidAt: new Date('2018-06-12T09:45:18.000Z'),
      },
    });
    expect(parseSberbank({ ACTION: 'check', ACCOUNT: '49578' }, settings)).toMatchObject({
      ok: true,
      request: { action: 'check', account: '49578' },
    });
  });

  it.each([
    [{ ...PAYMENT, ACTION: 'refund' }, 'unknown_action', 'ACTION', 2],
    [{ ...PAYMENT, ACCOUNT: '' }, 'bad_account', 'ACCOUNT', 4],
    [{ ...PAYMENT, AMOUNT: '' }, 'bad_amount', 'AMOUNT', 9],
    [{ ...PAYMENT, AMOUNT: '340.245' }, 'bad_amount', 'AMOUNT', 9],
    [{ ...PAYMENT, PAY_ID: 'abc' }, 'bad_txn_id', 'PAY_ID', 6],
    [{ ...PAYMENT, PAY_ID: '000' }, 'bad_txn_id', 'PAY_ID', 6],
    [{ ...PAYMENT, PAY_DATE: '12.06.2018 12:45:18' }, 'bad_date', 'PAY_DATE', 12],
    [{ ...PAYMENT, PAY_DATE: '29.02.2019_12:45:18' }, 'bad_date', 'PAY_DATE', 12],
  ] as [Record<string, string>, string, string, number][])(
    '%j → %s (%s, code %d)',
    (params, outcome, name, code) => {
      const parsed = parseSberbank(params, settings);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.answer.outcome).toBe(outcome);
      expect(parsed.answer.message.startsWith(`${name}:`)).toBe(true);
      expect(sberbankCodec.code(parsed.answer.outcome, settings)).toBe(code);
    },
  );

  it('applies the amount limits with codes 10 and 11', () => {
    const limited = resolveChannelSettings('sberbank', {
      min_amount_kopecks: 100,
      max_amount_kopecks: 10_000,
    });
    const small = parseSberbank({ ...PAYMENT, AMOUNT: '0.50' }, limited);
    const large = parseSberbank({ ...PAYMENT, AMOUNT: '100.01' }, limited);
    expect(!small.ok && sberbankCodec.code(small.answer.outcome, limited)).toBe(10);
    expect(!large.ok && sberbankCodec.code(large.answer.outcome, limited)).toBe(11);
  });

  it('reads lower-case names when the channel says so, and names them so in messages', () => {
    const lower = resolveChannelSettings('sberbank', { param_case: 'lower' });
    const params = Object.fromEntries(Object.entries(PAYMENT).map(([k, v]) => [k.toLowerCase(), v]));
    expect(parseSberbank(params, lower).ok).toBe(true);
    const bad = parseSberbank({ ...params, pay_id: 'x' }, lower);
    expect(!bad.ok && bad.answer.message.startsWith('pay_id:')).toBe(true);
    expect(parseSberbank(PAYMENT, lower).ok).toBe(false);
  });
});

describe('Sberbank codec: answers', () => {
  it('answers a payment with EXT_ID, REG_DATE and AMOUNT, a duplicate with CODE 8', () => {
    const answer = {
      outcome: 'duplicate' as const,
      message: 'Дублирование транзакции',
      boxTxnId: 42,
      amountKopecks: 34_024,
      registeredAt: new Date('2018-06-12T09:45:20.000Z'),
    };
    expect(sberbankCodec.render(answer, settings).body.toString('utf8')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<response>\n<CODE>8</CODE>\n<MESSAGE>Дублирование транзакции</MESSAGE>\n<EXT_ID>42</EXT_ID>\n<REG_DATE>12.06.2018_12:45:20</REG_DATE>\n<AMOUNT>340.24</AMOUNT>\n</response>\n',
    );
  });

  it('answers a check with FIO and BALANCE', () => {
    const body = sberbankCodec
      .render({ outcome: 'ok', message: 'OK', name: 'Иванов', balanceKopecks: -1050 }, settings)
      .body.toString('utf8');
    expect(body).toContain('<FIO>Иванов</FIO>\n<BALANCE>-10.50</BALANCE>');
  });

  it('encodes windows-1251 when asked, declaring it', () => {
    const cp1251 = resolveChannelSettings('sberbank', { encoding: 'windows-1251' });
    const rendered = sberbankCodec.render({ outcome: 'ok', message: 'Платёж принят №1' }, cp1251);
    expect(rendered.contentType).toBe('text/xml; charset=windows-1251');
    const text = new TextDecoder('windows-1251').decode(rendered.body);
    expect(text).toContain('encoding="windows-1251"');
    expect(text).toContain('<MESSAGE>Платёж принят №1</MESSAGE>');
    // One byte per Cyrillic letter.
    expect(rendered.body.length).toBe(text.length);
  });

  it('windows-1251 encodes the whole Russian alphabet and replaces what it cannot', () => {
    const alphabet = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя';
    expect(new TextDecoder('windows-1251').decode(encodeWindows1251(alphabet))).toBe(alphabet);
    expect(encodeWindows1251('a€b☃')).toEqual(Buffer.from([0x61, 0x88, 0x62, 0x3f]));
  });

  it('writes dates as the bank does, in the channel zone', () => {
    expect(sberbankDate(new Date('2026-01-02T21:05:09Z'), 'Europe/Moscow')).toBe('03.01.2026_00:05:09');
  });

  it('has the bank code table, overridable per channel', () => {
    expect(SBERBANK_CODES).toMatchObject({
      ok: 0,
      temporary: 1,
      unknown_action: 2,
      account_not_found: 3,
      bad_account: 4,
      account_inactive: 5,
      bad_txn_id: 6,
      forbidden: 7,
      duplicate: 8,
      bad_amount: 9,
      amount_too_small: 10,
      amount_too_large: 11,
      bad_date: 12,
      internal: 300,
    });
    const custom = resolveChannelSettings('sberbank', { codes: { duplicate: 5 } });
    expect(sberbankCodec.code('duplicate', custom)).toBe(5);
  });
});
