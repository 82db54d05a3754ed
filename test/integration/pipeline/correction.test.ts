// A payment that brings its own correction document (how the ATOL Online endpoints accept sell_correction
// and buy_correction: AcceptPaymentInput.document with `correction`) goes through the exactly-once
// pipeline to the simulated PAYONLINE-01-ФА and becomes one «кассовый чек коррекции» in the FN; a lost
// FF4Ah answer is reconciled to that correction, never sent twice.
import { describe, expect, it } from 'vitest';
import type { FiscalDocument } from '../../../drivers/fiscal-registrar.ts';
import { archiveKinds, boxPerTest, device } from '../../helpers/box-scenario.ts';
import { RECONCILED, REFUSED_SENT_AGAIN, SENT } from '../../helpers/box-trails.ts';
import type { Box } from '../../helpers/box-with-simulator.ts';

const boxes = boxPerTest();

function correctionDocument(
  amountKopecks: number,
  operation: 'income' | 'expense' = 'income',
): FiscalDocument {
  return {
    operation,
    items: [
      {
        name: 'Услуги связи (коррекция)',
        priceKopecks: amountKopecks,
        quantity: 1,
        vat: 'none',
        paymentMethod: 'full_payment',
        paymentObject: 'service',
      },
    ],
    payments: { cashKopecks: 0, electronicKopecks: amountKopecks },
    taxSystem: 'usn_income',
    customerContact: 'client@example.ru',
    electronicOnly: true,
    correction: { type: 'self', baseDate: '2026-02-27', baseNumber: '' },
  };
}

let counter = 0;

/** What the ATOL Online module does for a correction request: accept with the caller's document. */
function acceptCorrection(b: Box, document: FiscalDocument): number {
  counter++;
  const amountKopecks = document.payments.cashKopecks + document.payments.electronicKopecks;
  const externalId = `corr-${counter}`;
  const { view } = b.deps.payments.accept({
    sourceId: b.sourceId,
    externalId,
    account: `20${counter}`,
    amountKopecks,
    method: 'electronic',
    customerContact: 'client@example.ru',
    document,
  });
  const id = view.payment.id;
  b.accepted.set(id, { id, externalId, amountKopecks });
  return id;
}

describe('pipeline ↔ simulator: correction receipts', () => {
  it('a payment with a correction document becomes one correction receipt in the FN', async () => {
    const b = await boxes.start();
    const id = acceptCorrection(b, correctionDocument(43_210));
    await b.drain();
    expect(await b.trail(id)).toEqual(SENT);
    const { status, receipt } = await b.payment(id);
    expect(status).toBe('fiscalized');
    expect(receipt).toMatchObject({ resolution: 'device', total_kopecks: 43_210 });
    expect(archiveKinds(b)).toEqual(['registration', 'shift_open', 'correction']);
    const [record] = device(b).corrections();
    expect(record).toMatchObject({ fdNumber: receipt!.fd_number, operation: 1, totalKopecks: 43_210 });
    expect(String(record!.fiscalSign)).toBe(receipt!.fiscal_sign);
    expect(record!.correction).toMatchObject({ correctionType: 0, baseDate: '2026-02-27' });
    expect(await b.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });
  });

  it('a buy correction is a correction receipt with operation «расход»', async () => {
    const b = await boxes.start();
    const id = acceptCorrection(b, correctionDocument(5_000, 'expense'));
    await b.drain();
    expect((await b.payment(id)).status).toBe('fiscalized');
    expect(device(b).corrections()).toMatchObject([{ operation: 3, totalKopecks: 5_000 }]);
    expect(await b.checkInvariants()).toMatchObject({ receipts: 1 });
  });

  it('the FF4A answer is lost after the FN formed the correction: reconciled, not sent again', async () => {
    const b = await boxes.warm();
    device(b).faults.add({ kind: 'drop_answer', command: 'FF4A', link: 'close' });
    const id = acceptCorrection(b, correctionDocument(65_000));
    await b.drain();
    expect(await b.trail(id)).toEqual(RECONCILED);
    const { receipt } = await b.payment(id);
    expect(receipt).toMatchObject({ resolution: 'reconciled', fd_number: device(b).state.lastFdNumber });
    expect(device(b).corrections()).toHaveLength(1);
    expect(device(b).faults.pending()).toEqual([]);
    expect(await b.checkInvariants()).toMatchObject({ payments: 2, receipts: 2 });
  });

  it('the link is lost after FF35: the begun correction is cancelled (FF08) and sent again', async () => {
    const b = await boxes.warm();
    device(b).faults.add({ kind: 'drop_answer', command: 'FF35', link: 'close' });
    const id = acceptCorrection(b, correctionDocument(100));
    await b.drain();
    expect(await b.trail(id)).toEqual(REFUSED_SENT_AGAIN);
    const { receipt } = await b.payment(id);
    expect(device(b).document(receipt!.fd_number)?.kind).toBe('correction');
    expect(device(b).corrections()).toHaveLength(1);
    expect(device(b).state.openDocument).toBeUndefined();
    expect(await b.checkInvariants()).toMatchObject({ payments: 2, receipts: 2 });
  });
});
