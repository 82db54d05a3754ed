// A simulated PAYONLINE-01-ФА with its fiscal drive, speaking the Shtrih-M protocol v1.17 over TCP: the
// peer the Shtrih driver is tested against and the default device of `make run`. Composition only: the
// FN model (fiscal-drive.ts), the KKT state (device-state.ts), the commands (commands/), the lower levels
// (standard-link.ts, alternative-link.ts), faults (faults.ts) and the optional state file.

import { AlternativeLink, AlternativeSession } from './alternative-link.ts';
import { DeviceClock, formatLocalDate } from './clock.ts';
import { CommandDispatcher } from './command-dispatcher.ts';
import { COMMANDS } from './commands/command-table.ts';
import { DeviceState } from './device-state.ts';
import { type DeviceFault, FaultPlan } from './faults.ts';
import type { FiscalDrive } from './fiscal-drive.ts';
import type { ArchiveRecord } from './fn-documents.ts';
import { DEFAULT_FN_SETUP, registeredFiscalDrive } from './fn-registration.ts';
import { type CommandExecutor, type ExecutedCommand, SILENT_LOG, type SimulatorLog } from './link.ts';
import { OfdLink } from './ofd-link.ts';
import { ReceiptPrinter } from './receipt-printer.ts';
import { SettingsTables } from './settings-tables.ts';
import { StandardLink } from './standard-link.ts';
import { loadDevice, STATE_FILE_VERSION, saveDevice } from './state-file.ts';
import { TcpServer } from './tcp-server.ts';

const DAY_MS = 86_400_000;

export interface ShtrihSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port, reported by start(). */
  port?: number;
  /** 16 digits. */
  fnNumber?: string;
  /** Заводской номер ККТ (digits). */
  serialNumber?: string;
  inn?: string;
  registrationNumber?: string;
  /** Registered tax systems, тег 1062 bits; default 0x02 УСН доход. */
  taxSystems?: number;
  /** Last day of FN validity, local `YYYY-MM-DD`; default 36 months after registration. */
  fnValidUntil?: string;
  /** Documents the FN archive holds in all. */
  documentCapacity?: number;
  /** Key of the simulated fiscal sign (HMAC-SHA256). */
  signKey?: string;
  /** Local time of the device = UTC + this; default +180 (Moscow). */
  utcOffsetMinutes?: number;
  /** Device time minus host time at start, ms. */
  clockOffsetMs?: number;
  /** Host clock, for tests that pin time. */
  hostNow?: () => number;
  /** The simulated OFD acknowledges documents at once; default true. */
  ofdOnline?: boolean;
  /** «РАСШИР. ОТВ. НА КОМАНДЫ ФОРМ. ФД»: DATE_TIME after FF43/FF45 answers; default true. */
  extendedAnswers?: boolean;
  /** Saves the FN and clock after every document and loads them at start. */
  stateFile?: string;
  log?: SimulatorLog;
}

/** A read-only view of the device for tests and logs. */
export interface SimulatorSnapshot {
  mode: number;
  submode: number;
  fnNumber: string;
  lastFdNumber: number;
  shift: { number: number; open: boolean; openedAt: number | null; receiptCount: number; expired: boolean };
  openReceipt: DeviceState['openReceipt'];
  /** FN document begun and not formed: 'receipt', 'correction', 'shift_open', 'shift_close'. */
  openDocument: string | undefined;
  unsentFdNumbers: number[];
  validUntil: string;
  freeDocuments: number;
  electronicOnly: boolean;
  ofdOnline: boolean;
}

export class ShtrihSimulator {
  readonly clock: DeviceClock;
  readonly faults: FaultPlan;
  readonly ofd: OfdLink;
  /** The printer and its paper: remove(), insert(), runOutDuringNextPrint(), printouts. */
  readonly paper: ReceiptPrinter;
  readonly device: DeviceState;
  private readonly options: ShtrihSimulatorOptions;
  private readonly fn: FiscalDrive;
  private readonly dispatcher: CommandDispatcher;
  private readonly session: AlternativeSession;
  private readonly server: TcpServer;
  private readonly log: SimulatorLog;
  private address: { host: string; port: number } | undefined;
  /** True once start() loaded the state file: from then on every change is saved. */
  private persisting = false;

