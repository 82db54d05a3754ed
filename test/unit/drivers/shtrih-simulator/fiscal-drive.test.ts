import { describe, expect, it } from 'vitest';
import { formatLocalMinute } from '../../../../drivers/shtrih/simulator/clock.ts';
import { DeviceErrorCode, DeviceRefusal } from '../../../../drivers/shtrih/simulator/device-errors.ts';
import { fiscalSign } from '../../../../drivers/shtrih/simulator/fiscal-sign.ts';
import type { ReceiptDetails } from '../../../../drivers/shtrih/simulator/fn-documents.ts';
import { FnWarning } from '../../../../drivers/shtrih/simulator/fn-limits.ts';
import { createDevice, DAY, FN_NUMBER, HOUR, SIGN_KEY, START } from './device-fixture.ts';

const DETAILS: ReceiptDetails = {
  items: [],
  payments: [1000],
  cashKopecks: 1000,
  electronicKopecks: 0,
  changeKopecks: 0,
  taxSystem: 0x02,
  roundingKopecks: 0,
  text: '',
  electronicOnly: false,
};

function refusalCode(action: () => unknown): number | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DeviceRefusal) return error.code;
    throw error;
  }
  return undefined;
}

function openShift(fn: ReturnType<typeof createDevice>['fn']) {
  fn.beginShiftOpen();
  return fn.completeShiftOpen();
}

function receipt(fn: ReturnType<typeof createDevice>['fn'], total = 1000) {
  fn.beginReceipt();
  return fn.completeReceipt(1, total, DETAILS);
}

describe('simulated FN: documents', () => {
  it('arrives registered: FD 1 is the registration report, acknowledged by the OFD, shift closed', () => {
    const { fn } = createDevice();
    expect(fn.state.lastFdNumber).toBe(1);
    expect(fn.state.archive).toMatchObject([{ kind: 'registration', fdNumber: 1, ofdAcknowledged: true }]);
    expect(fn.status()).toMatchObject({
      phase: 0x03,
      currentDocument: 0,
      shiftOpen: false,
      fnNumber: FN_NUMBER,
    });
  });

  it('numbers every document one after another and keeps them in the archive', () => {
    const { fn } = createDevice();
    const shiftOpen = openShift(fn);
    const first = receipt(fn, 1500);
    const second = receipt(fn, 2500);
    fn.beginShiftClose();
    const shiftClose = fn.completeShiftClose();
    expect([shiftOpen, first, second, shiftClose].map((record) => record.fdNumber)).toEqual([2, 3, 4, 5]);
    expect(first).toMatchObject({
      kind: 'receipt',
      operation: 1,
      totalKopecks: 1500,
      receiptNumber: 1,
      shiftNumber: 1,
    });
    expect(second.receiptNumber).toBe(2);
    expect(shiftClose).toMatchObject({ kind: 'shift_close', shiftNumber: 1 });
    expect(fn.state.shift).toMatchObject({ number: 1, open: false, receiptCount: 2 });
    expect(fn.find(3).totalKopecks).toBe(1500);
  });

  it('answers «нет запрошенных данных» for a document it does not have', () => {
    const { fn } = createDevice();
    expect(refusalCode(() => fn.find(99))).toBe(DeviceErrorCode.fnNoData);
  });

  it('signs with HMAC-SHA256 of FN number, FD, date-time, type and sum: deterministic, and different per document', () => {
    const a = createDevice();
    const b = createDevice();
    openShift(a.fn);
    openShift(b.fn);
    const fromA = receipt(a.fn, 1000);
    const fromB = receipt(b.fn, 1000);
    expect(fromA.fiscalSign).toBe(fromB.fiscalSign);
    expect(fromA.fiscalSign).toBe(
      fiscalSign(SIGN_KEY, {
        fnNumber: FN_NUMBER,
        fdNumber: fromA.fdNumber,
        dateTime: formatLocalMinute(a.clock.local(fromA.at)),
        formCode: 3,
        totalKopecks: 1000,
      }),
    );
    expect(receipt(a.fn, 1000).fiscalSign).not.toBe(fromA.fiscalSign);
    expect(fromA.fiscalSign).toBeGreaterThanOrEqual(0);
    expect(fromA.fiscalSign).toBeLessThan(2 ** 32);
  });

  it('cancels a begun receipt without forming a document', () => {
    const { fn } = createDevice();
    openShift(fn);
    fn.beginReceipt();
    expect(fn.status().currentDocument).toBe(0x04);
    fn.cancelDocument();
    expect(fn.status().currentDocument).toBe(0);
    expect(fn.state.lastFdNumber).toBe(2);
    expect(receipt(fn).fdNumber).toBe(3);
  });

  it('refuses a second document while one is begun, and «Сформировать» without «Начать»', () => {
    const { fn } = createDevice();
    openShift(fn);
    fn.beginReceipt();
    expect(refusalCode(() => fn.beginShiftClose())).toBe(DeviceErrorCode.fnWrongState);
    fn.cancelDocument();
    expect(refusalCode(() => fn.completeShiftClose())).toBe(DeviceErrorCode.fnWrongState);
    expect(refusalCode(() => fn.beginShiftOpen())).toBe(DeviceErrorCode.fnWrongState);
  });

  it('refuses a document dated before the last one', () => {
    const device = createDevice();
    openShift(device.fn);
    device.clock.advance(-2 * HOUR);
    expect(refusalCode(() => device.fn.beginReceipt())).toBe(DeviceErrorCode.fnBadDateTime);
  });
});

