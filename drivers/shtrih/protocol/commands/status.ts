// Status queries (spec §«Описание команд»): 10h, 11h, FCh, and the FN queries FF01h, FF02h, FF03h,
// FF39h, FF3Fh, FF40h, FF63h.

import { decodeCp1251 } from '../text-encoding.ts';
import { defineCommand, passwordFields, type ShtrihCommand } from './command.ts';

export const SHORT_STATUS = 0x10;
export const LONG_STATUS = 0x11;
export const DEVICE_TYPE = 0xfc;
export const FN_STATUS = 0xff01;
export const FN_NUMBER = 0xff02;
export const FN_VALIDITY = 0xff03;
export const OFD_EXCHANGE_STATUS = 0xff39;
export const UNCONFIRMED_COUNT = 0xff3f;
export const SHIFT_PARAMETERS = 0xff40;
export const FN_FREE_MEMORY = 0xff63;

/** Mode byte (Приложение 1): low nibble = mode number, high nibble = its status for modes 8, 13, 14. */
export interface DeviceMode {
  mode: number;
  modeStatus: number;
  submode: number;
}

export interface ShortStatus extends DeviceMode {
  operator: number;
  flags: number;
  operationsInReceipt: number;
  batteryVoltage: number;
  supplyVoltage: number;
}

/**
 * 10h. Decoded as real devices send it (protocols.md §2.5 and the capture, LEN 16): the spec text omits
 * the two legacy bytes «код ошибки ФП» and «код ошибки ЭКЛЗ» after the supply voltage, so the high
 * byte of the operations count sits at data offset 10, not 8 — the spec's own length (16) agrees.
 */
export function shortStatus(password: number): ShtrihCommand<ShortStatus> {
  return defineCommand(SHORT_STATUS, 'query', passwordFields(password), (reader) => {
    const operator = reader.u8();
    const flags = reader.u16();
    const { mode, modeStatus } = splitMode(reader.u8());
    const submode = reader.u8();
    const operationsLow = reader.u8();
    const batteryVoltage = reader.u8();
    const supplyVoltage = reader.u8();
    reader.skipBytes(2); // legacy FP and EKLZ error codes
    const operationsHigh = reader.u8();
    return {
      operator,
      flags,
      mode,
      modeStatus,
      submode,
      operationsInReceipt: operationsHigh * 256 + operationsLow,
      batteryVoltage,
      supplyVoltage,
    };
  });
}

export interface LongStatus extends DeviceMode {
  operator: number;
  firmwareVersion: string;
  firmwareBuild: number;
  documentNumber: number;
  flags: number;
  port: number;
  /** Device clock, local `YYYY-MM-DDTHH:mm:ss`. */
  clock: string;
  /** Decimal serial number; '' when not entered (FFh…). */
  serialNumber: string;
  lastClosedShift: number;
}

/**
 * 11h. The answer is 48/50/52 bytes long per the spec; the field list in the text adds up to 38 only,
 * because real firmware still carries the legacy fiscal-memory fields (version, build, date after the
 * port; flags after the time; free records after the shift number) — that is the vendor's own JavaPOS
 * layout. The decoder picks the layout by length so a spec-text answer (38/40 bytes) reads too.
 */
export function longStatus(password: number): ShtrihCommand<LongStatus> {
  return defineCommand(LONG_STATUS, 'query', passwordFields(password), (reader) => {
    const legacy = reader.remaining >= 46;
    const operator = reader.u8();
    const firmwareVersion = reader.bytes(2).toString('latin1').split('').join('.');
    const firmwareBuild = reader.u16();
    reader.dateDmy(); // firmware date
    reader.u8(); // number in the hall
    const documentNumber = reader.u16();
    const flags = reader.u16();
    const { mode, modeStatus } = splitMode(reader.u8());
    const submode = reader.u8();
    const port = reader.u8();
    if (legacy) reader.skipBytes(7); // FM firmware version(2), build(2), date(3)
    const date = reader.dateDmy();
    const time = reader.timeHms();
    if (legacy) reader.skipBytes(1); // FM flags
    const serialLow = reader.u32();
    const lastClosedShift = reader.u16();
    if (legacy) reader.skipBytes(2); // free FM records
    reader.skipBytes(2); // registrations done / left
    reader.skipBytes(6); // INN
    const serialHigh = reader.remaining >= 2 ? reader.u16() : undefined;
    return {
      operator,
      firmwareVersion,
      firmwareBuild,
      documentNumber,
      flags,
      mode,
      modeStatus,
      submode,
      port,
      clock: `${date}T${time}`,
      serialNumber: serialText(serialLow, serialHigh),
      lastClosedShift,
    };
  });
}

export interface DeviceType {
  type: number;
  subtype: number;
  protocolVersion: number;
  protocolSubversion: number;
  model: number;
  language: number;
  name: string;
}

