// Turns a FiscalDocument with `correction` into the device dialogue of a чек коррекции (spec v1.17,
// p. 49 FF35h and p. 54 FF4Ah): FF35h → FF0Ch 1174 (основание: 1178, 1179) → FF0Ch 1008, 1021, 1203 →
// FF4Ah with the type (1173), the operation (1054), the total, the payments and the VAT sums.
// FF4Ah carries no items: the document's items only give the total and, by their rates, the VAT sums
// (1102–1107). It has no field for the 5 % and 7 % rates, so such a document is refused here.
// Pure: validation and command building only; shtrih-registrar.ts runs the plan.

import type { FiscalCorrection, FiscalDocument, VatRate } from '../fiscal-registrar.ts';
import type { ShtrihCommand } from './protocol/commands/command.ts';
import {
  BASE_NUMBER_MAX,
  beginCorrection,
  CORRECTION_TYPE_CODE,
  correctionBasisTlv,
  type FormCorrectionRequest,
  formCorrectionV2,
  localDateSeconds,
} from './protocol/commands/correction.ts';
import { OPERATION_CODE, TAX_SYSTEM_BIT } from './protocol/commands/fiscal-codes.ts';
import { writeTlv } from './protocol/commands/tlv.ts';
import { documentTagSteps, invalid, type PlannedLine, planLines, type ReceiptPlan } from './receipt-plan.ts';

/** FFD appendix 2, table 28: a correction receipt is «приход» (1) or «расход» (3), nothing else. */
const CORRECTION_OPERATIONS = new Set(['income', 'expense']);

/** The six VAT fields of FF4Ah, in kopecks. */
export type CorrectionVatSums = Pick<
  FormCorrectionRequest,
  | 'vat20Kopecks'
  | 'vat10Kopecks'
  | 'vat0TurnoverKopecks'
  | 'noVatTurnoverKopecks'
  | 'vat120Kopecks'
  | 'vat110Kopecks'
>;

export function planCorrection(doc: FiscalDocument, password: number): ReceiptPlan {
  const correction = doc.correction;
  if (!correction) throw new Error('planCorrection needs a document with correction');
  if (!CORRECTION_OPERATIONS.has(doc.operation)) {
    throw invalid(`a correction receipt is income or expense only (FFD table 28), not ${doc.operation}`);
  }
  checkCorrection(correction);
  const { lines, totalKopecks } = planLines(doc);
  const steps: ShtrihCommand<void>[] = [
    beginCorrection(password),
    writeTlv(password, correctionBasisTlv(correction.baseDate, correction.baseNumber)),
    ...documentTagSteps(doc, password),
  ];
  const close = formCorrectionV2(password, {
    correctionType: CORRECTION_TYPE_CODE[correction.type],
    operationCode: OPERATION_CODE[doc.operation],
    totalKopecks,
    cashKopecks: doc.payments.cashKopecks,
    electronicKopecks: doc.payments.electronicKopecks,
    ...correctionVatSums(lines),
    taxSystemBit: TAX_SYSTEM_BIT[doc.taxSystem],
  });
  return { documentType: 'correction', totalKopecks, steps, close };
}

/**
 * VAT sums of the receipt by rate. Prices include VAT, so the tax of a rate is its lines' sum × 20/120
 * (or 10/110), rounded half up once per rate as the device does for a receipt in tax mode 0; 0 % and
 * «без НДС» report the turnover itself (tags 1104, 1105).
 */
export function correctionVatSums(lines: readonly PlannedLine[]): CorrectionVatSums {
  const byRate = new Map<VatRate, number>();
  for (const line of lines) byRate.set(line.item.vat, (byRate.get(line.item.vat) ?? 0) + line.sumKopecks);
  for (const rate of byRate.keys()) {
    if (!(rate in FIELD_OF_RATE)) {
      throw invalid(`FF4Ah has no VAT field for rate ${rate}; a correction receipt cannot carry it`);
    }
  }
  const sum = (rate: VatRate) => byRate.get(rate) ?? 0;
  return {
    vat20Kopecks: taxIncluded(sum('vat20'), 20),
    vat10Kopecks: taxIncluded(sum('vat10'), 10),
    vat0TurnoverKopecks: sum('vat0'),
    noVatTurnoverKopecks: sum('none'),
    vat120Kopecks: taxIncluded(sum('vat120'), 20),
    vat110Kopecks: taxIncluded(sum('vat110'), 10),
  };
}

/** Rates FF4Ah has a field for. */
const FIELD_OF_RATE: Readonly<Partial<Record<VatRate, true>>> = {
  vat20: true,
  vat10: true,
  vat0: true,
  none: true,
  vat120: true,
  vat110: true,
};

/** The tax inside a VAT-inclusive sum, rounded half up: sum × rate / (100 + rate). */
function taxIncluded(sumKopecks: number, ratePercent: number): number {
  const divisor = 100 + ratePercent;
  return Math.floor((sumKopecks * ratePercent * 2 + divisor) / (2 * divisor));
}

function checkCorrection(correction: FiscalCorrection): void {
  if (!(correction.type in CORRECTION_TYPE_CODE)) {
    throw invalid(`correction type "${correction.type}" is neither self nor instruction (tag 1173)`);
  }
  try {
    localDateSeconds(correction.baseDate);
  } catch (error) {
    throw invalid(`correction base date (tag 1178): ${(error as Error).message}`);
  }
  if (correction.baseNumber.length > BASE_NUMBER_MAX) {
    throw invalid(`correction base number (tag 1179) is over ${BASE_NUMBER_MAX} characters`);
  }
  if (correction.type === 'instruction' && correction.baseNumber.trim() === '') {
    throw invalid('a correction by instruction needs the number of the tax authority order (tag 1179)');
  }
}
