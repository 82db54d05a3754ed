// The simulated OFD (оператор фискальных данных) on the other side of the KKT's network link. A real KKT
// sends every document the FN forms and the OFD's receipt («квитанция») marks it delivered in the FN
// (FN spec §«Информационный обмен», 20h–24h). Online, the simulator acknowledges each document as soon as
// it is formed; offline, documents queue up in the FN until a test calls deliverAll() or goes online.

import type { FiscalDrive } from './fiscal-drive.ts';

export class OfdLink {
  private online: boolean;
  private readonly fn: FiscalDrive;

  constructor(fn: FiscalDrive, online: boolean) {
    this.fn = fn;
    this.online = online;
  }

  isOnline(): boolean {
    return this.online;
  }

  /** Going online delivers the backlog at once. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.deliverAll();
  }

  /** The OFD acknowledges every queued document; returns how many. */
  deliverAll(): number {
    return this.fn.acknowledge();
  }

  /** The OFD acknowledges the queue up to and including this FD number. */
  deliverUpTo(fdNumber: number): number {
    return this.fn.acknowledge(fdNumber);
  }

  /** Called for each new document: an online link delivers it right away. */
  documentFormed(fdNumber: number): void {
    if (this.online) this.fn.acknowledge(fdNumber);
  }
}
