// Shift commands. The KKT-level ones (E0h «Открыть смену», 40h X report, 41h Z report) run the whole FN
// dialogue themselves; the FN-level pairs FF41h/FF0Bh and FF42h/FF43h map onto the FN's «Начать …» and
// «… смену» (FN 11h/12h, 13h/14h), with FF0C TLVs (кассир 1021/1203) passed in between, so the second
// command of a pair without the first is refused by the FN (02h), as FN spec tables 34 and 38 say.

import type { CommandSpec } from '../command-spec.ts';
import { DeviceErrorCode, DeviceRefusal } from '../device-errors.ts';
import type { DeviceState } from '../device-state.ts';
import type { ArchiveRecord } from '../fn-documents.ts';
import { AnswerWriter } from '../wire-values.ts';

function openShiftInFn(device: DeviceState): ArchiveRecord {
  device.printer.requireReady();
  const record = device.fn.completeShiftOpen();
  device.printer.print(`shift ${record.shiftNumber} open report`, record.fdNumber);
  return record;
}

function closeShiftInFn(device: DeviceState): ArchiveRecord {
  device.printer.requireReady();
  const record = device.fn.completeShiftClose();
  device.printer.print(`shift ${record.shiftNumber} close report (Z)`, record.fdNumber);
  return record;
}

/** «Номер смены (2 байта), Номер ФД (4 байта), Фискальный признак (4 байта)». */
function shiftDocumentAnswer(record: ArchiveRecord): AnswerWriter {
  return new AnswerWriter()
    .uint(record.shiftNumber ?? 0, 2)
    .uint(record.fdNumber, 4)
    .uint(record.fiscalSign, 4);
}

export const openShift: CommandSpec = {
  code: 0xe0,
  name: 'Открыть смену',
  access: 'operator',
  run({ device, operator }) {
    device.requireNoReceipt();
    if (device.fn.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.shiftOpen);
    device.printer.requireReady();
    device.fn.beginShiftOpen();
    openShiftInFn(device);
    // The spec prints «Длина сообщения: 2 байта» yet lists the operator; we send error + operator.
    return new AnswerWriter().uint(operator, 1);
  },
};

export const beginShiftOpen: CommandSpec = {
  code: 0xff41,
  name: 'Начать открытие смены',
  access: 'sysadmin',
  run({ device }) {
    device.fn.beginShiftOpen();
    return new Uint8Array();
  },
};

export const openShiftInFnCommand: CommandSpec = {
  code: 0xff0b,
  name: 'Открыть смену в ФН',
  access: 'sysadmin',
  run({ device }) {
    // Spec FF0Bh: 13 bytes, no «РАСШИР. ОТВ.» variant.
    return shiftDocumentAnswer(openShiftInFn(device));
  },
};

export const xReport: CommandSpec = {
  code: 0x40,
  name: 'Суточный отчет без гашения',
  access: 'admin',
  run({ device, operator }) {
    device.requireNoReceipt();
    device.printer.requireReady();
    device.printer.print('X report');
    return new AnswerWriter().uint(operator, 1);
  },
};

export const zReport: CommandSpec = {
  code: 0x41,
  name: 'Суточный отчет с гашением',
  access: 'admin',
  run({ device, operator }) {
    device.requireNoReceipt();
    if (!device.fn.state.shift.open) throw new DeviceRefusal(DeviceErrorCode.shiftClosed);
    device.printer.requireReady();
    device.fn.beginShiftClose();
    closeShiftInFn(device);
    return new AnswerWriter().uint(operator, 1);
  },
};

export const beginShiftClose: CommandSpec = {
  code: 0xff42,
  name: 'Начать закрытие смены',
  access: 'sysadmin',
  run({ device }) {
    device.requireNoReceipt();
    device.fn.beginShiftClose();
    return new Uint8Array();
  },
};

export const closeShiftInFnCommand: CommandSpec = {
  code: 0xff43,
  name: 'Закрыть смену в ФН',
  access: 'sysadmin',
  run({ device }) {
    const record = closeShiftInFn(device);
    const answer = shiftDocumentAnswer(record);
    if (device.identity.extendedAnswers) answer.dateTime(device.clock.local(record.at));
    return answer;
  },
};

export const shiftParameters: CommandSpec = {
  code: 0xff40,
  name: 'Запрос параметров текущей смены',
  access: 'sysadmin',
  run({ device }) {
    // FN 10h: the number and receipt count of the current shift, or of the last closed one.
    const shift = device.fn.state.shift;
    return new AnswerWriter()
      .uint(shift.open ? 1 : 0, 1)
      .uint(shift.number, 2)
      .uint(shift.receiptCount, 2);
  },
};
