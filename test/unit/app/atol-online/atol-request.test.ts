// ATOL Online v4 requests → FiscalDocument: the mapping of every field the box uses, exact money
// conversion, and each refusal with ATOL's code and the field named.
import { describe, expect, it } from 'vitest';
import { AtolError } from '../../../../app/atol-online/atol-errors.ts';
import { kopecksOfRubles, thousandthsOfQuantity } from '../../../../app/atol-online/atol-money.ts';
import {
  type AtolReceiptContext,
  atolAccountOf,
  parseAtolRequest,
} from '../../../../app/atol-online/atol-request.ts';

const CONTEXT: AtolReceiptContext = {
  inn: '7707083893',
  taxSystem: 'usn_income',
  paymentMethod: 'advance',
  paymentObject: 'service',
};

// What ABillS Extreceipt sends (anphsw/abills:Abills/modules/Extreceipt/API/Atol.pm payment_register):
// no payment_method, phone and email both present (one possibly empty), payment type 1.
function abillsSell(sum: number) {
  return {
    external_id: '123456',
    timestamp: '22.11.2026 13:00:00',
    service: { callback_url: '' },
    receipt: {
      client: { email: '', phone: '+7 (999) 123-45-67' },
      company: { email: 'isp@example.ru', inn: '7707083893', payment_address: 'https://isp.example' },
      items: [
        {
          name: 'Интернет UID: 42',
          price: sum,
          quantity: 1,
          sum,
          payment_object: 'service',
          vat: { type: 'none' },
        },
      ],
      payments: [{ type: 1, sum }],
      total: sum,
    },
  };
}

function refusal(run: () => unknown): AtolError {
  try {
    run();
  } catch (error) {
    if (error instanceof AtolError) return error;
    throw error;
  }
  throw new Error('expected an ATOL error');
}

describe('ATOL money', () => {
  it('converts rubles with up to 2 decimals exactly and refuses a third', () => {
    expect(kopecksOfRubles(1599.99)).toBe(159999);
    // Binary noise of a sender that added floats (PHP json_encode(0.1 + 0.2) = 0.30000000000000004).
    expect(kopecksOfRubles(0.1 + 0.2)).toBe(30);
    expect(kopecksOfRubles(1.15 * 100)).toBe(11500);
    expect(kopecksOfRubles(19.9)).toBe(1990);
    expect(kopecksOfRubles(42949672.95)).toBe(4294967295);
    expect(kopecksOfRubles(100000000)).toBe(10000000000);
    expect(kopecksOfRubles(10.005)).toBeUndefined();
    expect(kopecksOfRubles(1e-7)).toBeUndefined();
    expect(kopecksOfRubles(Number.NaN)).toBeUndefined();
    expect(thousandthsOfQuantity(1.5)).toBe(1500);
    expect(thousandthsOfQuantity(0.001)).toBe(1);
    expect(thousandthsOfQuantity(1.0005)).toBeUndefined();
  });
});

