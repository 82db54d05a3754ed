// The FiscalError a driver call rejects with, for tests that inspect its code and outcomeKnown.
import { FiscalError } from '../../drivers/fiscal-error.ts';

/** Awaits the call and returns its FiscalError; fails the test if it resolves or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<FiscalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FiscalError) return error;
    throw error;
  }
  throw new Error('expected a FiscalError');
}
