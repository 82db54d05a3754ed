// The lifecycle's clock (issue 4, docs/api.md "Lifecycle"): node-cron calls tick() every
// few seconds and tick() only ENQUEUES durable work (maintenance_task); each register's worker runs it
// between receipts (register-maintenance.ts), so nothing overlaps a receipt or itself. tick(now) is a
// plain function of the database and the time: tests call it with the time they want and never wait for
// cron. start() runs one tick at once, which is the catch-up after downtime: a close time that passed
// while the box was off is still the latest one, so the shift it should have closed is closed now.
import { createTask, type ScheduledTask } from 'node-cron';
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { RegisterStates } from '../pipeline/worker-context.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { MaintenanceKind, MaintenanceTaskRepository } from '../storage/maintenance-task-repository.ts';
import type { RegisterRepository } from '../storage/register-repository.ts';
import type { ShiftCloseRule } from './shift-close-rule.ts';

/** Every 5 s: fine enough for the shortest poll interval (10 s) and cheap (a few indexed reads). */
export const TICK_PATTERN = '*/5 * * * * *';
/** Finished tasks are kept this long for diagnosis, then pruned (once an hour). */
const KEEP_FINISHED_MS = 3 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

export interface LifecycleSchedulerDeps {
  registers: RegisterRepository;
  registerStates: RegisterStates;
  tasks: MaintenanceTaskRepository;
  shiftClose: ShiftCloseRule;
  settings: SettingsService;
  clock: Clock;
  logger: Logger;
  /** Told of each register that got a task, so its worker wakes up instead of finishing its idle sleep. */
  onEnqueued?: (registerId: number) => void;
}

export interface EnqueuedTask {
  kind: MaintenanceKind;
  registerId: number;
  reason: string;
}

export class LifecycleScheduler {
  private readonly deps: LifecycleSchedulerDeps;
  private cron: ScheduledTask | undefined;
  private prunedAt = 0;

  constructor(deps: LifecycleSchedulerDeps) {
    this.deps = deps;
  }

  start(): void {
    if (this.cron) return;
    const requeued = this.deps.tasks.requeueInterrupted(this.deps.clock.now().toISOString());
    if (requeued > 0) this.deps.logger.warn({ requeued }, 'maintenance interrupted by a stop runs again');
    this.safeTick();
    const log = this.deps.logger;
    this.cron = createTask(TICK_PATTERN, () => this.safeTick(), {
      name: 'kassabox-lifecycle',
      noOverlap: true,
      // node-cron writes to the console by default; its notes (a missed tick on a busy Pi) go to our log.
      logger: {
        info: (message) => log.debug({ cron: true }, message),
        warn: (message) => log.warn({ cron: true }, message),
        error: (message, err) => log.error({ cron: true, err }, String(message)),
        debug: (message) => log.trace({ cron: true }, String(message)),
      },
    });
    void this.cron.start();
  }

  async stop(): Promise<void> {
    const cron = this.cron;
    this.cron = undefined;
    await cron?.destroy();
  }

  /** Enqueues whatever is due at `now`; returns what it added (an already pending task is not added). */
  tick(now: Date = this.deps.clock.now()): EnqueuedTask[] {
    const { registers, tasks, settings } = this.deps;
    const { statusPollSeconds } = settings.read();
    const at = now.toISOString();
    const enqueued: EnqueuedTask[] = [];
    const add = (kind: MaintenanceKind, registerId: number, reason: string) => {
      if (tasks.enqueue({ kind, registerId, reason, dueAt: at })) enqueued.push({ kind, registerId, reason });
    };
    for (const register of registers.list()) {
      if (!register.enabled) continue;
      const snapshot = this.deps.registerStates.snapshot(register.id);
      // Any read counts (a receipt's, a technician's), and so does a failed poll: an offline register
      // is asked once per interval, not at every tick.
      const lastPoll = latest(snapshot?.statusAt ?? null, tasks.lastFinishedAt('status_poll', register.id));
      if (lastPoll === null || now.getTime() - Date.parse(lastPoll) >= statusPollSeconds * 1000) {
        add('status_poll', register.id, 'interval');
      }
      // Judged on the stored status; the worker judges again on a fresh one before the Z-report.
      if (snapshot?.statusJson) {
        const status = JSON.parse(snapshot.statusJson) as RegistrarStatus;
        const reason = this.deps.shiftClose.reasonFor(register, status, now);
        if (reason !== null) add('shift_close', register.id, reason);
      }
    }
    if (now.getTime() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now.getTime();
      tasks.pruneFinished(new Date(now.getTime() - KEEP_FINISHED_MS).toISOString());
    }
    for (const registerId of new Set(enqueued.map((task) => task.registerId)))
      this.deps.onEnqueued?.(registerId);
    return enqueued;
  }

  private safeTick(): void {
    try {
      this.tick();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'lifecycle tick failed');
    }
  }
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
