// The QR code text of a receipt, FNS pril. 2 §14–15 (research/protocols.md §6):
// t=<YYYYMMDDTHHMM>&s=<rubles.kopecks>&fn=<FN>&i=<FD, no leading zeros>&fp=<FP, no leading zeros>&n=<1054>
import type { Operation } from '../../drivers/fiscal-registrar.ts';
import { formatRubles } from './money.ts';

const OPERATION_CODE: Record<Operation, number> = {
  income: 1,
  income_return: 2,
  expense: 3,
  expense_return: 4,
};

export interface QrFields {
  deviceTime: string;
  totalKopecks: number;
  fnNumber: string;
  fdNumber: number;
  fiscalSign: string;
  operation: Operation;
}

export function receiptQr(fields: QrFields): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(fields.deviceTime);
  if (!match) throw new RangeError(`Not a device time: ${fields.deviceTime}`);
  const t = `${match[1]}${match[2]}${match[3]}T${match[4]}${match[5]}`;
  const fp = BigInt(fields.fiscalSign).toString();
  return `t=${t}&s=${formatRubles(fields.totalKopecks)}&fn=${fields.fnNumber}&i=${fields.fdNumber}&fp=${fp}&n=${OPERATION_CODE[fields.operation]}`;
}