describe('simulated FN: limits', () => {
  it('refuses a receipt once the shift is older than 24 hours, but still closes the shift', () => {
    const device = createDevice();
    openShift(device.fn);
    device.clock.advance(24 * HOUR);
    expect(device.fn.isShiftExpired()).toBe(false);
    device.clock.advance(60_000);
    expect(device.fn.isShiftExpired()).toBe(true);
    expect(refusalCode(() => device.fn.beginReceipt())).toBe(DeviceErrorCode.fnShiftOver24h);
    device.fn.beginShiftClose();
    expect(device.fn.completeShiftClose().kind).toBe('shift_close');
  });

  it('blocks fiscal documents when the oldest unsent document waits more than 30 days, until the OFD takes it', () => {
    const device = createDevice({ ofdOnline: false });
    openShift(device.fn);
    receipt(device.fn);
    device.fn.beginShiftClose();
    device.fn.completeShiftClose();
    expect(device.fn.unsent().map((record) => record.fdNumber)).toEqual([2, 3, 4]);
    device.pass(30 * DAY);
    expect(device.fn.isOfdBlocked()).toBe(false);
    device.pass(HOUR);
    expect(device.fn.status().warnings & FnWarning.ofdTimeout).toBe(FnWarning.ofdTimeout);
    expect(refusalCode(() => device.fn.beginShiftOpen())).toBe(DeviceErrorCode.fnOfdWaitExceeded);
    device.ofd.deliverAll();
    expect(device.fn.unsent()).toEqual([]);
    expect(refusalCode(() => device.fn.beginShiftOpen())).toBeUndefined();
  });

  it('refuses to open a shift or a receipt past the validity date, and warns 30 and 3 days before', () => {
    const device = createDevice({ validUntil: '2026-03-31' });
    expect(device.fn.status().warnings & FnWarning.resourceEnding).toBe(FnWarning.resourceEnding);
    expect(device.fn.status().warnings & FnWarning.replaceUrgently).toBe(0);
    openShift(device.fn);
    device.clock.set(Date.UTC(2026, 2, 29, 12));
    expect(device.fn.status().warnings & FnWarning.replaceUrgently).toBe(FnWarning.replaceUrgently);
    device.fn.beginShiftClose();
    device.fn.completeShiftClose();
    device.clock.set(Date.UTC(2026, 2, 31, 20, 59)); // 23:59 local, still the last valid day
    expect(device.fn.isExpired()).toBe(false);
    device.clock.advance(60_000);
    expect(device.fn.isExpired()).toBe(true);
    expect(refusalCode(() => device.fn.beginShiftOpen())).toBe(DeviceErrorCode.fnExpired);
  });

  it('counts free documents down and refuses new documents when the resource is exhausted', () => {
    const device = createDevice({ capacity: 4 });
    expect(device.fn.freeDocuments()).toBe(3);
    openShift(device.fn);
    receipt(device.fn);
    expect(device.fn.freeDocuments()).toBe(1);
    expect(device.fn.status().warnings & FnWarning.memoryAlmostFull).toBe(0);
    receipt(device.fn);
    expect(device.fn.freeDocuments()).toBe(0);
    expect(device.fn.status().warnings & FnWarning.memoryAlmostFull).toBe(FnWarning.memoryAlmostFull);
    expect(refusalCode(() => device.fn.beginReceipt())).toBe(DeviceErrorCode.fnResourceExhausted);
  });

  it('keeps DATE_TIME of the last document for FF01 and the registration time at START − 1 day', () => {
    const device = createDevice();
    expect(device.fn.status().lastDocumentAt).toBe(START - DAY);
    device.pass(HOUR);
    const record = openShift(device.fn);
    expect(device.fn.status().lastDocumentAt).toBe(record.at);
    expect(record.at).toBe(START + HOUR);
  });
});
