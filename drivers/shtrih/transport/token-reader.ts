// A queue of parsed tokens with one waiter at a time: `next(timeout)` resolves with the next token,
// or says that the time ran out or the connection closed. Transports read the device's replies
// through it step by step, the way the spec's host diagram (Приложение 3) waits for each byte.

export type ReadResult<T> =
  | { kind: 'token'; token: T }
  | { kind: 'timeout' }
  | { kind: 'closed'; error?: Error };

export class TokenReader<T> {
  private readonly tokens: T[] = [];
  private waiter: ((result: ReadResult<T>) => void) | undefined;
  private closed: { error?: Error } | undefined;

  push(token: T): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter({ kind: 'token', token });
    } else {
      this.tokens.push(token);
    }
  }

  close(error?: Error): void {
    this.closed = error ? { error } : {};
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ kind: 'closed', ...this.closed });
  }

  /** Drops tokens nobody asked for (before a new exchange starts). */
  drain(): T[] {
    return this.tokens.splice(0);
  }

  next(timeoutMs: number): Promise<ReadResult<T>> {
    const token = this.tokens.shift();
    if (token !== undefined) return Promise.resolve({ kind: 'token', token });
    if (this.closed) return Promise.resolve({ kind: 'closed', ...this.closed });
    if (this.waiter) throw new Error('TokenReader supports one waiter at a time');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.waiter = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
    });
  }
}
