// Settings tables (spec §«Запись таблицы» 1Eh, §«Чтение таблицы» 1Fh): table(1), row(2), field(1),
// value. The spec does not describe the tables themselves — they are model-specific.

import { uintLE } from '../binary.ts';
import { defineCommand, noData, passwordFields, type ShtrihCommand } from './command.ts';

export const WRITE_TABLE = 0x1e;
export const READ_TABLE = 0x1f;

export interface TableCell {
  table: number;
  row: number;
  field: number;
}

/**
 * Table 17 row 1 field 7: 1 = the next receipt is not printed (electronic only), 0 = printed. Not in
 * the spec text; taken from re-star-ru/shtrih-m-driver («CreateNotPrintOneCheck», run against a real
 * PAYONLINE-class device) — verify on the target firmware with 2Dh/2Eh.
 */
export const ELECTRONIC_ONLY_CELL: TableCell = { table: 17, row: 1, field: 7 };

export function writeTable(password: number, cell: TableCell, value: Uint8Array): ShtrihCommand<void> {
  return defineCommand(
    WRITE_TABLE,
    'query',
    passwordFields(
      password,
      Uint8Array.of(cell.table),
      uintLE(cell.row, 2),
      Uint8Array.of(cell.field),
      value,
    ),
    noData,
  );
}

export function readTable(password: number, cell: TableCell): ShtrihCommand<Buffer> {
  return defineCommand(
    READ_TABLE,
    'query',
    passwordFields(password, Uint8Array.of(cell.table), uintLE(cell.row, 2), Uint8Array.of(cell.field)),
    (reader) => reader.bytes(reader.remaining),
  );
}
