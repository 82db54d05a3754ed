import { describe, expect, it } from 'vitest';
import { deviceLocalToUtc, isValidTimeZone, utcToDeviceLocal } from '../../../app/domain/device-time.ts';
import { formatRubles, parseRubles } from '../../../app/domain/money.ts';
import { receiptQr } from '../../../app/domain/receipt-qr.ts';
import {
  documentTotal,
  normalizeCustomerContact,
  serviceReceipt,
} from '../../../app/domain/service-receipt.ts';

describe('money in kopecks', () => {
  it('formats kopecks as rubles with two decimals', () => {
    expect(formatRubles(0)).toBe('0.00');
    expect(formatRubles(5)).toBe('0.05');
    expect(formatRubles(999999900)).toBe('9999999.00');
    expect(formatRubles(123456)).toBe('1234.56');
  });

  it('refuses fractions of a kopeck and negative amounts', () => {
    expect(() => formatRubles(1.5)).toThrow(RangeError);
    expect(() => formatRubles(-1)).toThrow(RangeError);
  });

  it('parses ruble text without floating point drift', () => {
    expect(parseRubles('0.29')).toBe(29);
    expect(parseRubles('1234,5')).toBe(123450);
    expect(parseRubles('100')).toBe(10000);
    expect(parseRubles('1.005')).toBeUndefined();
    expect(parseRubles('-1')).toBeUndefined();
    expect(parseRubles('abc')).toBeUndefined();
  });
});

describe('device local time', () => {
  it('converts Moscow wall time to UTC and back', () => {
    expect(deviceLocalToUtc('2021-07-29T11:29', 'Europe/Moscow').toISOString()).toBe(
      '2021-07-29T08:29:00.000Z',
    );
    expect(utcToDeviceLocal(new Date('2021-07-29T08:29:05Z'), 'Europe/Moscow')).toBe('2021-07-29T11:29:05');
  });

  it('handles zones east of Moscow across midnight', () => {
    expect(deviceLocalToUtc('2026-01-01T02:00:00', 'Asia/Vladivostok').toISOString()).toBe(
      '2025-12-31T16:00:00.000Z',
    );
  });

  it('settles the offset around a daylight saving change', () => {
    // 2026-03-29 Berlin moves from +01:00 to +02:00 at 02:00 local.
    expect(deviceLocalToUtc('2026-03-29T03:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(deviceLocalToUtc('2026-03-29T01:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T00:30:00.000Z',
    );
  });

  it('rejects text that is not a local time and unknown zones', () => {
    expect(() => deviceLocalToUtc('29.07.2021 11:29', 'Europe/Moscow')).toThrow(RangeError);
    expect(isValidTimeZone('Europe/Moscow')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('receipt QR code', () => {
  it('follows the FNS layout of the example in pril. 2', () => {
    expect(
      receiptQr({
        deviceTime: '2015-07-20T16:38',
        totalKopecks: 999999900,
        fnNumber: '000110000105',
        fdNumber: 12345678,
        fiscalSign: '0000123456',
        operation: 'income_return',
      }),
    ).toBe('t=20150720T1638&s=9999999.00&fn=000110000105&i=12345678&fp=123456&n=2');
  });
});

describe('service payment receipt', () => {
  const policy = {
    itemName: 'Оплата услуг связи',
    paymentMethod: 'advance',
    paymentObject: 'service',
    vat: 'none',
    taxSystem: 'usn_income',
  } as const;

  it('builds one приход item for the whole amount, paid electronically', () => {
    const doc = serviceReceipt(
      { amountKopecks: 50_000, method: 'electronic', customerContact: '+79991234567' },
      policy,
    );
    expect(doc).toEqual({
      operation: 'income',
      items: [
        {
          name: 'Оплата услуг связи',
          priceKopecks: 50_000,
          quantity: 1,
          vat: 'none',
          paymentMethod: 'advance',
          paymentObject: 'service',
        },
      ],
      payments: { cashKopecks: 0, electronicKopecks: 50_000 },
      taxSystem: 'usn_income',
      customerContact: '+79991234567',
      electronicOnly: false,
    });
    expect(documentTotal(doc)).toBe(50_000);
  });

  it('puts a cash payment into the cash sum and leaves 1008 out when unknown', () => {
    const doc = serviceReceipt({ amountKopecks: 100, method: 'cash' }, policy);
    expect(doc.payments).toEqual({ cashKopecks: 100, electronicKopecks: 0 });
    expect('customerContact' in doc).toBe(false);
  });

  it('normalizes customer contacts to the forms tag 1008 accepts', () => {
    expect(normalizeCustomerContact('8 (999) 123-45-67')).toBe('+79991234567');
    expect(normalizeCustomerContact('79991234567')).toBe('+79991234567');
    expect(normalizeCustomerContact(' Ivan@Example.ru ')).toBe('ivan@example.ru');
    expect(normalizeCustomerContact('12345')).toBeUndefined();
    expect(normalizeCustomerContact('not an email@')).toBeUndefined();
  });
});
