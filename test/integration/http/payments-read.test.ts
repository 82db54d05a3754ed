// Reading payments: by id, by (source, external_id) with the receipt once a register fiscalized it, and
// the search with its filters and paging.
import { afterEach, describe, expect, it } from 'vitest';
import { ShtrihSimulator } from '../../../drivers/shtrih/simulator/shtrih-simulator.ts';
import {
  fakeRegistrars,
  type PaymentBox,
  ScriptedFake,
  shtrihRegistrars,
  startPaymentBox,
} from '../../helpers/payment-box.ts';

let box: PaymentBox | undefined;
let simulator: ShtrihSimulator | undefined;
afterEach(async () => {
  await box?.close();
  await simulator?.stop();
  box = undefined;
  simulator = undefined;
});

describe('a payment by id and by external id', () => {
  it('shows the receipt the simulated PAYONLINE-01-ФА fiscalized, the same in both routes', async () => {
    simulator = new ShtrihSimulator();
    const device = await simulator.start();
    box = await startPaymentBox({ registrarFactory: shtrihRegistrars });
    const registerId = await box.addRegister('Касса 1', device);
    box.api.deps.pipeline.start();

    const externalId = 'inv/2026 #17';
    const accepted = await box.accept({ external_id: externalId, amount_kopecks: 123_456 });
    const fiscalized = await box.waitForReceipt(accepted.id);

    const [inFn] = simulator.receipts();
    expect(simulator.receipts()).toHaveLength(1);
    expect(inFn).toMatchObject({ operation: 1, totalKopecks: 123_456 });
    const fn = simulator.state.fnNumber;
    expect(fiscalized).toMatchObject({ id: accepted.id, status: 'fiscalized' });
    expect(fiscalized.fiscal_job).toMatchObject({ state: 'done', register_id: registerId, attempts: 1 });
    expect(fiscalized.receipt).toMatchObject({
      payment_id: accepted.id,
      fiscal_job_id: accepted.fiscal_job!.id,
      register_id: registerId,
      fn_number: fn,
      fd_number: inFn!.fdNumber,
      fiscal_sign: String(inFn!.fiscalSign),
      shift_number: 1,
      operation: 'income',
      total_kopecks: 123_456,
      resolution: 'device',
    });
    expect(fiscalized.receipt!.qr).toBe(
      `t=${String(fiscalized.receipt!.device_time).replace(/[-:]/g, '')}&s=1234.56&fn=${fn}` +
        `&i=${inFn!.fdNumber}&fp=${inFn!.fiscalSign}&n=1`,
    );
    expect(fiscalized.receipt!.hash).toMatch(/^[0-9a-f]{64}$/);

    const url = `/api/v1/sources/${box.sourceId}/payments/${encodeURIComponent(externalId)}`;
    const bySource = await box.asSource({ method: 'GET', url });
    expect(bySource.statusCode).toBe(200);
    expect(bySource.json()).toEqual(fiscalized);
    const byPerson = await box.api.asAdmin({ method: 'GET', url });
    expect(byPerson.json()).toEqual(fiscalized);
    const receipt = await box.api.asAdmin({
      method: 'GET',
      url: `/api/v1/receipts/${fiscalized.receipt!.id}`,
    });
    // The detail is the payment's receipt plus what was fiscalized (receipt-detail.ts).
    expect(receipt.json()).toMatchObject(fiscalized.receipt!);
    expect(receipt.json().document.items[0].price_kopecks).toBe(fiscalized.amount_kopecks);
  });

  it('answers 404 for an unknown id, external id or source', async () => {
    box = await startPaymentBox();
    await box.accept({ external_id: 'known' });
    const get = (url: string) => box!.api.asAdmin({ method: 'GET', url });
    const cases: [string, string][] = [
      ['/api/v1/payments/4242', 'payment 4242 does not exist'],
      [
        `/api/v1/sources/${box.sourceId}/payments/unknown`,
        `payment unknown of source ${box.sourceId} does not exist`,
      ],
      ['/api/v1/sources/4242/payments/known', 'payment known of source 4242 does not exist'],
    ];
    for (const [url, message] of cases) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error).toEqual({ code: 'not_found', message });
    }
  });
});

