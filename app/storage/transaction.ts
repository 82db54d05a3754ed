// Services group a change and its audit row into one transaction without touching SQL themselves.
import type { Db } from './database.ts';

export type Transaction = <T>(work: () => T) => T;

export function transactionOf(db: Db): Transaction {
  return (work) => db.transaction(work)();
}
