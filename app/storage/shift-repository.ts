// All SQL about shifts as the box saw them open and close (the device remains the authority).
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export interface ShiftRow {
  id: number;
  registerId: number;
  fnNumber: string;
  number: number;
  openedAt: string | null;
  openFdNumber: number | null;
  closedAt: string | null;
  closeFdNumber: number | null;
}

/** An FN document that opened or closed a shift: when (UTC) and its FD number. */
export interface ShiftDocument {
  registerId: number;
  fnNumber: string;
  number: number;
  at: string;
  fdNumber: number | null;
}

const COLUMNS = `id, register_id AS registerId, fn_number AS fnNumber, number, opened_at AS openedAt,
  open_fd_number AS openFdNumber, closed_at AS closedAt, close_fd_number AS closeFdNumber`;

export class ShiftRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  recordOpened(shift: ShiftDocument): void {
    this.sql
      .prepare(
        `INSERT INTO shift (register_id, fn_number, number, opened_at, open_fd_number) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (register_id, fn_number, number) DO UPDATE SET
           opened_at = coalesce(shift.opened_at, excluded.opened_at),
           open_fd_number = coalesce(shift.open_fd_number, excluded.open_fd_number)`,
      )
      .run(shift.registerId, shift.fnNumber, shift.number, shift.at, shift.fdNumber);
  }

  recordClosed(shift: ShiftDocument): void {
    this.sql
      .prepare(
        `INSERT INTO shift (register_id, fn_number, number, closed_at, close_fd_number) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (register_id, fn_number, number) DO UPDATE SET
           closed_at = excluded.closed_at, close_fd_number = excluded.close_fd_number`,
      )
      .run(shift.registerId, shift.fnNumber, shift.number, shift.at, shift.fdNumber);
  }

  list(registerId: number, limit: number): ShiftRow[] {
    return this.sql
      .prepare(`SELECT ${COLUMNS} FROM shift WHERE register_id = ? ORDER BY id DESC LIMIT ?`)
      .all(registerId, limit) as ShiftRow[];
  }
}
