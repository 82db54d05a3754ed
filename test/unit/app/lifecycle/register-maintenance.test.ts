// The lifecycle on one register with the fake registrar: the scheduler's tick enqueues (idempotently),
// the worker runs the task between receipts and never while a send is unresolved.
import { describe, expect, it } from 'vitest';
import { AuditLog, SYSTEM_CONTEXT } from '../../../../app/audit/audit-log.ts';
import { AppEvents } from '../../../../app/events/app-events.ts';
import { LifecycleScheduler } from '../../../../app/lifecycle/lifecycle-scheduler.ts';
import { RegisterMaintenanceRunner } from '../../../../app/lifecycle/register-maintenance.ts';
import { ShiftCloseRule } from '../../../../app/lifecycle/shift-close-rule.ts';
import { DeviceSession } from '../../../../app/pipeline/device-session.ts';
import { RegisterWorker } from '../../../../app/pipeline/register-worker.ts';
import { SettingsService } from '../../../../app/settings/settings-service.ts';
import { AuditRepository } from '../../../../app/storage/audit-repository.ts';
import { FnUsageRepository } from '../../../../app/storage/fn-usage-repository.ts';
import { MaintenanceTaskRepository } from '../../../../app/storage/maintenance-task-repository.ts';
import { OperationsRepository } from '../../../../app/storage/operations-repository.ts';
import { SettingRepository } from '../../../../app/storage/setting-repository.ts';
import { transactionOf } from '../../../../app/storage/transaction.ts';
import { FakeRegistrar } from '../../../helpers/fake-registrar.ts';
import { createPipelineFixture } from '../../../helpers/pipeline-fixture.ts';

// The fake device's clock reads 2026-11-22T12:00:00 Moscow time, i.e. 09:00:00 UTC.
function setUp(device = new FakeRegistrar()) {
  const fixture = createPipelineFixture();
  const registerId = fixture.addRegister({ name: 'ККТ-1' });
  let now = new Date('2026-11-22T09:00:30.000Z');
  const clock = { now: () => now };
  const audit = new AuditLog(new AuditRepository(fixture.db), clock);
  const settings = new SettingsService({
    settings: new SettingRepository(fixture.db),
    audit,
    transaction: transactionOf(fixture.db),
    clock,
    events: new AppEvents(),
  });
  const tasks = new MaintenanceTaskRepository(fixture.db);
  const shiftClose = new ShiftCloseRule({
    settings,
    usage: new FnUsageRepository(fixture.db),
    operations: new OperationsRepository(fixture.db),
  });
  const woken: number[] = [];
  const scheduler = new LifecycleScheduler({
    registers: fixture.registers,
    registerStates: fixture.registerStates,
    tasks,
    shiftClose,
    settings,
    clock,
    logger: fixture.logger,
    onEnqueued: (id) => woken.push(id),
  });
  const worker = new RegisterWorker(
    {
      ...fixture,
      now: () => now,
      register: fixture.registers.getById(registerId)!,
      session: new DeviceSession(device),
      maintenance: new RegisterMaintenanceRunner({ tasks, shiftClose, audit }),
    },
    { idleMs: 10 },
  );
  // Payments are accepted at the real time; the tests' box time is fixed, so jobs are made due at once.
  const accept = (externalId: string) => {
    fixture.accept({ externalId });
    fixture.db.prepare(`UPDATE fiscal_job SET not_before = '2026-11-22T09:00:00.000Z'`).run();
  };
  const setNow = (iso: string) => {
    now = new Date(iso);
  };
  const tasksOf = () => tasks.list({ registerId, limit: 50 });
  return {
    accept,
    fixture,
    registerId,
    device,
    settings,
    tasks,
    scheduler,
    worker,
    woken,
    setNow,
    tasksOf,
    audit,
  };
}

describe('the scheduled status poll', () => {
  it('is enqueued once per interval, run by the worker, and records status and clock drift', async () => {
    const { scheduler, worker, device, fixture, registerId, woken, setNow, tasksOf } = setUp();
    expect(scheduler.tick().map((t) => t.kind)).toEqual(['status_poll']);
    expect(scheduler.tick(), 'a pending poll is not enqueued twice').toEqual([]);
    expect(woken).toEqual([registerId]);

    expect(await worker.maintain()).toBe(true);
    expect(device.calls).toEqual(['status']);
    const snapshot = fixture.registerStates.snapshot(registerId)!;
    expect(snapshot.online).toBe(true);
    // Device 09:00:00 UTC, box 09:00:30 UTC: the device is 30 s behind.
    expect(snapshot.clockDriftSeconds).toBe(-30);
    expect(tasksOf()[0]).toMatchObject({ kind: 'status_poll', state: 'done', attempts: 1 });
    expect(await worker.maintain(), 'nothing else is due').toBe(false);

    setNow('2026-11-22T09:01:20.000Z');
    expect(scheduler.tick(), '50 s after the read: not yet (60 s by default)').toEqual([]);
    setNow('2026-11-22T09:01:31.000Z');
    expect(scheduler.tick().map((t) => t.kind)).toEqual(['status_poll']);
  });

  it('follows status_poll_seconds', async () => {
    const { scheduler, worker, settings, setNow } = setUp();
    settings.update({ statusPollSeconds: 10 }, SYSTEM_CONTEXT);
    scheduler.tick();
    await worker.maintain();
    setNow('2026-11-22T09:00:41.000Z');
    expect(scheduler.tick().map((t) => t.kind)).toEqual(['status_poll']);
  });

  it('records a failed poll as offline and asks again only after the interval', async () => {
    const { scheduler, worker, device, fixture, registerId, setNow, tasksOf } = setUp();
    device.faults.push('status_unreachable');
    scheduler.tick();
    await worker.maintain();
    expect(fixture.registerStates.snapshot(registerId)?.online).toBe(false);
    expect(tasksOf()[0]).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/connection/) });
    setNow('2026-11-22T09:00:45.000Z');
    expect(scheduler.tick(), 'an offline register is not asked at every tick').toEqual([]);
  });

  it('leaves the device alone while a send of this register has an unknown outcome', async () => {
    const { scheduler, worker, device, fixture, tasksOf, accept, setNow } = setUp();
    accept('p-1');
    device.faults.push('lose_answer_after_fiscalizing');
    expect(await worker.step()).toBe('worked');
    expect(fixture.jobs.list({ limit: 1, offset: 0 })[0]!.state).toBe('outcome_unknown');

    setNow('2026-11-22T09:05:00.000Z');
    scheduler.tick();
    device.calls.length = 0;
    expect(await worker.maintain()).toBe(false);
    expect(device.calls, 'no poll between the lost answer and its reconciliation').toEqual([]);
    expect(tasksOf()[0]).toMatchObject({ kind: 'status_poll', state: 'pending', attempts: 0 });

    // Once reconciled, the waiting poll runs.
    expect(await worker.step()).toBe('worked');
    expect(await worker.maintain()).toBe(true);
  });

  it('is enqueued when the worker starts, so a new register shows its state at once', async () => {
    const { worker, tasksOf } = setUp();
    worker.start();
    await worker.stop();
    expect(tasksOf()[0]).toMatchObject({ kind: 'status_poll', reason: 'worker_start' });
  });
});

