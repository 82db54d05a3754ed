// FN queries relayed by the KKT: FF01h status, FF02h number, FF03h validity, FF0Ah find a document,
// FF39h OFD exchange status, FF3Fh documents without an OFD receipt, FF63h free resource. Layouts are the
// spec's, with the FN interface spec for the record formats (tables 7, 11, 50, 65–66, 83–86).

import { parseLocalDate } from '../clock.ts';
import type { CommandSpec } from '../command-spec.ts';
import type { DeviceState } from '../device-state.ts';
import { type ArchiveRecord, FORM_CODE } from '../fn-documents.ts';
import { AnswerWriter } from '../wire-values.ts';

const FN_NUMBER_WIDTH = 16;
/** FF63h «Ресурс данных 30 дневного хранения», KB: the simulator's storage, less 1 KB per unsent FD. */
const OFD_STORAGE_KB = 4096;

/** FF39h «Статус информационного обмена» bits (FN spec table 50). */
const ExchangeStatus = {
  transportConnected: 0x01,
  messageToSend: 0x02,
  awaitingReceipt: 0x04,
} as const;

export const fnStatus: CommandSpec = {
  code: 0xff01,
  name: 'Запрос статуса ФН',
  access: 'sysadmin',
  run({ device }) {
    const status = device.fn.status();
    return new AnswerWriter()
      .uint(status.phase, 1)
      .uint(status.currentDocument, 1)
      .uint(status.hasDocumentData ? 1 : 0, 1)
      .uint(status.shiftOpen ? 1 : 0, 1)
      .uint(status.warnings, 1)
      .dateTime(device.clock.local(status.lastDocumentAt)) // «Дата и время последнего документа»
      .ascii(status.fnNumber, FN_NUMBER_WIDTH)
      .uint(status.lastFdNumber, 4);
  },
};

export const fnNumber: CommandSpec = {
  code: 0xff02,
  name: 'Запрос номера ФН',
  access: 'sysadmin',
  run({ device }) {
    return new AnswerWriter().ascii(device.fn.state.fnNumber, FN_NUMBER_WIDTH);
  },
};

export const fnValidity: CommandSpec = {
  code: 0xff03,
  name: 'Запрос срока действия ФН',
  access: 'sysadmin',
  run({ device }) {
    // The KKT spec shows the date alone; the FN's 32h answer, which the KKT relays, continues with the
    // registrations left and done (FN spec table 11), as real devices send them (pyshtrih parses both).
    const fn = device.fn.state;
    return new AnswerWriter()
      .dateYmd(parseLocalDate(fn.validUntil))
      .uint(fn.registrationsLeft, 1)
      .uint(fn.registrationsDone, 1);
  },
};

export const findDocument: CommandSpec = {
  code: 0xff0a,
  name: 'Найти фискальный документ по номеру',
  access: 'sysadmin',
  run({ device, request }) {
    const record = device.fn.find(request.uint(4));
    const answer = new AnswerWriter()
      .uint(FORM_CODE[record.kind], 1)
      .uint(record.ofdAcknowledged ? 1 : 0, 1)
      .dateTime(device.clock.local(record.at))
      .uint(record.fdNumber, 4)
      .uint(record.fiscalSign, 4);
    return archiveTail(device, record, answer);
  },
};

/** The type-specific rest of an archive record (FN spec tables 83, 85, 86). */
function archiveTail(device: DeviceState, record: ArchiveRecord, answer: AnswerWriter): AnswerWriter {
  const fn = device.fn.state;
  switch (record.kind) {
    case 'registration':
      return answer
        .ascii(fn.inn, 12)
        .ascii(fn.registrationNumber, 20)
        .uint(fn.taxSystems, 1)
        .uint(fn.workMode, 1);
    case 'shift_open':
    case 'shift_close':
      return answer.uint(record.shiftNumber ?? 0, 2);
    case 'receipt':
    case 'correction':
      // A correction receipt is recorded like a receipt: operation and total (table 86).
      return answer.uint(record.operation ?? 0, 1).uint(record.totalKopecks ?? 0, 5);
  }
}

export const ofdExchangeStatus: CommandSpec = {
  code: 0xff39,
  name: 'Получить статус информационного обмена',
  access: 'sysadmin',
  run({ device }) {
    const unsent = device.fn.unsent();
    const first = unsent[0];
    let status = 0;
    if (device.ofd.isOnline()) status |= ExchangeStatus.transportConnected;
    if (first) status |= ExchangeStatus.messageToSend;
    if (first && device.ofd.isOnline()) status |= ExchangeStatus.awaitingReceipt;
    const answer = new AnswerWriter()
      .uint(status, 1)
      .uint(0, 1) // «Состояние чтения сообщения»: the simulated KKT is not reading one now
      .uint(Math.min(unsent.length, 0xffff), 2)
      .uint(first?.fdNumber ?? 0, 4);
    return first ? answer.dateTime(device.clock.local(first.at)) : answer.bytes(new Uint8Array(5));
  },
};

export const unconfirmedCount: CommandSpec = {
  code: 0xff3f,
  name: 'Запрос количества ФД на которые нет квитанции',
  access: 'sysadmin',
  run({ device }) {
    return new AnswerWriter().uint(Math.min(device.fn.unsent().length, 0xffff), 2);
  },
};

export const freeResource: CommandSpec = {
  code: 0xff63,
  name: 'Запрос ресурса свободной памяти в ФН',
  access: 'sysadmin',
  run({ device }) {
    // 11 bytes: the marking-notice byte is absent for an FN registered without marked goods (note 3).
    return new AnswerWriter()
      .uint(device.fn.freeDocuments(), 4)
      .uint(Math.max(0, OFD_STORAGE_KB - device.fn.unsent().length), 4);
  },
};
