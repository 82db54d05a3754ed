// A simulated KKT without TCP for unit tests: the same composition as ShtrihSimulator, a pinned host
// clock, and helpers that build requests the way the spec lays them out.

import { encodeCp1251 } from '../../../../drivers/shtrih/protocol/text-encoding.ts';
import { DeviceClock } from '../../../../drivers/shtrih/simulator/clock.ts';
import { CommandDispatcher } from '../../../../drivers/shtrih/simulator/command-dispatcher.ts';
import { COMMANDS } from '../../../../drivers/shtrih/simulator/commands/command-table.ts';
import { DeviceState } from '../../../../drivers/shtrih/simulator/device-state.ts';
import { registeredFiscalDrive } from '../../../../drivers/shtrih/simulator/fn-registration.ts';
import { OfdLink } from '../../../../drivers/shtrih/simulator/ofd-link.ts';
import { ReceiptPrinter } from '../../../../drivers/shtrih/simulator/receipt-printer.ts';
import { SettingsTables } from '../../../../drivers/shtrih/simulator/settings-tables.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-03-02 09:00 Moscow. */
export const START = Date.UTC(2026, 2, 2, 6, 0, 0);
export const SIGN_KEY = 'unit-test-key';
export const FN_NUMBER = '9999078900012345';

export interface Answer {
  error: number;
  /** Data after the error code. */
  data: Buffer;
  raw: Buffer;
}

export function createDevice(options: { ofdOnline?: boolean; validUntil?: string; capacity?: number } = {}) {
  let hostNow = START;
  const clock = new DeviceClock({ hostNow: () => hostNow });
  const fn = registeredFiscalDrive(
    {
      fnNumber: FN_NUMBER,
      inn: '7700000000  ',
      registrationNumber: '0000000001012345',
      taxSystems: 0x02,
      documentCapacity: options.capacity ?? 1000,
      registeredAt: START - DAY,
      ...(options.validUntil ? { validUntil: options.validUntil } : {}),
    },
    clock,
    SIGN_KEY,
  );
  const ofd = new OfdLink(fn, options.ofdOnline ?? false);
  fn.onChange = (record) => {
    if (record) ofd.documentFormed(record.fdNumber);
  };
  const printer = new ReceiptPrinter();
  const device = new DeviceState({
    fn,
    ofd,
    clock,
    printer,
    tables: new SettingsTables(),
    identity: { serialNumber: '0012345678', extendedAnswers: true },
  });
  const dispatcher = new CommandDispatcher(device, COMMANDS);

  function send(command: number, ...fields: Uint8Array[]): Answer {
    const code = command > 0xff ? [0xff, command & 0xff] : [command];
    const { answer } = dispatcher.execute(Buffer.concat([Uint8Array.from(code), ...fields]));
    const offset = code.length;
    return { error: answer[offset]!, data: answer.subarray(offset + 1), raw: answer };
  }

  return {
    clock,
    fn,
    ofd,
    printer,
    device,
    send,
    /** Moves the host clock (and so the device clock) forward. */
    pass(ms: number) {
      hostNow += ms;
    },
  };
}

export type TestDevice = ReturnType<typeof createDevice>;

/** Little-endian unsigned integer of `width` bytes. */
export function le(value: number, width: number): Buffer {
  const bytes = Buffer.alloc(width);
  let rest = value;
  for (let index = 0; index < width; index++) {
    bytes[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return bytes;
}

export const SYSADMIN = le(30, 4);
export const ADMIN = le(29, 4);
export const CASHIER = le(1, 4);

export interface LineFields {
  operation?: number;
  quantityMillionths?: number;
  priceKopecks: number;
  sumKopecks?: number | null;
  taxRate?: number;
  department?: number;
  paymentMethod?: number;
  paymentObject?: number;
  name?: string;
  password?: Buffer;
}

/** FF46 request data after the command: password, type, qty(6), price(5), sum(5), tax(5), rate … name. */
export function operationRequest(line: LineFields): Buffer {
  const notGiven = Buffer.alloc(5, 0xff);
  return Buffer.concat([
    line.password ?? SYSADMIN,
    le(line.operation ?? 1, 1),
    le(line.quantityMillionths ?? 1_000_000, 6),
    le(line.priceKopecks, 5),
    line.sumKopecks === undefined || line.sumKopecks === null ? notGiven : le(line.sumKopecks, 5),
    notGiven,
    le(line.taxRate ?? 0x08, 1),
    le(line.department ?? 0, 1),
    le(line.paymentMethod ?? 4, 1),
    le(line.paymentObject ?? 4, 1),
    encodeCp1251(line.name ?? 'Услуги связи'),
  ]);
}

/** FF45 request data: password, 16 payment sums, rounding, 6 tax sums, tax system, text. */
export function closeRequest(payments: {
  cash?: number;
  electronic?: number;
  taxSystem?: number;
  rounding?: number;
}) {
  const sums = Array.from({ length: 16 }, (_, index) => {
    if (index === 0) return le(payments.cash ?? 0, 5);
    if (index === 1) return le(payments.electronic ?? 0, 5);
    return le(0, 5);
  });
  return Buffer.concat([
    SYSADMIN,
    ...sums,
    le(payments.rounding ?? 0, 1),
    Buffer.alloc(30),
    le(payments.taxSystem ?? 0x02, 1),
  ]);
}

/** Opens the shift with E0 (as the administrator). */
export function openShift(device: TestDevice): void {
  const answer = device.send(0xe0, SYSADMIN);
  if (answer.error !== 0) throw new Error(`E0 refused with 0x${answer.error.toString(16)}`);
}

/** A whole receipt: one FF46 line and FF45 paid in cash; returns the FF45 answer. */
export function sellFor(device: TestDevice, priceKopecks: number): Answer {
  const line = device.send(0xff46, operationRequest({ priceKopecks }));
  if (line.error !== 0) throw new Error(`FF46 refused with 0x${line.error.toString(16)}`);
  return device.send(0xff45, closeRequest({ cash: priceKopecks }));
}
