// Every command the simulated PAYONLINE-01-ФА answers; anything else gets 37h «Команда не поддерживается
// в данной реализации ККТ» (including 01h «Запрос дампа», a service command the simulator does not offer).

import type { CommandSpec } from '../command-spec.ts';
import { beginCorrection, formCorrectionV2 } from './correction-commands.ts';
import {
  findDocument,
  fnNumber,
  fnStatus,
  fnValidity,
  freeResource,
  ofdExchangeStatus,
  unconfirmedCount,
} from './fn-commands.ts';
import { cancelFnDocument, cancelReceipt, closeReceiptV2, operationV2, sendTlv } from './receipt-commands.ts';
import { continuePrinting, readTable, writeTable } from './service-commands.ts';
import {
  beginShiftClose,
  beginShiftOpen,
  closeShiftInFnCommand,
  openShift,
  openShiftInFnCommand,
  shiftParameters,
  xReport,
  zReport,
} from './shift-commands.ts';
import { deviceType, fullStatus, shortStatus } from './status-commands.ts';

export const COMMANDS: readonly CommandSpec[] = [
  shortStatus,
  fullStatus,
  deviceType,
  writeTable,
  readTable,
  xReport,
  zReport,
  cancelReceipt,
  continuePrinting,
  openShift,
  fnStatus,
  fnNumber,
  fnValidity,
  cancelFnDocument,
  findDocument,
  openShiftInFnCommand,
  sendTlv,
  ofdExchangeStatus,
  unconfirmedCount,
  shiftParameters,
  beginShiftOpen,
  beginShiftClose,
  closeShiftInFnCommand,
  closeReceiptV2,
  operationV2,
  freeResource,
  beginCorrection,
  formCorrectionV2,
];
