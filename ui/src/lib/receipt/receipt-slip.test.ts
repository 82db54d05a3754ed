import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { OrganizationJson, PaymentJson, ReceiptJson, RegisterJson, SourceJson } from '../api/types.ts';
import { readReceiptSlip, type SlipReaders } from './receipt-slip.ts';

const receipt = { id: 7, payment_id: 3, register_id: 2 } as ReceiptJson;
const payment = { id: 3, source_id: 5 } as PaymentJson;
const register = { id: 2, organization_id: 9 } as RegisterJson;
const organization = { id: 9, inn: '7707083893' } as OrganizationJson;
const source = { id: 5, item_name: 'Оплата услуг связи' } as SourceJson;

function readers(overrides: Partial<SlipReaders> = {}): SlipReaders & { calls: string[] } {
  const calls: string[] = [];
  const log =
    <T>(name: string, value: T) =>
    async (id: number) => {
      calls.push(`${name}:${id}`);
      return value;
    };
  return {
    calls,
    receipt: log('receipt', receipt),
    payment: log('payment', payment),
    register: log('register', register),
    organization: log('organization', organization),
    source: log('source', source),
    ...overrides,
  };
}

describe('readReceiptSlip', () => {
  it('follows the receipt to its payment, register, organization and source', async () => {
    const read = readers();
    const slip = await readReceiptSlip(7, read);
    expect(slip).toEqual({ receipt, payment, register, organization, source });
    expect(read.calls.sort()).toEqual(['organization:9', 'payment:3', 'receipt:7', 'register:2', 'source:5']);
  });

  it('still gives the receipt when the role may not read organizations or sources', async () => {
    const forbidden = async () => {
      throw new ApiError(403, 'forbidden', 'Forbidden');
    };
    const slip = await readReceiptSlip(7, readers({ organization: forbidden, source: forbidden }));
    expect(slip.receipt).toBe(receipt);
    expect(slip.organization).toBeNull();
    expect(slip.source).toBeNull();
    expect(slip.register).toBe(register);
  });

  it('fails when the receipt itself cannot be read', async () => {
    const missing = async () => {
      throw new ApiError(404, 'not_found', 'No receipt');
    };
    await expect(readReceiptSlip(7, readers({ receipt: missing }))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('does not read again what the caller already has (the cash desk has the payment)', async () => {
    const read = readers();
    await readReceiptSlip(7, read, { receipt, payment });
    expect(read.calls.sort()).toEqual(['organization:9', 'register:2', 'source:5']);
  });
});
