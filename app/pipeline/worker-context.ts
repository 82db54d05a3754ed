// Everything one register's worker needs, handed in from the composition root.
import type { Logger } from 'pino';
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { AppEvents } from '../events/app-events.ts';
import type { Db } from '../storage/database.ts';
import type { FiscalJobRepository } from '../storage/fiscal-job-repository.ts';
import type { PaymentRepository } from '../storage/payment-repository.ts';
import type { ReceiptRepository } from '../storage/receipt-repository.ts';
import type { RegisterRepository, RegisterRow } from '../storage/register-repository.ts';
import type { RegisterStateRepository } from '../storage/register-state-repository.ts';
import type { ShiftRepository } from '../storage/shift-repository.ts';
import type { DeviceSession } from './device-session.ts';

/** The live side of registers as the pipeline writes it (register-status-recorder.ts in the app). */
export interface RegisterStates {
  recordStatus(id: number, status: RegistrarStatus, at: string): void;
  recordOffline(id: number, error: string): void;
  snapshot(id: number): ReturnType<RegisterStateRepository['snapshot']>;
}

export interface PipelineStores {
  db: Db;
  jobs: FiscalJobRepository;
  payments: PaymentRepository;
  receipts: ReceiptRepository;
  shifts: ShiftRepository;
  registers: RegisterRepository;
  registerStates: RegisterStates;
}

export interface WorkerContext extends PipelineStores {
  register: RegisterRow;
  session: DeviceSession;
  now: () => Date;
  logger: Logger;
  /** Told of every job step, so live views re-read the queue. */
  events: AppEvents;
}

export function cashierOf(register: RegisterRow) {
  return register.cashierInn
    ? { name: register.cashierName, inn: register.cashierInn }
    : { name: register.cashierName };
}
