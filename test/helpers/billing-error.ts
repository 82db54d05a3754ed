// The BillingError a billing adapter's promise rejects with; fails the test when it resolves or
// rejects with anything else. Shared by the adapter tests in test/integration/billing.
import { expect } from 'vitest';
import { BillingError } from '../../drivers/billing/billing-adapter.ts';

export async function billingError(promise: Promise<unknown>): Promise<BillingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BillingError);
  return error as BillingError;
}
