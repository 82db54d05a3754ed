// "Test connection" in the register form: before a register is saved, open its driver to the given
// address with short timeouts, read the status once and close. Nothing is written to the database and
// no register's worker is involved, so a wrong address cannot disturb the receipts of others.
import type { FiscalRegistrar, RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import { createRegistrar, type DeviceTimeouts } from '../devices/registrar-factory.ts';
import type { Logger } from '../logger.ts';
import { describeError } from '../pipeline/failure-policy.ts';
import type { RegisterDriver, RegisterProtocol, RegisterRow } from '../storage/register-repository.ts';

export interface ConnectionTarget {
  driver: RegisterDriver;
  host: string;
  port: number;
  protocol: RegisterProtocol;
  /** The device's operator password; the Shtrih factory default 30 when not given. */
  password?: number;
}

export type ConnectionTestResult =
  | { ok: true; status: RegistrarStatus }
  | { ok: false; error: { code: string; message: string } };

/** A person waits for the answer: a device on the LAN answers in well under a second. */
export const TEST_TIMEOUTS: DeviceTimeouts = {
  connectMs: 3_000,
  ackMs: 1_500,
  byteMs: 1_500,
  answerMs: 3_000,
};
/** The whole test, whatever the driver's own timeouts add up to. */
export const TEST_DEADLINE_MS = 10_000;

export type TestRegistrarFactory = (
  register: RegisterRow,
  logger: Logger,
  timeouts: DeviceTimeouts,
) => FiscalRegistrar;

function transientRegister(target: ConnectionTarget): RegisterRow {
  // Only the connection fields matter to a driver; the rest never leaves this function.
  return {
    id: 0,
    organizationId: 0,
    name: 'connection test',
    driver: target.driver,
    host: target.host,
    port: target.port,
    protocol: target.protocol,
    password: target.password ?? 30,
    timezone: 'UTC',
    electronicOnly: false,
    enabled: false,
    cashierName: 'connection test',
    cashierInn: null,
    createdAt: '',
    updatedAt: '',
  };
}

export async function testConnection(
  target: ConnectionTarget,
  logger: Logger,
  options: { factory?: TestRegistrarFactory; deadlineMs?: number } = {},
): Promise<ConnectionTestResult> {
  const factory = options.factory ?? createRegistrar;
  const registrar = factory(transientRegister(target), logger, TEST_TIMEOUTS);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('the device did not answer in time'), { code: 'timeout' })),
      options.deadlineMs ?? TEST_DEADLINE_MS,
    );
  });
  try {
    const status = await Promise.race([
      (async () => {
        await registrar.open();
        return registrar.status();
      })(),
      deadline,
    ]);
    return { ok: true, status };
  } catch (error) {
    const described = describeError(error);
    const code = described.code === 'internal' && isTimeout(error) ? 'timeout' : described.code;
    return { ok: false, error: { code, message: described.message } };
  } finally {
    clearTimeout(timer);
    await registrar.close();
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'timeout';
}
