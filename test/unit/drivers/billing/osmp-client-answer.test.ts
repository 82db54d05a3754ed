import { describe, expect, it } from 'vitest';
import type { BillingError } from '../../../../drivers/billing/billing-adapter.ts';
import {
  OSMP_RESULT_CODES,
  parseOsmpAnswer,
  payRefusal,
  readCheckAnswer,
} from '../../../../drivers/billing/osmp-client-answer.ts';

// ABillS' answer layout (galeksandrp/abills:Abills/modules/Paysys/paysys_check.cgi, sub osmp_payments).
const ABILLS_CHECK = `<?xml version="1.0" encoding="UTF-8"?>
<response>
<osmp_txn_id>1</osmp_txn_id>
<prv_txn></prv_txn>
<result>0</result>
<comment>Balance: -12.5 Петров П. </comment>
</response>
`;

describe('OSMP answers', () => {
  it('reads ABillS check answers with an empty prv_txn and the balance comment', async () => {
    const answer = await parseOsmpAnswer(ABILLS_CHECK, 'OSMP check', false);
    expect(answer).toMatchObject({ result: 0, prvTxn: undefined });
    expect(readCheckAnswer(answer, '0042')).toEqual({
      found: true,
      account: { account: '0042', name: 'Петров П.', balanceKopecks: -1_250 },
    });
  });

  it('reads Pegas-style <fio> and <balance>', async () => {
    const xml = '<response><result>0</result><fio>A &amp; B</fio><balance>10.00</balance></response>';
    const answer = await parseOsmpAnswer(xml, 'OSMP check', false);
    expect(readCheckAnswer(answer, '7')).toEqual({
      found: true,
      account: { account: '7', name: 'A & B', balanceKopecks: 1_000 },
    });
  });

  it('decodes numeric character references as well as named entities', async () => {
    const xml =
      '<response><result>0</result><comment>Balance: 1.00 &#1048;&#x432;&#1072;&#1085; &amp; Co</comment></response>';
    const answer = await parseOsmpAnswer(xml, 'OSMP check', false);
    expect(readCheckAnswer(answer, '1')).toMatchObject({ account: { name: 'Иван & Co' } });
  });

  it('maps every documented code for a check and a pay', () => {
    const check = (result: number) => {
      try {
        return readCheckAnswer({ result }, '1');
      } catch (error) {
        return (error as BillingError).kind;
      }
    };
    expect(check(1)).toBe('unavailable');
    expect(check(90)).toBe('unavailable');
    expect(check(4)).toMatchObject({ reason: 'bad_format' });
    expect(check(5)).toMatchObject({ reason: 'not_found' });
    expect(check(7)).toMatchObject({ reason: 'forbidden' });
    expect(check(8)).toMatchObject({ reason: 'forbidden' });
    expect(check(79)).toMatchObject({ reason: 'inactive' });
    expect(check(243)).toMatchObject({ reason: 'forbidden' });
    expect(check(300)).toBe('rejected');
    expect(check(12)).toBe('protocol');

    expect(payRefusal({ result: 1 })).toMatchObject({ kind: 'unavailable', outcomeKnown: true });
    expect(payRefusal({ result: 90 })).toMatchObject({ kind: 'unavailable', outcomeKnown: false });
    for (const code of [4, 5, 7, 8, 79, 241, 242, 243, 300]) {
      expect(payRefusal({ result: code, comment: 'x' }).kind, String(code)).toBe('rejected');
    }
    expect(payRefusal({ result: 31 })).toMatchObject({ kind: 'protocol', outcomeKnown: false });
    expect(
      Object.keys(OSMP_RESULT_CODES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([1, 4, 5, 7, 8, 79, 90, 241, 242, 243, 300]);
  });

  it('refuses answers it cannot read, unknown outcome for a pay', async () => {
    await expect(parseOsmpAnswer('<response></response>', 'OSMP pay', true)).rejects.toMatchObject({
      kind: 'protocol',
      outcomeKnown: false,
      message: expect.stringContaining('no <result>'),
    });
    await expect(parseOsmpAnswer('', 'OSMP check', false)).rejects.toMatchObject({
      kind: 'protocol',
      outcomeKnown: true,
      message: expect.stringContaining('empty'),
    });
  });
});