describe('the scheduled shift close', () => {
  async function withOpenShift() {
    const set = setUp();
    set.accept('p-1');
    // The first receipt opens the shift (recorded at device time 12:00 Moscow = 09:00 UTC).
    expect(await set.worker.step()).toBe('worked');
    set.scheduler.tick();
    await set.worker.maintain();
    return set;
  }

  it('closes the shift at the local close time with a Z-report, audited as the system', async () => {
    const { scheduler, worker, device, settings, fixture, registerId, setNow, tasksOf, audit } =
      await withOpenShift();
    settings.update({ shiftCloseTime: '23:50' }, SYSTEM_CONTEXT);
    setNow('2026-11-22T20:49:00.000Z');
    expect(scheduler.tick().filter((t) => t.kind === 'shift_close')).toEqual([]);
    setNow('2026-11-22T20:50:00.000Z');
    expect(scheduler.tick().filter((t) => t.kind === 'shift_close')).toEqual([
      { kind: 'shift_close', registerId, reason: 'close_time' },
    ]);
    while (await worker.maintain()) {}
    expect(device.shift.state).toBe('closed');
    expect(device.archive.map((doc) => doc.documentType)).toEqual(['shift_open', 'receipt', 'shift_close']);
    expect(fixture.shifts.list(registerId, 5)[0]).toMatchObject({ number: 1, closeFdNumber: 3 });
    expect(tasksOf().find((t) => t.kind === 'shift_close')).toMatchObject({
      state: 'done',
      outcome: 'closed shift 1 (close_time)',
    });
    const [entry] = audit.list({ action: 'register.shift_close', limit: 5 });
    expect(entry).toMatchObject({
      action: 'register.shift_close',
      actorKind: 'system',
      actorName: 'lifecycle',
    });
    expect(
      scheduler.tick().filter((t) => t.kind === 'shift_close'),
      'closed: nothing more to do',
    ).toEqual([]);
  });

  it('closes a shift that reaches shift_max_hours without a close time', async () => {
    const { scheduler, worker, device, registerId, setNow } = await withOpenShift();
    setNow('2026-11-23T07:29:00.000Z');
    expect(scheduler.tick().filter((t) => t.kind === 'shift_close')).toEqual([]);
    setNow('2026-11-23T07:30:00.000Z'); // 22.5 h after the shift opened
    expect(scheduler.tick().filter((t) => t.kind === 'shift_close')).toEqual([
      { kind: 'shift_close', registerId, reason: 'max_age' },
    ]);
    while (await worker.maintain()) {}
    expect(device.shift.state).toBe('closed');
  });

  it('does nothing when the shift was closed by hand since it was enqueued', async () => {
    const { scheduler, worker, device, setNow, tasksOf } = await withOpenShift();
    setNow('2026-11-23T08:30:00.000Z');
    scheduler.tick();
    await device.closeShift({ name: 'Кассир' });
    const documents = device.archive.length;
    while (await worker.maintain()) {}
    expect(device.archive.length).toBe(documents);
    expect(tasksOf().find((t) => t.kind === 'shift_close')?.outcome).toMatch(/^nothing to close/);
  });

  it('retries a close the device could not take, with backoff, until it does', async () => {
    const { scheduler, worker, device, setNow, tasksOf } = await withOpenShift();
    setNow('2026-11-23T08:30:00.000Z');
    scheduler.tick();
    device.faults.push('status_unreachable');
    const close = () => tasksOf().find((t) => t.kind === 'shift_close')!;
    // The poll due with it goes first only if older; the close is ordered first.
    await worker.maintain();
    expect(close()).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.any(String) });
    expect(close().dueAt > '2026-11-23T08:30:00.000Z').toBe(true);
    expect(
      scheduler.tick().filter((t) => t.kind === 'shift_close'),
      'still the one task',
    ).toEqual([]);
    setNow('2026-11-23T08:31:00.000Z');
    while (await worker.maintain()) {}
    expect(close()).toMatchObject({ state: 'done', attempts: 2 });
    expect(device.shift.state).toBe('closed');
  });
});