  constructor(options: ShtrihSimulatorOptions = {}) {
    this.options = options;
    this.log = options.log ?? SILENT_LOG;
    this.clock = new DeviceClock({
      offsetMs: options.clockOffsetMs ?? 0,
      utcOffsetMinutes: options.utcOffsetMinutes ?? 180,
      ...(options.hostNow ? { hostNow: options.hostNow } : {}),
    });
    this.fn = registeredFiscalDrive(
      {
        fnNumber: options.fnNumber ?? DEFAULT_FN_SETUP.fnNumber,
        inn: options.inn ?? DEFAULT_FN_SETUP.inn,
        registrationNumber: options.registrationNumber ?? DEFAULT_FN_SETUP.registrationNumber,
        taxSystems: options.taxSystems ?? DEFAULT_FN_SETUP.taxSystems,
        documentCapacity: options.documentCapacity ?? DEFAULT_FN_SETUP.documentCapacity,
        registeredAt: this.clock.now() - DAY_MS,
        ...(options.fnValidUntil ? { validUntil: options.fnValidUntil } : {}),
      },
      this.clock,
      options.signKey ?? 'kassabox-shtrih-simulator',
    );
    this.ofd = new OfdLink(this.fn, options.ofdOnline ?? true);
    this.paper = new ReceiptPrinter();
    this.device = new DeviceState({
      fn: this.fn,
      ofd: this.ofd,
      clock: this.clock,
      printer: this.paper,
      tables: new SettingsTables(),
      identity: {
        serialNumber: options.serialNumber ?? '0012345678',
        extendedAnswers: options.extendedAnswers ?? true,
      },
    });
    this.dispatcher = new CommandDispatcher(this.device, COMMANDS);
    this.faults = new FaultPlan((fault) => this.applyDeviceFault(fault));
    this.session = new AlternativeSession();
    const executor: CommandExecutor = { run: (message) => this.execute(message) };
    this.server = new TcpServer((socket, protocol, log) => {
      log.info({ protocol }, 'lower level chosen by the first byte');
      return protocol === 'alternative'
        ? new AlternativeLink(socket, executor, this.session, log)
        : new StandardLink(socket, executor, log);
    }, this.log);
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.address) return this.address;
    this.loadState();
    this.persisting = true;
    this.fn.onChange = (record) => {
      if (record) this.ofd.documentFormed(record.fdNumber);
      this.saveState();
    };
    this.clock.onChange = () => this.saveState();
    this.device.tables.onChange = () => this.saveState();
    this.saveState();
    this.address = await this.server.listen(this.options.host ?? '127.0.0.1', this.options.port ?? 0);
    this.log.info({ ...this.address, fnNumber: this.fn.state.fnNumber }, 'Shtrih simulator listening');
    return this.address;
  }

  async stop(): Promise<void> {
    if (!this.address) return;
    this.address = undefined;
    await this.server.close();
    this.log.info({}, 'Shtrih simulator stopped');
  }

  /** The KKT is switched off and on: links drop, a begun document and cached answers are lost. */
  powerCycle(): void {
    this.server.dropConnections();
    this.device.dropReceipt();
    this.session.lastAnswer = undefined;
    this.session.lastNumber = 0;
  }

  get connectionCount(): number {
    return this.server.connectionCount;
  }

  get state(): SimulatorSnapshot {
    const fn = this.fn;
    const shift = fn.state.shift;
    return {
      mode: this.device.mode(),
      submode: this.device.submode(),
      fnNumber: fn.state.fnNumber,
      lastFdNumber: fn.state.lastFdNumber,
      shift: { ...shift, expired: fn.isShiftExpired() },
      openReceipt: structuredClone(this.device.openReceipt),
      openDocument: fn.openDocument?.kind,
      unsentFdNumbers: fn.unsent().map((record) => record.fdNumber),
      validUntil: fn.state.validUntil,
      freeDocuments: fn.freeDocuments(),
      electronicOnly: this.device.tables.electronicOnly(),
      ofdOnline: this.ofd.isOnline(),
    };
  }

  /** Every document of the FN archive, oldest first (FD 1 is the registration report). */
  archive(): ArchiveRecord[] {
    return structuredClone(this.fn.state.archive);
  }

  receipts(): ArchiveRecord[] {
    return this.archive().filter((record) => record.kind === 'receipt');
  }

  /** Correction receipts (FF35h … FF4Ah), oldest first. */
  corrections(): ArchiveRecord[] {
    return this.archive().filter((record) => record.kind === 'correction');
  }

  document(fdNumber: number): ArchiveRecord | undefined {
    return this.archive().find((record) => record.fdNumber === fdNumber);
  }

  private execute(message: Buffer): ExecutedCommand {
    const executed = this.dispatcher.execute(message);
    return { ...executed, effects: this.faults.effectsFor(executed.command) };
  }

  private applyDeviceFault(fault: DeviceFault): void {
    switch (fault.kind) {
      case 'paper_out':
        if (fault.whilePrinting) this.paper.runOutDuringNextPrint();
        else this.paper.remove();
        return;
      case 'fn_full':
        this.fn.state.documentCapacity = this.fn.state.archive.length;
        break;
      case 'fn_expired':
        this.fn.state.validUntil = formatLocalDate(this.clock.local(this.clock.now() - DAY_MS));
        break;
    }
    this.saveState();
  }

  private loadState(): void {
    const path = this.options.stateFile;
    if (!path) return;
    const saved = loadDevice(path);
    if (!saved) return;
    this.fn.restore(saved.fn);
    this.clock.offsetMs = saved.clockOffsetMs;
    this.device.tables.load(saved.tables);
    this.log.info({ path, lastFdNumber: saved.fn.lastFdNumber }, 'FN state loaded');
  }

  private saveState(): void {
    const path = this.options.stateFile;
    if (!path || !this.persisting) return;
    saveDevice(path, {
      version: STATE_FILE_VERSION,
      fn: this.fn.state,
      clockOffsetMs: this.clock.offsetMs,
      tables: this.device.tables.toJSON(),
    });
  }
}
