// Every status read from a device goes through here (the worker's idle poll, GET /registers/:id/status,
// a technician's action): the register's live columns are updated, the dashboard hears of it, and every
// SAMPLE_EVERY_MS a sample is kept for the FN fill chart (more often would only wear the SD card).
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { AppEvents } from '../events/app-events.ts';
import type { RegisterStates } from '../pipeline/worker-context.ts';
import type { RegisterStateRepository } from '../storage/register-state-repository.ts';
import type { RegisterStatusSampleRepository } from '../storage/register-status-sample-repository.ts';

export const SAMPLE_EVERY_MS = 10 * 60_000;

/**
 * Used share of the FN archive in percent (one decimal): the FN numbers its documents from 1, so the
 * last FD number counts the documents used. Null when the device does not say how many are free.
 */
export function fnFillPercent(lastFdNumber: number, freeDocuments: number | undefined | null): number | null {
  if (freeDocuments === undefined || freeDocuments === null) return null;
  const total = lastFdNumber + freeDocuments;
  if (total <= 0) return 0;
  return Math.round((lastFdNumber / total) * 1000) / 10;
}

export class RegisterStatusRecorder implements RegisterStates {
  private readonly states: RegisterStateRepository;
  private readonly samples: RegisterStatusSampleRepository;
  private readonly events: AppEvents;

  constructor(states: RegisterStateRepository, samples: RegisterStatusSampleRepository, events: AppEvents) {
    this.states = states;
    this.samples = samples;
    this.events = events;
  }

  recordStatus(id: number, status: RegistrarStatus, at: string): void {
    this.states.recordStatus(id, status, at);
    const last = this.samples.latest(id);
    // A new FN starts a new line on the chart at once, whatever the interval.
    const due =
      !last || last.fnNumber !== status.fn.number || Date.parse(at) - Date.parse(last.at) >= SAMPLE_EVERY_MS;
    if (due) {
      this.samples.insert({
        registerId: id,
        at,
        fnNumber: status.fn.number,
        lastFdNumber: status.fn.lastFdNumber,
        freeDocuments: status.fn.freeDocuments ?? null,
        fillPercent: fnFillPercent(status.fn.lastFdNumber, status.fn.freeDocuments),
        ofdUnsentCount: status.ofd.unsentCount,
      });
    }
    this.events.emit('register');
  }

  recordOffline(id: number, error: string): void {
    this.states.recordOffline(id, error);
    this.events.emit('register');
  }

  recordClockDrift(id: number, seconds: number | null): void {
    this.states.recordClockDrift(id, seconds);
  }

  snapshot(id: number): ReturnType<RegisterStateRepository['snapshot']> {
    return this.states.snapshot(id);
  }
}
