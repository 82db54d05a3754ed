// Status and identification: 10h «Короткий запрос состояния», 11h «Запрос состояния ККТ», FCh «Получить
// тип устройства». Layouts follow the spec, checked against the real PAYONLINE-01-ФА capture
// (shared/data/captures/shtrih/re-star-ru-out.txt) where the spec and the device differ.

import { encodeCp1251 } from '../../protocol/text-encoding.ts';
import type { CommandSpec } from '../command-spec.ts';
import type { DeviceState } from '../device-state.ts';
import { AnswerWriter } from '../wire-values.ts';

/** Flag bits of 10h/11h «Флаги ККТ» that PAYONLINE-01-ФА reports (spec Приложение 4). */
const Flag = {
  receiptRoll: 1 << 1,
  decimalPoint: 1 << 4,
  receiptOpticalSensor: 1 << 7,
  receiptHeadLeverDown: 1 << 9,
} as const;

/**
 * Bytes 7–10 of the 10h answer as the real device sends them in mode 2 and 8 (capture: `9F E5 18 01`):
 * battery and supply voltage, then two bytes that older firmware used for the FP and ЭКЛЗ error codes.
 */
const BATTERY_VOLTAGE = 0x9f;
const SUPPLY_VOLTAGE = 0xe5;
const LEGACY_FP_BYTE = 0x18;
const LEGACY_EKLZ_BYTE = 0x01;

/** FCh for this model (spec table of devices): protocol 1.14, model 255, language 0 (Russian). */
const DEVICE_TYPE = { type: 0, subtype: 0, protocol: 1, protocolSubversion: 14, model: 255, language: 0 };
export const MODEL_NAME = 'PAYONLINE-01-ФА';

/** 11h: firmware version «A2» (printed as A.2), build and date; port 128 = TCP socket. */
const FIRMWARE = { version: 'A2', build: 2001, date: { day: 24, month: 6, year: 2021 } };
const TCP_PORT_NUMBER = 128;
const HALL_NUMBER = 1;

function flags(device: DeviceState): number {
  let value = Flag.decimalPoint | Flag.receiptHeadLeverDown;
  if (device.printer.hasPaper()) value |= Flag.receiptRoll | Flag.receiptOpticalSensor;
  return value;
}

export const shortStatus: CommandSpec = {
  code: 0x10,
  name: 'Короткий запрос состояния',
  access: 'operator',
  run({ device, operator }) {
    // Spec 10h, 16 bytes; the real device's order (capture): operator, flags(2), mode, submode,
    // operations low, battery, supply, FP byte, ЭКЛЗ byte, operations high, reserved(3).
    const operations = device.operationCount();
    return new AnswerWriter()
      .uint(operator, 1)
      .uint(flags(device), 2)
      .uint(device.mode(), 1)
      .uint(device.submode(), 1)
      .uint(operations & 0xff, 1)
      .uint(BATTERY_VOLTAGE, 1)
      .uint(SUPPLY_VOLTAGE, 1)
      .uint(LEGACY_FP_BYTE, 1)
      .uint(LEGACY_EKLZ_BYTE, 1)
      .uint(operations >> 8, 1)
      .bytes(new Uint8Array(3));
  },
};

export const fullStatus: CommandSpec = {
  code: 0x11,
  name: 'Запрос состояния ККТ',
  access: 'operator',
  run({ device, operator }) {
    // The spec gives the answer as 48 bytes but lists fields worth 40; 48 is the classic layout with the
    // fiscal-memory (ФП) fields kept in place (as pyshtrih parses real devices), which we send, zeroed.
    const now = device.clock.local();
    const fn = device.fn.state;
    const serial = BigInt(device.identity.serialNumber);
    return new AnswerWriter()
      .uint(operator, 1)
      .ascii(FIRMWARE.version, 2)
      .uint(FIRMWARE.build, 2)
      .dateDmy({ ...FIRMWARE.date, hour: 0, minute: 0, second: 0 })
      .uint(HALL_NUMBER, 1)
      .uint(fn.lastFdNumber % 10_000, 2)
      .uint(flags(device), 2)
      .uint(device.mode(), 1)
      .uint(device.submode(), 1)
      .uint(TCP_PORT_NUMBER, 1)
      .bytes(new Uint8Array(7)) // ФП: version(2), build(2), date(3)
      .dateDmy(now)
      .time(now)
      .uint(0, 1) // ФП flags
      .uint(Number(serial & 0xffff_ffffn), 4)
      .uint(fn.shift.open ? fn.shift.number - 1 : fn.shift.number, 2)
      .uint(Math.min(device.fn.freeDocuments(), 0xffff), 2) // «свободных записей в ФП»
      .uint(fn.registrationsDone, 1)
      .uint(fn.registrationsLeft, 1)
      .uint(Number(fn.inn.trim() || '0'), 6);
  },
};

export const deviceType: CommandSpec = {
  code: 0xfc,
  name: 'Получить тип устройства',
  access: 'none',
  run() {
    return new AnswerWriter()
      .uint(DEVICE_TYPE.type, 1)
      .uint(DEVICE_TYPE.subtype, 1)
      .uint(DEVICE_TYPE.protocol, 1)
      .uint(DEVICE_TYPE.protocolSubversion, 1)
      .uint(DEVICE_TYPE.model, 1)
      .uint(DEVICE_TYPE.language, 1)
      .bytes(encodeCp1251(MODEL_NAME));
  },
};
