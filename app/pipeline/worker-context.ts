// Everything one register's worker needs, handed in from the composition root.
import type { Logger } from 'pino';
import type { FiscalRegistrar, RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { AppEvents } from '../events/app-events.ts';
import type { Db } from '../storage/database.ts';
import type { FiscalJobRepository } from '../storage/fiscal-job-repository.ts';
import type { MaintenanceTask } from '../storage/maintenance-task-repository.ts';
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
  /** Device clock minus box clock in seconds, measured by the lifecycle's status poll. */
  recordClockDrift(id: number, seconds: number | null): void;
  snapshot(id: number): ReturnType<RegisterStateRepository['snapshot']>;
}

/**
 * A register's lifecycle work (status poll, shift close; app/lifecycle/register-maintenance.ts), run by
 * its worker between receipts in the device session, never while a send of the register is unresolved.
 */
export interface RegisterMaintenance {
  /** The worker started: its device is read soon (a register just added or changed shows its state). */
  workerStarted(registerId: number, now: Date): void;
  /** Claims the register's next task due at `now`; undefined when none is due. */
  claimNext(registerId: number, now: Date): MaintenanceTask | undefined;
  /** Runs a claimed task and settles it (done, failed or retried later); never throws. */
  run(ctx: WorkerContext, registrar: FiscalRegistrar, task: MaintenanceTask): Promise<void>;
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
  /** Absent in tests of the pipeline alone: then the worker only sends and reconciles. */
  maintenance?: RegisterMaintenance;
}

export function cashierOf(register: RegisterRow) {
  return register.cashierInn
    ? { name: register.cashierName, inn: register.cashierInn }
    : { name: register.cashierName };
}
