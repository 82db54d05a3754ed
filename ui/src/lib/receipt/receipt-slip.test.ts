import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { PaymentJson, ReceiptDetailJson, RegisterJson } from '../api/types.ts';
import { readReceiptSlip, type SlipReaders } from './receipt-slip.ts';

const receipt = { id: 7, payment_id: 3, register_id: 2 } as ReceiptDetailJson;
const payment = { id: 3, source_id: 5 } as PaymentJson;
const register = { id: 2, organization_id: 9 } as RegisterJson;

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
    ...overrides,
  };
}

describe('readReceiptSlip', () => {
  it('follows the receipt to its payment and register', async () => {
    const read = readers();
    const slip = await readReceiptSlip(7, read);
    expect(slip).toEqual({ receipt, payment, register });
    expect(read.calls.sort()).toEqual(['payment:3', 'receipt:7', 'register:2']);
  });

  it('still gives the receipt when the role may not read the register', async () => {
    const forbidden = async () => {
      throw new ApiError(403, 'register_not_assigned', 'Not your register');
    };
    const slip = await readReceiptSlip(7, readers({ register: forbidden }));
    expect(slip.receipt).toBe(receipt);
    expect(slip.payment).toBe(payment);
    expect(slip.register).toBeNull();
  });

  it('fails when the receipt itself cannot be read', async () => {
    const missing = async () => {
      throw new ApiError(404, 'not_found', 'No receipt');
    };
    await expect(readReceiptSlip(7, readers({ receipt: missing }))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('does not read again what the caller already has (the cash desk has the payment and register)', async () => {
    const read = readers();
    await readReceiptSlip(7, read, { payment, register });
    expect(read.calls).toEqual(['receipt:7']);
  });
});
