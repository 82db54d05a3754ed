import { describe, expect, it } from 'vitest';
import { type AppChange, AppEvents } from '../../../../app/events/app-events.ts';
import { DeviceSession } from '../../../../app/pipeline/device-session.ts';
import { RegisterWorker } from '../../../../app/pipeline/register-worker.ts';
import { fnFillPercent, RegisterStatusRecorder } from '../../../../app/registers/register-status-recorder.ts';
import { RegisterStateRepository } from '../../../../app/storage/register-state-repository.ts';
import { RegisterStatusSampleRepository } from '../../../../app/storage/register-status-sample-repository.ts';
import { FakeRegistrar } from '../../../helpers/fake-registrar.ts';
import { createPipelineFixture } from '../../../helpers/pipeline-fixture.ts';

function setUp() {
  const fixture = createPipelineFixture();
  const registerId = fixture.addRegister({ name: 'ККТ-1' });
  const events = new AppEvents();
  const changes: AppChange[] = [];
  events.subscribe((change) => changes.push(change));
  const samples = new RegisterStatusSampleRepository(fixture.db);
  const recorder = new RegisterStatusRecorder(new RegisterStateRepository(fixture.db), samples, events);
  return { fixture, registerId, recorder, samples, events, changes };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 22, 9, minutes)).toISOString();

describe('FN fill percent', () => {
  it('is the used share of used + free documents, one decimal, null when free is unknown', () => {
    expect(fnFillPercent(250, 750)).toBe(25);
    expect(fnFillPercent(1, 2)).toBe(33.3);
    expect(fnFillPercent(0, 0)).toBe(0);
    expect(fnFillPercent(500, undefined)).toBeNull();
    expect(fnFillPercent(500, null)).toBeNull();
  });
});

describe('the register status recorder', () => {
  it('keeps a sample at most every 10 minutes, and at once when the FN is replaced', async () => {
    const { fixture, registerId, recorder, samples } = setUp();
    const device = new FakeRegistrar();
    const status = await device.status();
    status.fn.freeDocuments = 900;
    status.fn.lastFdNumber = 100;
    recorder.recordStatus(registerId, status, at(0));
    recorder.recordStatus(registerId, status, at(9));
    recorder.recordStatus(registerId, { ...status, fn: { ...status.fn, lastFdNumber: 150 } }, at(10));
    recorder.recordStatus(
      registerId,
      { ...status, fn: { ...status.fn, number: '9999078900009999' } },
      at(11),
    );

    const kept = samples.list({ registerId, from: at(0), to: at(60) });
    expect(kept.map((s) => [s.at, s.lastFdNumber, s.fillPercent])).toEqual([
      [at(0), 100, 10],
      [at(10), 150, 14.3],
      [at(11), 100, 10],
    ]);
    expect(kept[2]!.fnNumber).toBe('9999078900009999');
    // The live columns follow every read, not only the sampled ones.
    expect(fixture.registerStates.snapshot(registerId)?.statusAt).toBe(at(11));
  });

  it('announces every status and every failed read on the change bus', async () => {
    const { registerId, recorder, changes } = setUp();
    recorder.recordStatus(registerId, await new FakeRegistrar().status(), at(0));
    recorder.recordOffline(registerId, 'connection refused');
    expect(changes).toEqual(['register', 'register']);
  });
});

// The worker's status poll is scheduled maintenance now: test/unit/app/lifecycle/register-maintenance.test.ts.
describe('a register worker and the change bus', () => {
  function workerOn(device: FakeRegistrar) {
    const set = setUp();
    const register = set.fixture.registers.getById(set.registerId)!;
    const worker = new RegisterWorker(
      {
        ...set.fixture,
        registerStates: set.recorder,
        events: set.events,
        register,
        session: new DeviceSession(device),
      },
      { idleMs: 10 },
    );
    return { ...set, worker };
  }

  it('announces each job step on the change bus', async () => {
    const device = new FakeRegistrar();
    const { worker, fixture, changes } = workerOn(device);
    fixture.accept({ externalId: 'p-2' });
    worker.start();
    const deadline = Date.now() + 5_000;
    while (!changes.includes('job') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(changes).toContain('job');
  });
});
