// FiscalRegistrar for devices speaking the Shtrih-M protocol v1.17 (PAYONLINE-01-ФА and the Shtrih-M
// family), ARCHITECTURE §4. The app hands over whole documents; the dialogue of commands lives here:
//   receipt = 10h checks → [1Eh table 17 flag] → FF46h × items → FF0Ch TLVs → FF45h
//   correction receipt = 10h checks → [1Eh table 17] → FF35h → FF0Ch 1174, TLVs → FF4Ah (correction-plan.ts)
//   shift   = FF41h → FF0Ch cashier → FF0Bh ; close = FF42h → FF0Ch cashier → FF43h
// The FN is the truth about what happened (protocols.md §5): after an uncertain close the caller
// reconciles through lastDocument()/documentByNumber().

import { FiscalError, isFiscalError } from '../fiscal-error.ts';
import type {
  Cashier,
  FiscalDocument,
  FiscalRegistrar,
  FiscalResult,
  RegistrarStatus,
  ShiftReport,
} from '../fiscal-registrar.ts';
import { planCorrection } from './correction-plan.ts';
import { DEFAULT_PASSWORD } from './protocol/binary.ts';
import type { ShtrihCommand } from './protocol/commands/command.ts';
import { findFnDocument } from './protocol/commands/fn-archive.ts';
import { cancelFnDocument, cancelReceipt, continuePrinting } from './protocol/commands/receipt.ts';
import {
  beginCloseShift,
  beginOpenShift,
  closeShiftFn,
  openShiftFn,
  type ShiftDocument,
  xReport,
} from './protocol/commands/shift.ts';
import {
  deviceType,
  type FnFreeMemory,
  type FnStatus,
  fnFreeMemory,
  fnStatus,
  fnValidity,
  longStatus,
  ofdExchangeStatus,
  shiftParameters,
  shortStatus,
} from './protocol/commands/status.ts';
import { ELECTRONIC_ONLY_CELL, writeTable } from './protocol/commands/tables.ts';
import { cashierSteps, type FormedDocumentAnswer, planReceipt } from './receipt-plan.ts';
import { abandonReceipt, quietly, type RecoveryPort, recoverFailedClose } from './receipt-recovery.ts';
import { archiveToResult, MODE, receiptBlocker, refused, toRegistrarStatus } from './registrar-status.ts';
import { ShtrihSession } from './shtrih-session.ts';
import { AlternativeTransport } from './transport/alternative-transport.ts';
import { tcpConnector } from './transport/byte-connection.ts';
import { type DriverLogger, silentLogger } from './transport/driver-logger.ts';
import {
  DEFAULT_TIMEOUTS,
  type MessageTransport,
  type TransportTimeouts,
} from './transport/message-transport.ts';
import { StandardTransport } from './transport/standard-transport.ts';

export interface ShtrihRegistrarOptions {
  host: string;
  /** PAYONLINE-01-ФА and fr_drv_ng use 7778. */
  port: number;
  /** One password for every command; the sysadmin default is 30. */
  password?: number;
  timeouts?: Partial<TransportTimeouts>;
  logger?: DriverLogger;
  /** 'v1' = standard lower level (default), 'v2' = alternative lower level with packet numbers. */
  protocol?: 'v1' | 'v2';
  /** Another link than TCP (tests, a serial bridge); host/port/protocol are then unused. */
  transport?: MessageTransport;
}

export class ShtrihRegistrar implements FiscalRegistrar {
  private readonly password: number;
  private readonly transport: MessageTransport;
  private readonly session: ShtrihSession;
  private readonly logger: DriverLogger;
  /** Value last written to table 17 on this connection; undefined = unknown. */
  private electronicOnlyFlag: number | undefined;
  private fnNumber: string | undefined;
  private model: string | undefined;
  /** What the failure handling of receipt-recovery.ts may do with the device. */
  private readonly recovery: RecoveryPort;

