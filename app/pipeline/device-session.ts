// Never two commands in flight to one device (ARCHITECTURE §3): every use of a register's driver, by
// its worker, a status poll or a technician's X-report, runs through this one queue.
import type { FiscalRegistrar } from '../../drivers/fiscal-registrar.ts';

export class DeviceSession {
  readonly registrar: FiscalRegistrar;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(registrar: FiscalRegistrar) {
    this.registrar = registrar;
  }

  exclusive<T>(work: (registrar: FiscalRegistrar) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => work(this.registrar));
    // The queue goes on after a failure; the caller still sees the rejection.
    this.tail = run.catch(() => undefined);
    return run;
  }
}
