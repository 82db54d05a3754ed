// The OSMP/QIWI codec: every parameter check and every code of the table (research/billing.md §1.1).
import { describe, expect, it } from 'vitest';
import type { ChannelAnswer } from '../../../../app/channels/channel-codec.ts';
import { CHANNEL_OUTCOMES } from '../../../../app/channels/channel-outcomes.ts';
import { resolveChannelSettings } from '../../../../app/channels/channel-settings.ts';
import { OSMP_CODES, osmpCodec, parseOsmp } from '../../../../app/channels/osmp-codec.ts';

const settings = resolveChannelSettings('osmp', { min_amount_kopecks: 100, max_amount_kopecks: 1_500_000 });
const PAY = {
  command: 'pay',
  txn_id: '1234567',
  txn_date: '20050815120133',
  account: '0957835959',
  sum: '10.45',
};

function refusal(params: Record<string, string>, custom = settings): ChannelAnswer {
  const parsed = parseOsmp(params, custom);
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(params)}`);
  return parsed.answer;
}

describe('OSMP codec: parsing', () => {
  it('reads the documented pay example, its date in Moscow time', () => {
    expect(parseOsmp(PAY, settings)).toEqual({
      ok: true,
      request: {
        action: 'pay',
        txnId: '1234567',
        account: '0957835959',
        amountKopecks: 1045,
        txnDate: '20050815120133',
        paidAt: new Date('2005-08-15T08:01:33.000Z'),
      },
    });
  });

  it('reads the check example without txn_date, and a check without a sum', () => {
    expect(
      parseOsmp({ command: 'check', txn_id: '1234567', account: '0957835959', sum: '10.45' }, settings),
    ).toEqual({
      ok: true,
      request: { action: 'check', txnId: '1234567', account: '0957835959', amountKopecks: 1045 },
    });
    expect(parseOsmp({ command: 'check', txn_id: '1', account: 'a' }, settings)).toMatchObject({
      ok: true,
      request: { amountKopecks: undefined },
    });
  });

  it('uses the channel time zone for txn_date', () => {
    const yekaterinburg = resolveChannelSettings('osmp', { timezone: 'Asia/Yekaterinburg' });
    const parsed = parseOsmp(PAY, yekaterinburg);
    expect(parsed.ok && parsed.request.action === 'pay' && parsed.request.paidAt.toISOString()).toBe(
      '2005-08-15T06:01:33.000Z', // YEKST, UTC+6 in the summer of 2005
    );
  });

  it.each([
    [{ ...PAY, command: 'cancel' }, 'unknown_action', 'command'],
    [{ ...PAY, command: undefined }, 'unknown_action', 'command'],
    [{ ...PAY, txn_id: '' }, 'bad_txn_id', 'txn_id'],
    [{ ...PAY, txn_id: '1'.repeat(21) }, 'bad_txn_id', 'txn_id'],
    [{ ...PAY, txn_id: '-1' }, 'bad_txn_id', 'txn_id'],
    [{ ...PAY, account: undefined }, 'bad_account', 'account'],
    [{ ...PAY, account: ' 12' }, 'bad_account', 'account'],
    [{ ...PAY, account: 'x'.repeat(65) }, 'bad_account', 'account'],
    [{ ...PAY, sum: undefined }, 'bad_amount', 'sum'],
    [{ ...PAY, sum: '10,45' }, 'bad_amount', 'sum'],
    [{ ...PAY, sum: '10.455' }, 'bad_amount', 'sum'],
    [{ ...PAY, sum: '1e3' }, 'bad_amount', 'sum'],
    [{ ...PAY, sum: '0' }, 'bad_amount', 'sum'],
    [{ ...PAY, sum: '0.99' }, 'amount_too_small', 'sum'],
    [{ ...PAY, sum: '15000.01' }, 'amount_too_large', 'sum'],
    [{ ...PAY, txn_date: undefined }, 'bad_date', 'txn_date'],
    [{ ...PAY, txn_date: '2005081512013' }, 'bad_date', 'txn_date'],
    [{ ...PAY, txn_date: '20050230120133' }, 'bad_date', 'txn_date'],
    [{ ...PAY, txn_date: '20050815250133' }, 'bad_date', 'txn_date'],
  ] as [Record<string, string>, string, string][])('%j → %s naming %s', (params, outcome, name) => {
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    const answer = refusal(clean);
    expect(answer.outcome).toBe(outcome);
    expect(answer.message.startsWith(`${name}:`)).toBe(true);
  });

  it('checks the account pattern of the channel, whole account only', () => {
    const digits = resolveChannelSettings('osmp', { account_pattern: '\\d{5}' });
    expect(parseOsmp({ ...PAY, account: '12345' }, digits).ok).toBe(true);
    expect(refusal({ ...PAY, account: '123456' }, digits).outcome).toBe('bad_account');
    expect(refusal({ ...PAY, account: 'a12345' }, digits).outcome).toBe('bad_account');
  });

  it('status needs only a valid txn_id', () => {
    expect(parseOsmp({ command: 'status', txn_id: '9' }, settings)).toEqual({
      ok: true,
      request: { action: 'status', txnId: '9' },
    });
  });
});

describe('OSMP codec: answers', () => {
  it('renders the documented XML answer in UTF-8', () => {
    const rendered = osmpCodec.render(
      { outcome: 'ok', message: 'OK', txnId: '1234567', boxTxnId: 2016, amountKopecks: 1045 },
      settings,
    );
    expect(rendered.contentType).toBe('text/xml; charset=utf-8');
    expect(rendered.body.toString('utf8')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response>\n<osmp_txn_id>1234567</osmp_txn_id>\n<prv_txn>2016</prv_txn>\n<sum>10.45</sum>\n<result>0</result>\n<comment>OK</comment>\n</response>\n',
    );
  });

  it('escapes comments', () => {
    const body = osmpCodec.render({ outcome: 'internal', message: 'a<b & "c"' }, settings).body.toString();
    expect(body).toContain('<comment>a&#60;b &#38; &#34;c&#34;</comment>');
  });

  it('has a code for every outcome, the documented ones where QIWI defines them', () => {
    for (const outcome of CHANNEL_OUTCOMES) expect(typeof OSMP_CODES[outcome]).toBe('number');
    expect(OSMP_CODES).toMatchObject({
      ok: 0,
      duplicate: 0,
      temporary: 1,
      bad_account: 4,
      account_not_found: 5,
      forbidden: 7,
      technical: 8,
      account_inactive: 79,
      in_progress: 90,
      amount_too_small: 241,
      amount_too_large: 242,
      cannot_check: 243,
      txn_conflict: 300,
      access_denied: 300,
    });
  });

  it('lets a channel override a code', () => {
    const custom = resolveChannelSettings('osmp', { codes: { txn_conflict: 215 } });
    expect(osmpCodec.code('txn_conflict', custom)).toBe(215);
    expect(osmpCodec.render({ outcome: 'txn_conflict', message: 'x' }, custom).body.toString()).toContain(
      '<result>215</result>',
    );
  });
});