  constructor(options: ShtrihRegistrarOptions) {
    this.password = options.password ?? DEFAULT_PASSWORD;
    this.logger = options.logger ?? silentLogger;
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const link = {
      connector: tcpConnector(options.host, options.port, timeouts.connectMs),
      timeouts,
      logger: this.logger,
    };
    this.transport =
      options.transport ??
      (options.protocol === 'v2' ? new AlternativeTransport(link) : new StandardTransport(link));
    this.session = new ShtrihSession(this.transport);
    this.recovery = {
      password: this.password,
      logger: this.logger,
      run: (command) => this.run(command),
      readFnStatus: () => this.readFnStatus(),
      documentByNumber: (fdNumber) => this.documentByNumber(fdNumber),
    };
  }

  async open(): Promise<void> {
    await this.transport.open();
  }

  async close(): Promise<void> {
    this.electronicOnlyFlag = undefined;
    try {
      await this.transport.close();
    } catch {
      // close never throws (contract)
    }
  }

  async status(): Promise<RegistrarStatus> {
    const short = await this.run(shortStatus(this.password));
    const long = await this.run(longStatus(this.password));
    this.model ??= (await this.run(deviceType())).name;
    const fn = await this.readFnStatus();
    const { validUntil } = await this.run(fnValidity(this.password));
    const ofd = await this.run(ofdExchangeStatus(this.password));
    const shift = await this.run(shiftParameters(this.password));
    const memory = await this.optional(fnFreeMemory(this.password));
    return toRegistrarStatus({
      short,
      long,
      model: this.model,
      fn,
      validUntil,
      ofd,
      shift,
      ...(memory ? { memory } : {}),
    });
  }

  async register(doc: FiscalDocument): Promise<FiscalResult> {
    const plan = doc.correction ? planCorrection(doc, this.password) : planReceipt(doc, this.password);
    const blocker = receiptBlocker(await this.run(shortStatus(this.password)), doc.electronicOnly);
    if (blocker) throw blocker;
    const before = await this.readFnStatus();
    const { shiftNumber } = await this.run(shiftParameters(this.password));
    await this.setElectronicOnly(doc.electronicOnly);
    try {
      for (const step of plan.steps) await this.run(step);
    } catch (error) {
      throw await abandonReceipt(this.recovery, error, plan.documentType);
    }
    let closed: FormedDocumentAnswer;
    try {
      closed = await this.run(plan.close);
    } catch (error) {
      const fiscalized = await recoverFailedClose(
        this.recovery,
        error,
        before.lastFdNumber,
        plan.documentType,
      );
      if (!fiscalized) throw error;
      return { ...fiscalized, operation: doc.operation, totalKopecks: plan.totalKopecks, shiftNumber };
    }
    return {
      fnNumber: before.fnNumber,
      fdNumber: closed.fdNumber,
      fiscalSign: String(closed.fiscalSign),
      deviceTime: closed.dateTime ?? (await this.documentTime(closed.fdNumber)),
      operation: doc.operation,
      totalKopecks: plan.totalKopecks,
      documentType: plan.documentType,
      shiftNumber,
    };
  }

  async lastDocument(): Promise<FiscalResult | undefined> {
    const fn = await this.readFnStatus();
    if (fn.lastFdNumber === 0) return undefined;
    return this.documentByNumber(fn.lastFdNumber);
  }

