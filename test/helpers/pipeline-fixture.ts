// A database with one organization, one API source and registers, plus the pipeline's stores, for
// tests of the payment pipeline. Rows are inserted with plain SQL: the CRUD services are not under test.
import pino from 'pino';
import { AppEvents } from '../../app/events/app-events.ts';
import { type AcceptPaymentInput, acceptPayment } from '../../app/payments/accept-payment.ts';
import type { RegistrarFactory } from '../../app/pipeline/pipeline.ts';
import type { PipelineStores } from '../../app/pipeline/worker-context.ts';
import { type Db, openDatabase } from '../../app/storage/database.ts';
import { FiscalJobRepository } from '../../app/storage/fiscal-job-repository.ts';
import { PaymentRepository } from '../../app/storage/payment-repository.ts';
import { ReceiptPolicyRepository } from '../../app/storage/receipt-policy-repository.ts';
import { ReceiptRepository } from '../../app/storage/receipt-repository.ts';
import { RegisterRepository } from '../../app/storage/register-repository.ts';
import { RegisterStateRepository } from '../../app/storage/register-state-repository.ts';
import { ShiftRepository } from '../../app/storage/shift-repository.ts';

export interface PipelineFixture extends PipelineStores {
  organizationId: number;
  sourceId: number;
  policies: ReceiptPolicyRepository;
  now: () => Date;
  logger: pino.Logger;
  events: AppEvents;
  addRegister(options: {
    name: string;
    host?: string;
    port?: number;
    electronicOnly?: boolean;
    organizationId?: number;
  }): number;
  addOrganization(name: string): number;
  accept(input: Partial<AcceptPaymentInput> & { externalId: string }): ReturnType<typeof acceptPayment>;
}

export function createPipelineFixture(file = ':memory:'): PipelineFixture {
  const db: Db = openDatabase(file);
  const at = '2026-11-22T09:00:00.000Z';
  const addOrganization = (name: string) =>
    Number(
      db
        .prepare(
          `INSERT INTO organization (name, inn, tax_system, created_at, updated_at) VALUES (?, '7707083893', 'usn_income', ?, ?)`,
        )
        .run(name, at, at).lastInsertRowid,
    );
  const organizationId = addOrganization('ООО «Сеть»');
  const sourceId = Number(
    db
      .prepare(
        `INSERT INTO source (organization_id, name, created_at, updated_at) VALUES (?, 'billing', ?, ?)`,
      )
      .run(organizationId, at, at).lastInsertRowid,
  );
  const stores = {
    db,
    jobs: new FiscalJobRepository(db),
    payments: new PaymentRepository(db),
    receipts: new ReceiptRepository(db),
    shifts: new ShiftRepository(db),
    registers: new RegisterRepository(db),
    registerStates: new RegisterStateRepository(db),
  };
  const policies = new ReceiptPolicyRepository(db);
  const now = () => new Date();
  return {
    ...stores,
    organizationId,
    sourceId,
    policies,
    now,
    logger: pino({ level: 'silent' }),
    events: new AppEvents(),
    addOrganization,
    addRegister(options) {
      return Number(
        db
          .prepare(
            `INSERT INTO register (organization_id, name, driver, host, port, electronic_only, created_at, updated_at)
             VALUES (?, ?, 'shtrih', ?, ?, ?, ?, ?)`,
          )
          .run(
            options.organizationId ?? organizationId,
            options.name,
            options.host ?? '127.0.0.1',
            options.port ?? 7778,
            options.electronicOnly ? 1 : 0,
            at,
            at,
          ).lastInsertRowid,
      );
    },
    accept(input) {
      return acceptPayment(
        { db, payments: stores.payments, jobs: stores.jobs, policies, now },
        { sourceId, account: '100200', amountKopecks: 150_000, method: 'electronic', ...input },
      );
    },
  };
}

export function factoryOf(
  registrars: Map<number, import('../../drivers/fiscal-registrar.ts').FiscalRegistrar>,
): RegistrarFactory {
  return (register) => {
    const registrar = registrars.get(register.id);
    if (!registrar) throw new Error(`no registrar for register ${register.id}`);
    return registrar;
  };
}
