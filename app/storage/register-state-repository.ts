// What the pipeline reads and writes about registers: their connection settings and the last known
// device status. Creating and editing registers is the register CRUD's job.
import type { Db } from './database.ts';

export interface RegisterConfig {
  id: number;
  organizationId: number;
  name: string;
  driver: 'shtrih';
  host: string;
  port: number;
  password: number;
  timezone: string;
  electronicOnly: boolean;
  enabled: boolean;
  cashierName: string;
  cashierInn: string | null;
}

interface RawRegister extends Omit<RegisterConfig, 'electronicOnly' | 'enabled'> {
  electronicOnly: number;
  enabled: number;
}

const COLUMNS = `id, organization_id AS organizationId, name, driver, host, port, password, timezone,
  electronic_only AS electronicOnly, enabled, cashier_name AS cashierName, cashier_inn AS cashierInn`;

function toConfig(raw: RawRegister): RegisterConfig {
  return { ...raw, electronicOnly: raw.electronicOnly === 1, enabled: raw.enabled === 1 };
}

export class RegisterStateRepository {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  config(id: number): RegisterConfig | undefined {
    const raw = this.db.prepare(`SELECT ${COLUMNS} FROM register WHERE id = ?`).get(id) as
      | RawRegister
      | undefined;
    return raw ? toConfig(raw) : undefined;
  }

  allConfigs(): RegisterConfig[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM register ORDER BY id`).all() as RawRegister[]).map(
      toConfig,
    );
  }

  recordStatus(id: number, status: unknown, at: string): void {
    this.db
      .prepare(
        'UPDATE register SET status_json = ?, status_at = ?, online = 1, last_error = NULL WHERE id = ?',
      )
      .run(JSON.stringify(status), at, id);
  }

  recordOffline(id: number, error: string): void {
    this.db.prepare('UPDATE register SET online = 0, last_error = ? WHERE id = ?').run(error, id);
  }

  snapshot(
    id: number,
  ):
    | { statusJson: string | null; statusAt: string | null; online: boolean; lastError: string | null }
    | undefined {
    const row = this.db
      .prepare(
        'SELECT status_json AS statusJson, status_at AS statusAt, online, last_error AS lastError FROM register WHERE id = ?',
      )
      .get(id) as
      | { statusJson: string | null; statusAt: string | null; online: number; lastError: string | null }
      | undefined;
    return row ? { ...row, online: row.online === 1 } : undefined;
  }
}
