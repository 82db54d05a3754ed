// The thermal printer and its paper, as the KKT reports them in the submode (spec Приложение 1,
// «Подрежим ККТ»): 0 paper present; 1 passive absence (no paper, not printing: print commands refused);
// 2 active absence (the paper ran out while printing: only non-printing commands accepted, and the only
// way out is to submode 3); 3 after active absence (paper back, the KKT waits for B0 «Продолжение печати»
// to print the rest). A document fiscalized while the paper runs out stays fiscalized; B0 completes its
// printout (Shtrih maintainers: «Один будет распечатан не до конца»).

import { DeviceErrorCode, DeviceRefusal } from './device-errors.ts';

export type PaperSubmode = 0 | 1 | 2 | 3;

export const Submode = {
  paperPresent: 0,
  passiveOut: 1,
  activeOut: 2,
  awaitingContinue: 3,
} as const satisfies Record<string, PaperSubmode>;

export interface Printout {
  /** What was printed, e.g. `receipt FD 7`, `X report`. */
  title: string;
  fdNumber?: number;
  /** False while the paper ran out in the middle of it and B0 has not completed it. */
  complete: boolean;
}

export class ReceiptPrinter {
  submode: PaperSubmode = Submode.paperPresent;
  /** Everything printed, in order (tests read it). */
  readonly printouts: Printout[] = [];
  /** The next printout stops half-way because the paper runs out. */
  private runOutOnNextPrint = false;

  /** Someone took the paper out while the KKT was idle. */
  remove(): void {
    if (this.submode === Submode.paperPresent) this.submode = Submode.passiveOut;
  }

  /** The paper will run out in the middle of the next printout. */
  runOutDuringNextPrint(): void {
    this.runOutOnNextPrint = true;
  }

  /** A new roll was loaded. */
  insert(): void {
    if (this.submode === Submode.passiveOut) this.submode = Submode.paperPresent;
    if (this.submode === Submode.activeOut) this.submode = Submode.awaitingContinue;
  }

  /** Refuses a printing command the current submode does not accept. */
  requireReady(): void {
    if (this.submode === Submode.passiveOut || this.submode === Submode.activeOut) {
      throw new DeviceRefusal(DeviceErrorCode.noPaper);
    }
    if (this.submode === Submode.awaitingContinue) throw new DeviceRefusal(DeviceErrorCode.awaitingContinue);
  }

  /** Prints a document that the FN has already formed (or a non-fiscal report). */
  print(title: string, fdNumber?: number): void {
    const printout: Printout = { title, complete: !this.runOutOnNextPrint };
    if (fdNumber !== undefined) printout.fdNumber = fdNumber;
    this.printouts.push(printout);
    if (this.runOutOnNextPrint) {
      this.runOutOnNextPrint = false;
      this.submode = Submode.activeOut;
    }
  }

  /** B0: finish the interrupted printout. Nothing to continue is accepted silently. */
  continuePrinting(): void {
    if (this.submode === Submode.activeOut || this.submode === Submode.passiveOut) {
      throw new DeviceRefusal(DeviceErrorCode.noPaper);
    }
    if (this.submode !== Submode.awaitingContinue) return;
    for (const printout of this.printouts) printout.complete = true;
    this.submode = Submode.paperPresent;
  }

  /** Flags bits 1 «рулон чековой ленты» and 7 «оптический датчик чековой ленты» (spec Приложение 4). */
  hasPaper(): boolean {
    return this.submode === Submode.paperPresent || this.submode === Submode.awaitingContinue;
  }
}
