// A message-level stand-in for the device, for registrar unit tests: it answers each command from a
// small state and records the dialogue. Faults are scripted per command label.

import { FiscalError } from '../../../../drivers/fiscal-error.ts';
import { commandLabel, messageCode } from '../../../../drivers/shtrih/protocol/answer.ts';
import { ShtrihRegistrar, type ShtrihRegistrarOptions } from '../../../../drivers/shtrih/shtrih-registrar.ts';
import type {
  ExchangeOptions,
  MessageTransport,
} from '../../../../drivers/shtrih/transport/message-transport.ts';
import { hex } from './hex.ts';

export interface ScriptedState {
  mode: number;
  submode: number;
  lastFd: number;
  shiftNumber: number;
  fnNumber: string;
  /** FF01 «текущий документ». */
  currentDocument: number;
  /** FF45/FF43 append DATE_TIME («РАСШИР. ОТВ.»). */
  extendedAnswers: boolean;
}

export type Fault = { deviceError: number } | { link: 'timeout' | 'connection_lost' };

export class ScriptedTransport implements MessageTransport {
  readonly sent: Buffer[] = [];
  readonly state: ScriptedState = {
    mode: 2,
    submode: 0,
    lastFd: 425,
    shiftNumber: 8,
    fnNumber: '9287440301120991',
    currentDocument: 0,
    extendedAnswers: false,
  };
  /** One-shot faults by command label, e.g. faults.set('FF45', [{ link: 'timeout' }]). */
  readonly faults = new Map<string, Fault[]>();
  opened = 0;

  async open(): Promise<void> {
    this.opened++;
  }

  async close(): Promise<void> {}

  get labels(): string[] {
    return this.sent.map((message) => commandLabel(messageCode(message)!));
  }

  async exchange(message: Buffer, options: ExchangeOptions): Promise<Buffer> {
    this.sent.push(Buffer.from(message));
    const fault = this.faults.get(options.label)?.shift();
    const code = messageCode(message)!;
    const head = code > 0xff ? Buffer.from([0xff, code & 0xff]) : Buffer.from([code]);
    if (fault && 'link' in fault) {
      throw new FiscalError(fault.link, { outcomeKnown: false, retryable: true, command: options.label });
    }
    if (fault) return Buffer.concat([head, Uint8Array.of(fault.deviceError)]);
    return Buffer.concat([head, hex('00'), this.answer(options.label, message)]);
  }

  private answer(label: string, message: Buffer): Buffer {
    const s = this.state;
    switch (label) {
      case '10':
        return Buffer.from([0x1e, 0x92, 0x02, s.mode, s.submode, 0, 0x9f, 0xe5, 0, 0, 0, 0, 0, 0]);
      case '11':
        return hex(
          '1E 31 30 D2 04 0F 03 15 01 2A 00 92 02 02 00 80 31 30 01 00 0F 03 15 1D 07 15 0B 1D 05 00 4E 61 BC 00 07 00 FF 00 01 1D 01 02 03 04 05 06',
        );
      case 'FC':
        return Buffer.concat([hex('00 00 01 0E 18 00'), Buffer.from('PAYONLINE-01-FA', 'latin1')]);
      case 'FF01':
        return Buffer.concat([
          Buffer.from([0x03, s.currentDocument, 0, s.mode === 4 ? 0 : 1, 0x04]),
          hex('15 07 1D 0B 1D'),
          Buffer.from(s.fnNumber, 'latin1'),
          u32(s.lastFd),
        ]);
      case 'FF03':
        return hex('18 0A 1F');
      case 'FF39':
        return hex('02 00 02 00 A8 01 00 00 15 07 1C 09 05');
      case 'FF40':
        return Buffer.from([s.mode === 4 ? 0 : 1, s.shiftNumber & 0xff, s.shiftNumber >> 8, 3, 0]);
      case 'FF63':
        return hex('A0 86 01 00 00 02 00 00');
      case 'FF45': {
        s.lastFd++;
        s.mode = 2;
        const base = Buffer.concat([hex('00 00 00 00 00'), u32(s.lastFd), hex('D2 02 96 49')]);
        return s.extendedAnswers ? Buffer.concat([base, hex('15 07 1D 0B 2A')]) : base;
      }
      case 'FF46':
        s.mode = 8;
        return Buffer.alloc(0);
      case 'FF35':
        s.currentDocument = 0x14; // «Кассовый чек коррекции»; the KKT mode stays 2
        return Buffer.alloc(0);
      case 'FF4A': {
        s.lastFd++;
        s.currentDocument = 0;
        const base = Buffer.concat([u16(4), u32(s.lastFd), hex('D2 02 96 49')]);
        return s.extendedAnswers ? Buffer.concat([base, hex('15 07 1D 0B 2A')]) : base;
      }
      case '88':
        s.mode = 2;
        return hex('1E');
      case 'FF08':
        s.currentDocument = 0;
        return Buffer.alloc(0);
      case 'FF41':
        s.currentDocument = 2;
        return Buffer.alloc(0);
      case 'FF42':
        s.currentDocument = 8;
        return Buffer.alloc(0);
      case 'FF0B':
        s.lastFd++;
        s.shiftNumber++;
        s.mode = 2;
        s.currentDocument = 0;
        return Buffer.concat([u16(s.shiftNumber), u32(s.lastFd), hex('15 CD 5B 07')]);
      case 'FF43': {
        s.lastFd++;
        s.mode = 4;
        s.currentDocument = 0;
        const base = Buffer.concat([u16(s.shiftNumber), u32(s.lastFd), hex('15 CD 5B 07')]);
        return s.extendedAnswers ? Buffer.concat([base, hex('15 07 1D 17 3B')]) : base;
      }
      case 'FF0A': {
        const fd = message.readUInt32LE(6);
        if (fd > s.lastFd || fd === 0)
          throw new Error('scripted: use a deviceError fault for missing documents');
        // Receipts by default; FD 426+ shift documents are decided by the test through the type table below.
        const type = this.archiveTypes.get(fd) ?? 3;
        const common = Buffer.concat([
          Buffer.from([type, 1]),
          hex('15 07 1D 0B 1E'),
          u32(fd),
          hex('D2 02 96 49'),
        ]);
        if (type === 2 || type === 5) return Buffer.concat([common, u16(s.shiftNumber)]);
        return Buffer.concat([common, hex('01 50 C3 00 00 00')]);
      }
      case '40':
      case 'B0':
        return hex('1E');
      default:
        return Buffer.alloc(0); // 1E, FF0C
    }
  }

  /** FD number → FFD document type for FF0A answers (3 = receipt by default). */
  readonly archiveTypes = new Map<number, number>();
}

/** A registrar over a fresh ScriptedTransport; host and port are never used. */
export function scriptedRegistrar(options: Partial<ShtrihRegistrarOptions> = {}): {
  transport: ScriptedTransport;
  registrar: ShtrihRegistrar;
} {
  const transport = new ScriptedTransport();
  const registrar = new ShtrihRegistrar({ host: 'unused', port: 0, ...options, transport });
  return { transport, registrar };
}

function u16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16LE(value);
  return out;
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value);
  return out;
}
