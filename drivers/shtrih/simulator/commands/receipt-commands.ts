// Receipt commands: FF46h «Операция V2» (the first one opens the receipt, as the real PAYONLINE-01-ФА
// drivers use it without 8Dh), FF0Ch «Передать произвольную TLV структуру», FF45h «Закрытие чека
// расширенное вариант №2», 88h «Аннулирование чека» and FF08h «Отменить документ в ФН».

import { decodeCp1251 } from '../../protocol/text-encoding.ts';
import type { CommandSpec } from '../command-spec.ts';
import { DeviceErrorCode, DeviceRefusal } from '../device-errors.ts';
import type { ReceiptDetails } from '../fn-documents.ts';
import { receiptTotal, settle } from '../open-receipt.ts';
import { parseTlvs } from '../tlv.ts';
import { AnswerWriter } from '../wire-values.ts';
import { readOperation } from './receipt-line.ts';

/** FF45h: 16 payment types of 5 bytes, index 0 = cash, 1 = «тип 2» (electronic). */
const PAYMENT_TYPES = 16;
/** FF45h: six tax sums of 5 bytes the KKT ignores in tax mode 0 (it computes taxes itself). */
const TAX_SUMS = 6;
/** FF45h «Система налогообложения»: exactly one of bits 0–5 (note 1: «Может быть только одна»). */
const TAX_SYSTEM_BITS = 0x3f;

export const operationV2: CommandSpec = {
  code: 0xff46,
  name: 'Операция V2',
  access: 'operator',
  run({ device, request }) {
    const { operation, item } = readOperation(request);
    const receipt = device.openReceipt;
    if (receipt) {
      if (receipt.operation !== operation) throw new DeviceRefusal(DeviceErrorCode.wrongReceiptType);
      if (device.fn.isShiftExpired()) throw new DeviceRefusal(DeviceErrorCode.shiftExpired);
      if (receipt.printed) device.printer.requireReady();
      receipt.items.push(item);
    } else {
      device.requireShiftWithin24h();
      const printed = !device.tables.electronicOnly();
      if (printed) device.printer.requireReady();
      device.fn.beginReceipt();
      device.openReceipt = { operation, items: [item], openedAt: device.clock.now(), printed };
    }
    device.fn.markDocumentData();
    return new Uint8Array();
  },
};

export const sendTlv: CommandSpec = {
  code: 0xff0c,
  name: 'Передать произвольную TLV структуру',
  access: 'sysadmin',
  run({ device, request }) {
    const tlvs = parseTlvs(request.rest());
    // FN 07h: data belongs to a begun document (a receipt after its first FF46, or FF41/FF42).
    if (!device.fn.openDocument) throw new DeviceRefusal(DeviceErrorCode.fnWrongState, 'no document begun');
    for (const tlv of tlvs) device.fn.addDocumentData(tlv);
    return new Uint8Array();
  },
};

export const closeReceiptV2: CommandSpec = {
  code: 0xff45,
  name: 'Закрытие чека расширенное вариант №2',
  access: 'sysadmin',
  run({ device, request }) {
    const payments = Array.from({ length: PAYMENT_TYPES }, () => request.uint(5));
    const roundingKopecks = request.uint(1);
    for (let index = 0; index < TAX_SUMS; index++) request.uint(5);
    const taxSystem = request.uint(1);
    const text = decodeCp1251(request.rest()).replace(/\0.*$/s, '');

    const receipt = device.openReceipt;
    if (!receipt) throw new DeviceRefusal(DeviceErrorCode.receiptClosed);
    if (!isSingleBit(taxSystem & TAX_SYSTEM_BITS) || (taxSystem & ~TAX_SYSTEM_BITS) !== 0) {
      throw new DeviceRefusal(DeviceErrorCode.badParameters, `tax system 0x${taxSystem.toString(16)}`);
    }
    if (device.fn.isShiftExpired()) throw new DeviceRefusal(DeviceErrorCode.shiftExpired);
    if (receipt.printed) device.printer.requireReady();
    const settlement = settle(receiptTotal(receipt), payments, roundingKopecks);

    const details: ReceiptDetails = {
      items: receipt.items,
      payments,
      cashKopecks: settlement.cashKopecks,
      electronicKopecks: settlement.electronicKopecks,
      changeKopecks: settlement.changeKopecks,
      taxSystem,
      roundingKopecks,
      text,
      electronicOnly: !receipt.printed,
    };
    const record = device.fn.completeReceipt(receipt.operation, settlement.totalKopecks, details);
    device.openReceipt = undefined;
    // The FN has formed the document: whatever happens to the paper now, the receipt is fiscalized.
    if (receipt.printed) device.printer.print(`receipt FD ${record.fdNumber}`, record.fdNumber);

    const answer = new AnswerWriter()
      .uint(settlement.changeKopecks, 5)
      .uint(record.fdNumber, 4)
      .uint(record.fiscalSign, 4);
    if (device.identity.extendedAnswers) answer.dateTime(device.clock.local(record.at));
    return answer;
  },
};

export const cancelReceipt: CommandSpec = {
  code: 0x88,
  name: 'Аннулирование чека',
  access: 'operator',
  run({ device, operator }) {
    if (!device.openReceipt) throw new DeviceRefusal(DeviceErrorCode.receiptClosed);
    device.dropReceipt();
    return new AnswerWriter().uint(operator, 1);
  },
};

export const cancelFnDocument: CommandSpec = {
  code: 0xff08,
  name: 'Отменить документ в ФН',
  access: 'sysadmin',
  run({ device }) {
    device.dropReceipt();
    return new Uint8Array();
  },
};

function isSingleBit(value: number): boolean {
  return value !== 0 && (value & (value - 1)) === 0;
}