describe('searching payments', () => {
  it('filters by source, external id, account, status, amount and paid_at, newest first, with paging', async () => {
    const fake = new ScriptedFake();
    box = await startPaymentBox({ registrarFactory: fakeRegistrars({ 'Касса 1': fake }) });
    await box.addRegister('Касса 1');
    box.api.deps.pipeline.start();

    // One refused by the FN (failed), two fiscalized, then the workers stop and two stay accepted.
    fake.faults.push('refuse_fn_expired');
    const failed = await box.accept({ account: 'A-1', amount_kopecks: 100, paid_at: '2026-11-20T10:00:00Z' });
    await box.waitForJob(failed.fiscal_job!.id, 'failed');
    const done1 = await box.accept({ account: 'A-1', amount_kopecks: 200, paid_at: '2026-11-21T10:00:00Z' });
    const done2 = await box.accept({ account: 'B-2', amount_kopecks: 200, paid_at: '2026-11-21T12:00:00Z' });
    await box.waitForJob(done1.fiscal_job!.id, 'done');
    await box.waitForJob(done2.fiscal_job!.id, 'done');
    await box.api.deps.pipeline.stop();
    const open1 = await box.accept({
      account: 'B-2',
      amount_kopecks: 300,
      paid_at: '2026-11-22T09:00:00+03:00',
    });
    const open2 = await box.accept({ external_id: 'last', account: 'C-3', amount_kopecks: 300 });

    const search = async (query: string) => {
      const response = await box!.asSource({ method: 'GET', url: `/api/v1/payments${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      return { ids: body.items.map((p: { id: number }) => p.id), total: body.total };
    };
    expect(await search('')).toEqual({
      ids: [open2.id, open1.id, done2.id, done1.id, failed.id],
      total: 5,
    });
    expect(await search('?status=failed')).toEqual({ ids: [failed.id], total: 1 });
    expect(await search('?status=fiscalized')).toEqual({ ids: [done2.id, done1.id], total: 2 });
    expect(await search('?status=accepted')).toEqual({ ids: [open2.id, open1.id], total: 2 });
    expect(await search('?account=B-2')).toEqual({ ids: [open1.id, done2.id], total: 2 });
    expect(await search('?amount_kopecks=200')).toEqual({ ids: [done2.id, done1.id], total: 2 });
    expect(await search('?external_id=last')).toEqual({ ids: [open2.id], total: 1 });
    expect(await search(`?source_id=${box.sourceId}&account=A-1&status=fiscalized`)).toEqual({
      ids: [done1.id],
      total: 1,
    });
    // paid_from is inclusive, paid_to exclusive; zones are honoured.
    expect(await search('?paid_from=2026-11-21T10:00:00Z&paid_to=2026-11-21T12:00:00Z')).toEqual({
      ids: [done1.id],
      total: 1,
    });
    expect(await search('?paid_from=2026-11-22T06:00:00Z')).toEqual({ ids: [open2.id, open1.id], total: 2 });
    expect(await search('?paid_to=2026-11-21T13:30:00%2B03:00')).toEqual({
      ids: [done1.id, failed.id],
      total: 2,
    });

    // Paging keeps the total of the whole result.
    expect(await search('?limit=2')).toEqual({ ids: [open2.id, open1.id], total: 5 });
    expect(await search('?limit=2&offset=2')).toEqual({ ids: [done2.id, done1.id], total: 5 });
    expect(await search('?limit=2&offset=4')).toEqual({ ids: [failed.id], total: 5 });
    expect(await search('?offset=10')).toEqual({ ids: [], total: 5 });

    const listed = await box.asSource({
      method: 'GET',
      url: `/api/v1/payments?external_id=${failed.external_id}`,
    });
    expect(listed.json().items[0]).toMatchObject({
      status: 'failed',
      fiscal_job: { state: 'failed', last_error_code: 'fn_expired' },
      receipt: null,
    });
  });
});
