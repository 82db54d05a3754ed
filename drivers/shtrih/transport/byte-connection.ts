// The byte stream under a transport. Transports take a `Connector` so that unit tests can script a
// device in memory; production uses `tcpConnector` (node:net). Over Ethernet the device speaks the
// same byte protocol as on its serial port (protocols.md §2.1–2.2).

import { connect as netConnect, type Socket } from 'node:net';

export interface ByteConnection {
  write(bytes: Uint8Array): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once when the connection ends for any reason. */
  onClose(listener: (error?: Error) => void): void;
  destroy(): void;
}

export type Connector = () => Promise<ByteConnection>;

export function tcpConnector(host: string, port: number, connectTimeoutMs: number): Connector {
  return () =>
    new Promise<ByteConnection>((resolve, reject) => {
      const socket = netConnect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out after ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socketConnection(socket));
      });
    });
}

function socketConnection(socket: Socket): ByteConnection {
  let closed = false;
  let lastError: Error | undefined;
  const closeListeners: Array<(error?: Error) => void> = [];
  socket.on('error', (error) => {
    lastError = error;
  });
  socket.on('close', () => {
    closed = true;
    for (const listener of closeListeners) listener(lastError);
  });
  return {
    write: (bytes) => {
      if (!closed) socket.write(bytes);
    },
    onData: (listener) => {
      socket.on('data', listener);
    },
    onClose: (listener) => {
      if (closed) listener(lastError);
      else closeListeners.push(listener);
    },
    destroy: () => {
      socket.destroy();
    },
  };
}
