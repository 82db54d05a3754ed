// The TCP listener of the simulated KKT (port 7778 on a real PAYONLINE-01-ФА, research §2.1). Each
// connection picks its lower level from its first byte, as a KKT in protocol auto-select does (spec
// §«Переключение между протоколами нижнего уровня»: ENQ 05h or STX 02h — standard, STX 8Fh — alternative).

import { createServer, type Server, type Socket } from 'node:net';
import { STX_V2 } from '../protocol/frame-v2.ts';
import type { LinkSocket, SimulatorLog } from './link.ts';

export interface Link {
  receive(chunk: Uint8Array): void;
  detach(): void;
}

export type Protocol = 'standard' | 'alternative';

export type LinkFactory = (socket: LinkSocket, protocol: Protocol, log: SimulatorLog) => Link;

export class TcpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly createLink: LinkFactory;
  private readonly log: SimulatorLog;
  private nextConnection = 1;

  constructor(createLink: LinkFactory, log: SimulatorLog) {
    this.createLink = createLink;
    this.log = log;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  async listen(host: string, port: number): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
    return { host: address.address, port: address.port };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Closes every open connection, as when the KKT is power-cycled; the listener stays. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private accept(socket: Socket): void {
    const log = childLog(this.log, { connection: this.nextConnection++, peer: socket.remotePort });
    this.sockets.add(socket);
    socket.setNoDelay(true);
    log.info({}, 'host connected');
    let link: Link | undefined;
    const linkSocket: LinkSocket = {
      write: (bytes) => {
        if (socket.writable) socket.write(bytes);
      },
      close: () => socket.end(),
    };
    socket.on('data', (chunk: Buffer) => {
      link ??= this.createLink(linkSocket, chunk[0] === STX_V2 ? 'alternative' : 'standard', log);
      link.receive(chunk);
    });
    socket.on('error', (error) => log.debug({ error: error.message }, 'socket error'));
    socket.on('close', () => {
      link?.detach();
      this.sockets.delete(socket);
      log.info({}, 'host disconnected');
    });
  }
}

function childLog(log: SimulatorLog, bindings: object): SimulatorLog {
  const withChild = log as SimulatorLog & { child?: (bindings: object) => SimulatorLog };
  return typeof withChild.child === 'function' ? withChild.child(bindings) : log;
}