/** FCh — the only command without a password. */
export function deviceType(): ShtrihCommand<DeviceType> {
  return defineCommand(DEVICE_TYPE, 'query', [], (reader) => ({
    type: reader.u8(),
    subtype: reader.u8(),
    protocolVersion: reader.u8(),
    protocolSubversion: reader.u8(),
    model: reader.u8(),
    language: reader.u8(),
    name: decodeCp1251(reader.bytes(reader.remaining)).replace(/\0+$/, ''),
  }));
}

/** FF01h «Текущий документ» values. */
export const FN_DOCUMENT = {
  none: 0x00,
  registration: 0x01,
  shiftOpen: 0x02,
  receipt: 0x04,
  shiftClose: 0x08,
  fnClose: 0x10,
  bso: 0x11,
  reRegistrationFnReplaced: 0x12,
  reRegistration: 0x13,
  correction: 0x14,
  bsoCorrection: 0x15,
  calculationReport: 0x17,
} as const;

export interface FnStatus {
  /** Bits: 0 настроен, 1 фискальный режим, 2 постфискальный, 3 передача в ОФД закончена. */
  phase: number;
  currentDocument: number;
  documentDataReceived: boolean;
  shiftOpen: boolean;
  /** FN spec table 9: b0 срочная замена КС, b1 ресурс КС ≤30 дней, b2 архив 90 %, b3 таймаут ОФД, b7 критическая ошибка. */
  warnings: number;
  /** Date-time of the last document, local `YYYY-MM-DDTHH:mm`. */
  lastDocumentTime: string;
  fnNumber: string;
  lastFdNumber: number;
}

export function fnStatus(password: number): ShtrihCommand<FnStatus> {
  return defineCommand(FN_STATUS, 'query', passwordFields(password), (reader) => ({
    phase: reader.u8(),
    currentDocument: reader.u8(),
    documentDataReceived: reader.u8() === 1,
    shiftOpen: reader.u8() === 1,
    warnings: reader.u8(),
    lastDocumentTime: reader.dateTime(),
    fnNumber: reader.ascii(16),
    lastFdNumber: reader.u32(),
  }));
}

export function fnNumber(password: number): ShtrihCommand<string> {
  return defineCommand(FN_NUMBER, 'query', passwordFields(password), (reader) => reader.ascii(16));
}

/** FF03h: validity end YY MM DD (the FN's own 32h also appends re-registration counts; not needed). */
export function fnValidity(password: number): ShtrihCommand<{ validUntil: string }> {
  return defineCommand(FN_VALIDITY, 'query', passwordFields(password), (reader) => ({
    validUntil: reader.dateYmd(),
  }));
}

export interface OfdExchangeStatus {
  /** Bits: 0 ТС установлено, 1 есть сообщение для ОФД, 2 ожидание квитанции, 3 команда от ОФД, … */
  flags: number;
  readingMessage: boolean;
  unsentCount: number;
  /** 0 when the queue is empty. */
  firstUnsentFdNumber: number;
  firstUnsentTime: string;
}

export function ofdExchangeStatus(password: number): ShtrihCommand<OfdExchangeStatus> {
  return defineCommand(OFD_EXCHANGE_STATUS, 'query', passwordFields(password), (reader) => ({
    flags: reader.u8(),
    readingMessage: reader.u8() === 1,
    unsentCount: reader.u16(),
    firstUnsentFdNumber: reader.u32(),
    firstUnsentTime: reader.dateTime(),
  }));
}

export function unconfirmedCount(password: number): ShtrihCommand<number> {
  return defineCommand(UNCONFIRMED_COUNT, 'query', passwordFields(password), (reader) => reader.u16());
}

export interface ShiftParameters {
  open: boolean;
  shiftNumber: number;
  receiptNumber: number;
}

export function shiftParameters(password: number): ShtrihCommand<ShiftParameters> {
  return defineCommand(SHIFT_PARAMETERS, 'query', passwordFields(password), (reader) => ({
    open: reader.u8() === 1,
    shiftNumber: reader.u16(),
    receiptNumber: reader.u16(),
  }));
}

export interface FnFreeMemory {
  /** Approximate number of documents that still fit (5-year storage). */
  documentsLeft: number;
  /** Free KB of the 30-day storage. */
  freeKilobytes30Days: number;
}

export function fnFreeMemory(password: number): ShtrihCommand<FnFreeMemory> {
  return defineCommand(FN_FREE_MEMORY, 'query', passwordFields(password), (reader) => ({
    documentsLeft: reader.u32(),
    freeKilobytes30Days: reader.u32(),
  }));
}

export function splitMode(byte: number): { mode: number; modeStatus: number } {
  return { mode: byte & 0x0f, modeStatus: byte >> 4 };
}

/** Serial number: low 32 bits, plus the high word of the 6-byte number when the model sends one. */
function serialText(low: number, high: number | undefined): string {
  if (low === 0xffffffff) return '';
  if (high === undefined || high === 0xffff) return String(low);
  return String(high * 2 ** 32 + low);
}
