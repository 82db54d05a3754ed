// Translator mode end to end (issue 5 "Tests"): a QIWI channel and a Sberbank channel notify a real
// box with a Shtrih simulator; the box checks and posts through the real OSMP-client adapter to a
// billing's QIWI-provider endpoint (the fake of test/helpers/billing-fakes), and prints one receipt
// per payment — through duplicates, the billing down, a lost post answer and bad parameters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OsmpClientAdapter } from '../../../drivers/billing/osmp-client.ts';
import { createSource } from '../../helpers/api-fixtures.ts';
import {
  type QiwiProviderFake,
  startQiwiProviderFake,
} from '../../helpers/billing-fakes/qiwi-provider-fake.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';
import {
  addBillingConnection,
  basicAuth,
  callChannel,
  createChannel,
  SBER_IP,
  xmlFields,
} from '../../helpers/channel-fixtures.ts';

let billing: QiwiProviderFake;
let box: Box;

const BILLING_LOGIN = { username: 'kassabox', password: 'billing-password-1' };

function pay(txnId: string, sum = '340.24', account = '49578') {
  return { command: 'pay', txn_id: txnId, txn_date: '20261122120133', account, sum };
}

async function qiwi(params: Record<string, string>) {
  return xmlFields((await callChannel(box.app, 'qiwi', params)).body);
}

function txn(txnId: string) {
  return box.deps.db
    .prepare('SELECT id, billing_state, billing_payment_id, payment_id FROM channel_txn WHERE txn_id = ?')
    .get(txnId) as {
    id: number;
    billing_state: string;
    billing_payment_id: string | null;
    payment_id: number | null;
  };
}