describe('parseAtolRequest', () => {
  it('maps what ABillS sends to a receipt of the organization, with the source defaults for what it leaves out', () => {
    const parsed = parseAtolRequest('sell', abillsSell(500.5), CONTEXT);
    expect(parsed).toEqual({
      externalId: '123456',
      callbackUrl: null,
      totalKopecks: 50050,
      method: 'electronic',
      customerContact: '+79991234567',
      document: {
        operation: 'income',
        items: [
          {
            name: 'Интернет UID: 42',
            priceKopecks: 50050,
            quantity: 1,
            vat: 'none',
            paymentMethod: 'advance',
            paymentObject: 'service',
          },
        ],
        payments: { cashKopecks: 0, electronicKopecks: 50050 },
        taxSystem: 'usn_income',
        electronicOnly: false,
        customerContact: '+79991234567',
      },
    });
    expect(atolAccountOf(abillsSell(1))).toBe('+79991234567');
  });

  it('maps the operations: sell_refund, buy, buy_refund', () => {
    expect(parseAtolRequest('sell_refund', abillsSell(1), CONTEXT).document.operation).toBe('income_return');
    expect(parseAtolRequest('buy', abillsSell(1), CONTEXT).document.operation).toBe('expense');
    expect(parseAtolRequest('buy_refund', abillsSell(1), CONTEXT).document.operation).toBe('expense_return');
  });

  it('keeps several items, quantities with 3 decimals, cash and electronic parts, sno and the callback URL', () => {
    const body = abillsSell(0);
    body.service.callback_url = 'https://billing.example/cb';
    Object.assign(body.receipt, {
      client: { email: 'A@B.ru', phone: '+79990000000' },
      company: { ...body.receipt.company, sno: 'osn' },
      items: [
        {
          name: 'Роутер',
          price: 2500,
          quantity: 1,
          sum: 2500,
          payment_method: 'full_payment',
          payment_object: 'commodity',
          vat: { type: 'vat20' },
        },
        {
          name: 'Кабель, м',
          price: 33.33,
          quantity: 1.5,
          sum: 50,
          payment_method: 'full_payment',
          payment_object: 'commodity',
          vat: { type: 'vat120' },
        },
      ],
      payments: [
        { type: 0, sum: 550 },
        { type: 1, sum: 2000 },
      ],
      total: 2550,
    });
    const parsed = parseAtolRequest('sell', body, CONTEXT);
    expect(parsed.callbackUrl).toBe('https://billing.example/cb');
    expect(parsed.customerContact).toBe('a@b.ru');
    expect(parsed.document.taxSystem).toBe('osn');
    expect(parsed.document.items[1]).toMatchObject({ priceKopecks: 3333, quantity: 1.5, vat: 'vat120' });
    expect(parsed.document.payments).toEqual({ cashKopecks: 55000, electronicKopecks: 200000 });
    expect(parsed.totalKopecks).toBe(255000);
  });

  it('makes a correction receipt of sell_correction / buy_correction with one item at the one VAT rate', () => {
    const body = {
      external_id: 'corr-1',
      timestamp: '22.11.2026 13:00:00',
      correction: {
        company: { sno: 'usn_income', inn: '7707083893', payment_address: 'https://isp.example' },
        correction_info: { type: 'instruction', base_date: '25.07.2026', base_number: '1175' },
        payments: [{ type: 0, sum: 2000 }],
        vats: [{ type: 'none', sum: 0 }],
      },
    };
    const parsed = parseAtolRequest('sell_correction', body, CONTEXT);
    expect(parsed.document).toMatchObject({
      operation: 'income',
      correction: { type: 'instruction', baseDate: '2026-07-25', baseNumber: '1175' },
      payments: { cashKopecks: 200000, electronicKopecks: 0 },
      items: [{ priceKopecks: 200000, quantity: 1, vat: 'none' }],
    });
    expect(parsed.method).toBe('cash');
    expect(parseAtolRequest('buy_correction', body, CONTEXT).document.operation).toBe('expense');
    const twoRates = structuredClone(body);
    twoRates.correction.vats.push({ type: 'vat20', sum: 1 });
    expect(refusal(() => parseAtolRequest('sell_correction', twoRates, CONTEXT)).message).toContain(
      '#/correction/vats',
    );
  });

  // Every refusal is ATOL's 32 (HTTP 400, status fail) with the JSON path of the field.
  const cases: [string, (body: ReturnType<typeof abillsSell>) => void, string][] = [
    [
      'a third decimal in a price',
      (b) => {
        b.receipt.items[0]!.price = 10.005;
      },
      '#/receipt/items/0/price',
    ],
    [
      'a price as a string',
      (b) => {
        (b.receipt.items[0] as Record<string, unknown>).price = '10.00';
      },
      '#/receipt/items/0/price',
    ],
    [
      'a negative sum',
      (b) => {
        b.receipt.items[0]!.sum = -1;
      },
      '#/receipt/items/0/sum',
    ],
    [
      'a quantity with 4 decimals',
      (b) => {
        b.receipt.items[0]!.quantity = 1.0001;
      },
      '#/receipt/items/0/quantity',
    ],
    [
      'sum other than price × quantity',
      (b) => {
        b.receipt.items[0]!.sum = 400;
      },
      '#/receipt/items/0/sum',
    ],
    [
      'total other than the items',
      (b) => {
        b.receipt.total = 400;
      },
      '#/receipt/total',
    ],
    [
      'payments other than total',
      (b) => {
        b.receipt.payments[0]!.sum = 400;
      },
      '#/receipt/payments',
    ],
    [
      'payment type 2 (аванс)',
      (b) => {
        b.receipt.payments[0]!.type = 2;
      },
      '#/receipt/payments/0/type',
    ],
    [
      'another INN',
      (b) => {
        b.receipt.company.inn = '7728168971';
      },
      '#/receipt/company/inn',
    ],
    [
      'an unknown sno',
      (b) => {
        Object.assign(b.receipt.company, { sno: 'usn' });
      },
      '#/receipt/company/sno',
    ],
    [
      'vat18 (gone since 2019)',
      (b) => {
        b.receipt.items[0]!.vat.type = 'vat18';
      },
      '#/receipt/items/0/vat/type',
    ],
    [
      'payment_method credit',
      (b) => {
        Object.assign(b.receipt.items[0]!, { payment_method: 'credit' });
      },
      '#/receipt/items/0/payment_method',
    ],
    [
      'payment_object job',
      (b) => {
        b.receipt.items[0]!.payment_object = 'job';
      },
      '#/receipt/items/0/payment_object',
    ],
    [
      'agent_info on an item',
      (b) => {
        Object.assign(b.receipt.items[0]!, { agent_info: { type: 'paying_agent' } });
      },
      '#/receipt/items/0/agent_info',
    ],
    [
      'a name over 128 characters',
      (b) => {
        b.receipt.items[0]!.name = 'x'.repeat(129);
      },
      '#/receipt/items/0/name',
    ],
    [
      'no items',
      (b) => {
        b.receipt.items = [];
      },
      '#/receipt/items',
    ],
    [
      'a bad phone',
      (b) => {
        b.receipt.client.phone = '12';
      },
      '#/receipt/client/phone',
    ],
    [
      'no external_id',
      (b) => {
        b.external_id = '';
      },
      '#/external_id',
    ],
    [
      'an external_id over 128',
      (b) => {
        b.external_id = 'e'.repeat(129);
      },
      '#/external_id',
    ],
    [
      'a timestamp in ISO form',
      (b) => {
        b.timestamp = '2026-11-22T13:00:00';
      },
      '#/timestamp',
    ],
    [
      'a callback that is not http',
      (b) => {
        b.service.callback_url = 'ftp://x';
      },
      '#/service/callback_url',
    ],
    [
      'no company',
      (b) => {
        Object.assign(b.receipt, { company: undefined });
      },
      '#/receipt/company',
    ],
  ];
  for (const [what, change, path] of cases) {
    it(`refuses ${what} with 32 naming ${path}`, () => {
      const body = abillsSell(500);
      change(body);
      const error = refusal(() => parseAtolRequest('sell', body, CONTEXT));
      expect(error.code).toBe(32);
      expect(error.httpStatus).toBe(400);
      expect(error.status).toBe('fail');
      expect(error.message).toContain(`${path}:`);
    });
  }

  it('refuses a body that is not an object with 40', () => {
    const error = refusal(() => parseAtolRequest('sell', [1, 2], CONTEXT));
    expect([error.code, error.httpStatus]).toEqual([40, 400]);
  });
});