  async documentByNumber(fdNumber: number): Promise<FiscalResult | undefined> {
    const fnNumber = this.fnNumber ?? (await this.readFnStatus()).fnNumber;
    try {
      return archiveToResult(await this.run(findFnDocument(this.password, fdNumber)), fnNumber);
    } catch (error) {
      if (isFiscalError(error) && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  async cancelOpenDocument(): Promise<void> {
    const short = await this.run(shortStatus(this.password));
    if (short.mode === MODE.documentOpen) {
      await this.run(cancelReceipt(this.password));
      return;
    }
    const fn = await this.readFnStatus();
    if (fn.currentDocument !== 0) await this.run(cancelFnDocument(this.password));
  }

  async continuePrinting(): Promise<void> {
    await this.run(continuePrinting(this.password));
  }

  async openShift(cashier: Cashier): Promise<ShiftReport> {
    const short = await this.run(shortStatus(this.password));
    if (short.mode === MODE.documentOpen) throw refused('document_open', 'a document is open (mode 8)');
    if (short.mode === MODE.shiftOpen || short.mode === MODE.shiftExpired) {
      throw refused('shift_open', `the shift is already open (mode ${short.mode})`);
    }
    return this.formShiftDocument(beginOpenShift(this.password), cashier, openShiftFn(this.password));
  }

  async closeShift(cashier: Cashier): Promise<ShiftReport> {
    const short = await this.run(shortStatus(this.password));
    if (short.mode === MODE.documentOpen) throw refused('document_open', 'a document is open (mode 8)');
    if (short.mode === MODE.shiftClosed) throw refused('shift_closed', 'the shift is closed (mode 4)');
    return this.formShiftDocument(beginCloseShift(this.password), cashier, closeShiftFn(this.password));
  }

  async xReport(_cashier: Cashier): Promise<void> {
    // 40h is not an FN document, so there is no cashier TLV to attach.
    await this.run(xReport(this.password));
  }

  /** FF41h/FF42h → FF0Ch cashier → FF0Bh/FF43h; a refused FF0Ch cancels the started FN document. */
  private async formShiftDocument(
    begin: ShtrihCommand<void>,
    cashier: Cashier,
    form: ShtrihCommand<ShiftDocument>,
  ): Promise<ShiftReport> {
    await this.run(begin);
    try {
      for (const step of cashierSteps(cashier, this.password)) await this.run(step);
    } catch (error) {
      if (isFiscalError(error) && error.outcomeKnown)
        await quietly(this.recovery, cancelFnDocument(this.password));
      throw error;
    }
    const document = await this.run(form);
    return {
      shiftNumber: document.shiftNumber,
      fdNumber: document.fdNumber,
      fiscalSign: String(document.fiscalSign),
      deviceTime: document.dateTime ?? (await this.documentTime(document.fdNumber)),
    };
  }

  private async setElectronicOnly(electronicOnly: boolean): Promise<void> {
    const value = electronicOnly ? 1 : 0;
    if (this.electronicOnlyFlag === value) return;
    await this.run(writeTable(this.password, ELECTRONIC_ONLY_CELL, Uint8Array.of(value)));
    this.electronicOnlyFlag = value;
  }

  /** DATE_TIME of a formed document when the answer lacked the extended field: FF0Ah, else FF01h. */
  private async documentTime(fdNumber: number): Promise<string> {
    const archived = await this.documentByNumber(fdNumber).catch(() => undefined);
    if (archived) return archived.deviceTime;
    const fn = await this.readFnStatus();
    if (fn.lastFdNumber === fdNumber) return fn.lastDocumentTime;
    throw new FiscalError('protocol_error', {
      outcomeKnown: false,
      retryable: true,
      message: `FD ${fdNumber} was formed but its time cannot be read; reconcile with documentByNumber()`,
    });
  }

  private async readFnStatus(): Promise<FnStatus> {
    const fn = await this.run(fnStatus(this.password));
    this.fnNumber = fn.fnNumber;
    return fn;
  }

  /** FF63h exists from FN 1.2 firmware on; an older device refusing it just omits the field. */
  private async optional(command: ShtrihCommand<FnFreeMemory>): Promise<FnFreeMemory | undefined> {
    try {
      return await this.run(command);
    } catch (error) {
      if (isFiscalError(error) && error.outcomeKnown && error.code !== 'bad_password') return undefined;
      throw error;
    }
  }

  private async run<T>(command: ShtrihCommand<T>): Promise<T> {
    try {
      return await this.session.run(command);
    } catch (error) {
      // After a link failure the device may have been reset or replaced: forget per-connection state.
      if (isFiscalError(error) && (!error.outcomeKnown || error.code === 'connection_lost')) {
        this.electronicOnlyFlag = undefined;
      }
      throw error;
    }
  }
}
