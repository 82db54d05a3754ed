// The live side of a register: the last status read from the device and whether it answered.
// Its configuration is register-repository.ts.
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export class RegisterStateRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  recordStatus(id: number, status: unknown, at: string): void {
    this.sql
      .prepare(
        'UPDATE register SET status_json = ?, status_at = ?, online = 1, last_error = NULL WHERE id = ?',
      )
      .run(JSON.stringify(status), at, id);
  }

  /** Device clock minus box clock, seconds (migration 006); the lifecycle's status poll measures it. */
  recordClockDrift(id: number, seconds: number | null): void {
    this.sql.prepare('UPDATE register SET clock_drift_seconds = ? WHERE id = ?').run(seconds, id);
  }

  recordOffline(id: number, error: string): void {
    this.sql.prepare('UPDATE register SET online = 0, last_error = ? WHERE id = ?').run(error, id);
  }

  snapshot(id: number):
    | {
        statusJson: string | null;
        statusAt: string | null;
        online: boolean;
        lastError: string | null;
        clockDriftSeconds: number | null;
      }
    | undefined {
    const row = this.sql
      .prepare(
        `SELECT status_json AS statusJson, status_at AS statusAt, online, last_error AS lastError,
           clock_drift_seconds AS clockDriftSeconds FROM register WHERE id = ?`,
      )
      .get(id) as
      | {
          statusJson: string | null;
          statusAt: string | null;
          online: number;
          lastError: string | null;
          clockDriftSeconds: number | null;
        }
      | undefined;
    return row ? { ...row, online: row.online === 1 } : undefined;
  }
}
