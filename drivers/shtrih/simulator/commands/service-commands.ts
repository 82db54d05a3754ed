// Service commands: B0h «Продолжение печати», 1Eh «Запись таблицы», 1Fh «Чтение таблицы».

import type { CommandSpec } from '../command-spec.ts';
import { AnswerWriter } from '../wire-values.ts';

export const continuePrinting: CommandSpec = {
  code: 0xb0,
  name: 'Продолжение печати',
  access: 'operator',
  run({ device, operator }) {
    device.printer.continuePrinting();
    return new AnswerWriter().uint(operator, 1);
  },
};

export const writeTable: CommandSpec = {
  code: 0x1e,
  name: 'Запись таблицы',
  access: 'sysadmin',
  run({ device, request }) {
    const table = request.uint(1);
    const row = request.uint(2);
    const field = request.uint(1);
    device.tables.write(table, row, field, request.rest());
    return new Uint8Array();
  },
};

export const readTable: CommandSpec = {
  code: 0x1f,
  name: 'Чтение таблицы',
  access: 'sysadmin',
  run({ device, request }) {
    const table = request.uint(1);
    const row = request.uint(2);
    const field = request.uint(1);
    // A field never written reads as one zero byte: the simulator keeps no factory table layout.
    return device.tables.read(table, row, field) ?? Uint8Array.of(0);
  },
};
