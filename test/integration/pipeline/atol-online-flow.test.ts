// The ATOL Online flow end to end (issue 5 "Tests"): a client written from ATOL's public API description,
// pointed at a real box (listening on 127.0.0.1) with the Shtrih simulator, gets a token, sells, reads the
// report — wait while the register is off, then done with the FN's own fiscal data — receives the same
// report at its callback_url once, refunds, and corrects.
import { afterEach, describe, expect, it } from 'vitest';
import { COMPANY_INN } from '../../helpers/api-fixtures.ts';
import {
  AtolOnlineClient,
  atolSellBody,
  startAtolCallbackReceiver,
} from '../../helpers/atol-online-client.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';

const GROUP = 'isp-group-1';

describe('ATOL Online v4 client ↔ box ↔ simulator', () => {
  let box: Box | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await box?.close();
    box = undefined;
  });

  it('sell → report wait → done with the FN data, one callback, then sell_refund and sell_correction', async () => {
    box = await startBoxWithSimulator();
    const b = box;
    b.deps.results.start();
    cleanups.push(() => b.deps.results.stop());
    const receiver = await startAtolCallbackReceiver();
    cleanups.push(() => receiver.close());
    const group = await b.asAdmin({
      method: 'POST',
      url: '/api/v1/atol-groups',
      payload: { source_id: b.sourceId, group_code: GROUP, login: 'isp', password: 'isp-password-1' },
    });
    expect(group.statusCode, group.body).toBe(201);
    const address = await b.app.listen({ host: '127.0.0.1', port: 0 });
    const client = new AtolOnlineClient({
      baseUrl: `${address}/possystem/v4/`,
      login: 'isp',
      pass: 'isp-password-1',
      groupCode: GROUP,
    });
    expect((await client.getToken()).json).toMatchObject({ error: null, token: expect.any(String) });

    // The register is off: the document waits.
    const [device] = b.devices;
    await b.stopDevice(device!);
    const sold = await client.sell(atolSellBody('pay-1', 1599.99, receiver.url));
    expect(sold.httpStatus).toBe(200);
    expect(sold.json).toMatchObject({ status: 'wait', error: null });
    const uuid: string = sold.json.uuid;
    const waiting = await client.report(uuid);
    expect(waiting.json).toMatchObject({
      uuid,
      status: 'wait',
      error: null,
      payload: null,
      external_id: 'pay-1',
    });

    await b.startDevice(device!);
    await b.drain();
    const done = await client.report(uuid);
    expect(done.httpStatus).toBe(200);
    const payment = await b.payment(b.deps.payments.views.byExternalId(b.sourceId, 'pay-1')!.payment.id);
    expect(done.json).toMatchObject({
      uuid,
      status: 'done',
      error: null,
      group_code: GROUP,
      daemon_code: 'kassabox',
      external_id: 'pay-1',
      callback_url: receiver.url,
      payload: {
        total: 1599.99,
        fns_site: 'www.nalog.gov.ru',
        fn_number: device!.fnNumber,
        fiscal_document_number: payment.receipt!.fd_number,
        fiscal_document_attribute: Number(payment.receipt!.fiscal_sign),
        shift_number: expect.any(Number),
        fiscal_receipt_number: 1,
        receipt_datetime: expect.stringMatching(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/),
      },
    });

    // The callback: the same report, once.
    await b.waitFor('the ATOL callback', () => receiver.received.length > 0);
    const { timestamp: _t1, ...reported } = done.json;
    const { timestamp: _t2, ...called } = receiver.received[0] as Record<string, unknown>;
    expect(called).toEqual(reported);

    // A resubmit after a lost answer: the same uuid, no second receipt.
    expect((await client.sell(atolSellBody('pay-1', 1599.99, receiver.url))).json.uuid).toBe(uuid);

    // ABillS cancels with sell_refund under "<payment>-c".
    const refund = await client.register('sell_refund', atolSellBody('pay-1-c', 1599.99, ''));
    expect(refund.httpStatus, JSON.stringify(refund.json)).toBe(200);
    await b.drain();
    const refunded = await client.report(refund.json.uuid);
    expect(refunded.json).toMatchObject({
      status: 'done',
      payload: { total: 1599.99, fiscal_receipt_number: 2 },
    });
    const correction = await client.register('sell_correction', {
      external_id: 'corr-1',
      timestamp: '22.11.2026 14:00:00',
      correction: {
        company: { sno: 'usn_income', inn: COMPANY_INN, payment_address: 'https://isp.example' },
        correction_info: { type: 'self', base_date: '21.11.2026', base_number: '' },
        payments: [{ type: 0, sum: 100 }],
        vats: [{ type: 'none', sum: 0 }],
      },
    });
    expect(correction.httpStatus, JSON.stringify(correction.json)).toBe(200);
    await b.drain();
    const corrected = await client.report(correction.json.uuid);
    expect(corrected.json).toMatchObject({ status: 'done', payload: { total: 100 } });

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
    // Exactly one receipt per accepted payment, and the journal holds: the box's own invariants.
    for (const externalId of ['pay-1', 'pay-1-c', 'corr-1']) {
      const { payment: row } = b.deps.payments.views.byExternalId(b.sourceId, externalId)!;
      b.accepted.set(row.id, { id: row.id, externalId, amountKopecks: row.amountKopecks });
    }
    await b.checkInvariants();
  });
});
