// A fresh simulated FN: registered (FD 1 is the registration report), in fiscal mode, shift closed. The
// defaults are those of an FN-36 bought for an ISP on the simplified tax system (research §6: services on
// УСН use 36-month drives).

import { type DeviceClock, formatLocalDate } from './clock.ts';
import { FiscalDrive } from './fiscal-drive.ts';
import type { FiscalDriveState } from './fn-documents.ts';

export interface FnSetup {
  /** 16 digits. */
  fnNumber: string;
  /** 12 characters (a 10-digit legal-entity INN is padded with spaces, as the FN stores it). */
  inn: string;
  /** «Регистрационный номер ККТ», 16 digits. */
  registrationNumber: string;
  /** Тег 1062 bits (b0 ОСН, b1 УСН доход, …). */
  taxSystems: number;
  /** Last day of validity, local `YYYY-MM-DD`; default 36 months after registration. */
  validUntil?: string;
  /** Documents the archive holds in all. */
  documentCapacity: number;
  registeredAt: number;
}

export const DEFAULT_FN_SETUP: Omit<FnSetup, 'registeredAt'> = {
  fnNumber: '9999078900012345',
  inn: '7700000000  ',
  registrationNumber: '0000000001012345',
  taxSystems: 0x02,
  documentCapacity: 250_000,
};

/** «Количество перерегистраций»: one registration done; the FN allows 12 reports in all. */
const REGISTRATIONS_TOTAL = 12;

export function registeredFiscalDrive(setup: FnSetup, clock: DeviceClock, signKey: string): FiscalDrive {
  if (!/^\d{16}$/.test(setup.fnNumber))
    throw new Error(`FN number must be 16 digits, got "${setup.fnNumber}"`);
  const state: FiscalDriveState = {
    fnNumber: setup.fnNumber,
    validUntil: setup.validUntil ?? monthsLater(clock, setup.registeredAt, 36),
    registrationsDone: 1,
    registrationsLeft: REGISTRATIONS_TOTAL - 1,
    inn: setup.inn,
    registrationNumber: setup.registrationNumber,
    taxSystems: setup.taxSystems,
    workMode: 0,
    documentCapacity: setup.documentCapacity,
    lastFdNumber: 0,
    archive: [],
    shift: { number: 0, open: false, openedAt: null, receiptCount: 0 },
  };
  const drive = new FiscalDrive(state, clock, signKey);
  drive.register(setup.registeredAt);
  return drive;
}

function monthsLater(clock: DeviceClock, at: number, months: number): string {
  const local = clock.local(at);
  const total = local.year * 12 + (local.month - 1) + months;
  return formatLocalDate({
    ...local,
    year: Math.floor(total / 12),
    month: (total % 12) + 1,
    day: Math.min(local.day, 28),
  });
}
