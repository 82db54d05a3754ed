// In-memory ByteConnection for transport tests: the test plays the device by reacting to what the
// host writes. Nothing touches the network.

import type { ByteConnection, Connector } from '../../../../drivers/shtrih/transport/byte-connection.ts';

export class FakeConnection implements ByteConnection {
  /** Every write of the host, in order. */
  readonly written: Buffer[] = [];
  closed = false;
  private dataListeners: Array<(chunk: Buffer) => void> = [];
  private closeListeners: Array<(error?: Error) => void> = [];
  private readonly device: (bytes: Buffer, connection: FakeConnection) => void;

  constructor(device: (bytes: Buffer, connection: FakeConnection) => void) {
    this.device = device;
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    const copy = Buffer.from(bytes);
    this.written.push(copy);
    // The device answers asynchronously, as a socket would.
    queueMicrotask(() => {
      if (!this.closed) this.device(copy, this);
    });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  destroy(): void {
    this.deviceClose();
  }

  /** Bytes from the device to the host. */
  send(bytes: Uint8Array): void {
    if (this.closed) return;
    const chunk = Buffer.from(bytes);
    setTimeout(() => {
      if (!this.closed) for (const listener of this.dataListeners) listener(chunk);
    }, 0);
  }

  deviceClose(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener(error);
  }

  /** All host bytes as one hex string, e.g. '05 02 05 10 1E 00 00 00 0B 06'. */
  get writtenHex(): string {
    return Buffer.concat(this.written)
      .toString('hex')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1 ');
  }
}

/** A connector that hands out connections made by `make`, counting the connects. */
export function fakeConnector(make: () => FakeConnection): Connector & { connects: FakeConnection[] } {
  const connects: FakeConnection[] = [];
  const connector = async () => {
    const connection = make();
    connects.push(connection);
    return connection;
  };
  return Object.assign(connector, { connects });
}
