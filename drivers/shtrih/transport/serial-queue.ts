// One command in flight at a time (the device is a single-request slave: spec §«Общие положения»,
// «направление передачи данных определяется хостом»). Jobs run in call order; a failed job does
// not stop the ones queued after it.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
