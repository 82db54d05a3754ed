// Owns one worker per enabled register and wakes them when work arrives. At start, every send that was
// interrupted by a crash or a power cut becomes outcome_unknown before any worker runs (rule 1).
import type { Logger } from 'pino';
import type { FiscalRegistrar } from '../../drivers/fiscal-registrar.ts';
import { AppEvents } from '../events/app-events.ts';
import type { RegisterRow } from '../storage/register-repository.ts';
import { DeviceSession } from './device-session.ts';
import { DEFAULT_TIMING, RegisterWorker, type WorkerTiming } from './register-worker.ts';
import type { PipelineStores, RegisterMaintenance } from './worker-context.ts';

export type RegistrarFactory = (register: RegisterRow, logger: Logger) => FiscalRegistrar;

export interface PipelineDeps extends PipelineStores {
  registrarFactory: RegistrarFactory;
  now: () => Date;
  logger: Logger;
  timing?: WorkerTiming;
  /** Where job steps are announced (the app's change bus); a private one when nobody listens. */
  events?: AppEvents;
  /** The lifecycle's register-bound tasks, run by each worker between receipts (app/lifecycle/). */
  maintenance?: RegisterMaintenance;
}

export class Pipeline {
  readonly events: AppEvents;
  private readonly deps: PipelineDeps;
  private readonly workers = new Map<number, RegisterWorker>();
  private started = false;
  /** Register changes are applied one after another, so two quick edits cannot start two workers. */
  private changes: Promise<void> = Promise.resolve();

  constructor(deps: PipelineDeps) {
    this.deps = deps;
    this.events = deps.events ?? new AppEvents();
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const interrupted = this.deps.jobs.interruptedSendsToUnknown(this.deps.now().toISOString());
    if (interrupted > 0)
      this.deps.logger.warn({ interrupted }, 'interrupted sends will be reconciled against the FN');
    for (const register of this.deps.registers.list()) {
      if (register.enabled && !this.workers.has(register.id)) this.startWorker(register);
    }
  }

  /** After a register was added, changed or removed: restart its worker with the new settings. */
  registerChanged(registerId: number): Promise<void> {
    const apply = async () => {
      // Before start() there are no workers; start() will read every register as it is then.
      if (!this.started) return;
      await this.workers.get(registerId)?.stop();
      this.workers.delete(registerId);
      const register = this.deps.registers.getById(registerId);
      if (register?.enabled) this.startWorker(register);
      else if (register) this.deps.registerStates.recordOffline(registerId, 'the register is disabled');
    };
    this.changes = this.changes.then(apply, apply);
    return this.changes;
  }

  wake(organizationId?: number): void {
    for (const worker of this.workers.values()) {
      if (organizationId === undefined || worker.ctx.register.organizationId === organizationId)
        worker.wake();
    }
  }

  /** The exclusive device session of a register, for technician actions (X-report, shifts, resolve). */
  session(registerId: number): DeviceSession | undefined {
    return this.workers.get(registerId)?.ctx.session;
  }

  worker(registerId: number): RegisterWorker | undefined {
    return this.workers.get(registerId);
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
  }

  private startWorker(register: RegisterRow): void {
    const logger = this.deps.logger.child({ register: register.name });
    const session = new DeviceSession(this.deps.registrarFactory(register, logger));
    const worker = new RegisterWorker(
      { ...this.deps, register, session, logger, events: this.events },
      this.deps.timing ?? DEFAULT_TIMING,
    );
    this.workers.set(register.id, worker);
    worker.start();
  }
}