/** Waits for the receipt of a channel payment, and counts the payment as accepted for the invariants. */
async function receiptOf(txnId: string) {
  const row = txn(txnId);
  const paymentId = row.payment_id!;
  const amount = (
    box.deps.db.prepare('SELECT amount_kopecks AS a FROM payment WHERE id = ?').get(paymentId) as {
      a: number;
    }
  ).a;
  box.accepted.set(paymentId, { id: paymentId, externalId: txnId, amountKopecks: amount });
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const payment = await box.payment(paymentId);
    if (payment.receipt) return payment.receipt;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no receipt for channel txn ${txnId}\n${box.logTail()}`);
}

function paysSentFor(key: string): number {
  return billing
    .requests()
    .filter(
      (request) =>
        /command=pay/.test(request.url + request.body) &&
        new RegExp(`txn_id=${key}(&|$)`).test(request.url + request.body),
    ).length;
}

beforeEach(async () => {
  billing = await startQiwiProviderFake({
    accounts: [
      { account: '49578', name: 'Иванов И. И.', balanceKopecks: 10_000 },
      { account: '50000', active: false },
    ],
    basicAuth: BILLING_LOGIN,
  });
  const adapter = new OsmpClientAdapter({ url: billing.url, timeout_ms: 1_500 }, BILLING_LOGIN);
  box = await startBoxWithSimulator({ billingAdapterFor: () => adapter });
  const connection = addBillingConnection(box.deps.db);
  await createChannel(box, {
    source_id: box.sourceId,
    slug: 'qiwi',
    protocol: 'osmp',
    billing_connection_id: connection,
    allowed_ips: ['79.142.16.0/20'],
    settings: { deadline_ms: 4_000 },
  });
  const sberSource = await createSource(box, box.organizationId, 'Сбербанк');
  await createChannel(box, {
    source_id: sberSource,
    slug: 'sber',
    protocol: 'sberbank',
    billing_connection_id: connection,
    allowed_ips: ['194.186.207.0/24'],
    basic_username: 'sber',
    basic_password: 'sber-password-1',
  });
});

afterEach(async () => {
  await box?.close();
  await billing?.close();
});

describe('translator mode end to end', () => {
  it('check → pay → receipt; a duplicate is answered the same with no second post or receipt', async () => {
    expect(await qiwi({ command: 'check', txn_id: '9001', account: '49578', sum: '340.24' })).toMatchObject({
      result: '0',
    });
    const first = await qiwi(pay('9001'));
    expect(first).toMatchObject({ result: '0', osmp_txn_id: '9001', sum: '340.24' });
    const stored = txn('9001');
    expect(first.prv_txn).toBe(String(stored.id));
    // The billing has it under the box's transaction id, with the prv_txn it gave.
    expect(billing.payments()).toEqual([
      expect.objectContaining({ txnId: String(stored.id), account: '49578', amountKopecks: 34_024 }),
    ]);
    expect(stored).toMatchObject({
      billing_state: 'posted',
      billing_payment_id: billing.payments()[0]!.prvTxn,
    });
    const receipt = await receiptOf('9001');
    expect(receipt.total_kopecks).toBe(34_024);

    expect(await qiwi(pay('9001'))).toMatchObject({ result: '0', prv_txn: first.prv_txn });
    expect(paysSentFor(String(stored.id))).toBe(1);
    await box.drain();
    const summary = await box.checkInvariants();
    expect(summary).toMatchObject({ payments: 1, receipts: 1 });
  });

  it('bad parameters and refusals get the protocol codes, and nothing is posted or printed', async () => {
    expect((await qiwi({ ...pay('9002'), sum: '12,50' })).result).toBe('300');
    expect((await qiwi({ ...pay('9002'), txn_date: '2026-11-22' })).result).toBe('300');
    expect((await qiwi({ ...pay('9002'), command: 'refund' })).result).toBe('300');
    expect((await qiwi(pay('9002', '10.00', '77777'))).result).toBe('5');
    expect((await qiwi(pay('9003', '10.00', '50000'))).result).toBe('79');
    expect((await qiwi(pay('9002', '11.00', '77777'))).result).toBe('300'); // same id, other sum
    expect(billing.payments()).toHaveLength(0);
    const summary = await box.checkInvariants();
    expect(summary).toMatchObject({ payments: 0, receipts: 0 });
  });

  it('the billing down: the payment is answered and printed, posted once when the billing is back', async () => {
    await billing.down('refuse');
    const answer = await qiwi(pay('9004', '100.00'));
    expect(answer.result).toBe('0');
    await receiptOf('9004');
    expect(txn('9004').billing_state).toBe('received');
    // A check needs the billing: temporary error.
    expect((await qiwi({ command: 'check', txn_id: '9005', account: '49578' })).result).toBe('1');

    await billing.up();
    box.clock.advance(60_000);
    await box.deps.channels.loop.runOnce();
    expect(txn('9004').billing_state).toBe('posted');
    expect(billing.payments()).toEqual([
      expect.objectContaining({ txnId: String(txn('9004').id), amountKopecks: 10_000 }),
    ]);
    box.clock.advance(3_600_000);
    await box.deps.channels.loop.runOnce();
    expect(paysSentFor(String(txn('9004').id))).toBe(1);
    await box.drain();
    expect(await box.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });
  });

  it('a lost post answer is resolved with status before anything is posted again', async () => {
    billing.loseNextPayAnswer();
    expect((await qiwi(pay('9006', '55.00'))).result).toBe('0');
    await receiptOf('9006');
    const key = String(txn('9006').id);
    expect(txn('9006').billing_state).toBe('received');
    box.clock.advance(60_000);
    await box.deps.channels.loop.runOnce();
    expect(txn('9006').billing_state).toBe('posted');
    const statusAsked = billing
      .requests()
      .some((request) => /command=status/.test(request.url + request.body));
    expect(statusAsked).toBe(true);
    expect(paysSentFor(key)).toBe(1);
    expect(billing.payments()).toHaveLength(1);
  });

  it('a Sberbank channel the same way: check, payment, CODE 8 on the repeat, one receipt', async () => {
    const sber = async (params: Record<string, string>) =>
      xmlFields(
        (
          await callChannel(box.app, 'sber', params, {
            ip: SBER_IP,
            headers: { authorization: basicAuth('sber', 'sber-password-1') },
          })
        ).body,
      );
    expect(await sber({ ACTION: 'check', ACCOUNT: '49578' })).toMatchObject({ CODE: '0' });
    expect((await sber({ ACTION: 'check', ACCOUNT: '77777' })).CODE).toBe('3');
    const payment = {
      ACTION: 'payment',
      ACCOUNT: '49578',
      AMOUNT: '500.00',
      PAY_ID: '700000000001',
      PAY_DATE: '22.11.2026_12:01:33',
    };
    const first = await sber(payment);
    expect(first).toMatchObject({ CODE: '0', AMOUNT: '500.00' });
    const again = await sber(payment);
    expect(again).toMatchObject({ CODE: '8', EXT_ID: first.EXT_ID, REG_DATE: first.REG_DATE });
    expect((await sber({ ...payment, AMOUNT: 'x' })).CODE).toBe('9');
    await receiptOf('700000000001');
    expect(billing.payments()).toHaveLength(1);
    await box.drain();
    expect(await box.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });
  });
});
