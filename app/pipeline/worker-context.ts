// Everything one register's worker needs, handed in from the composition root.
import type { Logger } from 'pino';
import type { Db } from '../storage/database.ts';
import type { FiscalJobRepository } from '../storage/fiscal-job-repository.ts';
import type { PaymentRepository } from '../storage/payment-repository.ts';
import type { ReceiptRepository } from '../storage/receipt-repository.ts';
import type { RegisterRepository, RegisterRow } from '../storage/register-repository.ts';
import type { RegisterStateRepository } from '../storage/register-state-repository.ts';
import type { ShiftRepository } from '../storage/shift-repository.ts';
import type { DeviceSession } from './device-session.ts';

export interface PipelineStores {
  db: Db;
  jobs: FiscalJobRepository;
  payments: PaymentRepository;
  receipts: ReceiptRepository;
  shifts: ShiftRepository;
  registers: RegisterRepository;
  registerStates: RegisterStateRepository;
}

export interface WorkerContext extends PipelineStores {
  register: RegisterRow;
  session: DeviceSession;
  now: () => Date;
  logger: Logger;
}

export function cashierOf(register: RegisterRow) {
  return register.cashierInn
    ? { name: register.cashierName, inn: register.cashierInn }
    : { name: register.cashierName };
}
