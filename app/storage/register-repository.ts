// All SQL about the configuration of registers (CRUD). The live device status columns belong to the
// pipeline (register-state-repository.ts).
import type { Db } from './database.ts';
import { Statements } from './statements.ts';

export const REGISTER_DRIVERS = ['shtrih'] as const;
export type RegisterDriver = (typeof REGISTER_DRIVERS)[number];
export const REGISTER_PROTOCOLS = ['v1', 'v2'] as const;
export type RegisterProtocol = (typeof REGISTER_PROTOCOLS)[number];

export interface RegisterFields {
  organizationId: number;
  name: string;
  driver: RegisterDriver;
  host: string;
  port: number;
  /** The lower level of the Shtrih protocol the device is set to. */
  protocol: RegisterProtocol;
  /** The device's operator password (Shtrih: a 4-byte number, 30 by default). A secret. */
  password: number;
  timezone: string;
  electronicOnly: boolean;
  enabled: boolean;
  cashierName: string;
  cashierInn: string | null;
}

export interface RegisterRow extends RegisterFields {
  id: number;
  createdAt: string;
  updatedAt: string;
}

type RawRegister = Omit<RegisterRow, 'electronicOnly' | 'enabled'> & {
  electronicOnly: number;
  enabled: number;
};

const COLUMNS = `id, organization_id AS organizationId, name, driver, host, port, protocol, password, timezone,
  electronic_only AS electronicOnly, enabled, cashier_name AS cashierName, cashier_inn AS cashierInn,
  created_at AS createdAt, updated_at AS updatedAt`;

function toRow(raw: RawRegister): RegisterRow {
  return { ...raw, electronicOnly: raw.electronicOnly === 1, enabled: raw.enabled === 1 };
}

function toParams(fields: RegisterFields): Record<string, unknown> {
  return { ...fields, electronicOnly: fields.electronicOnly ? 1 : 0, enabled: fields.enabled ? 1 : 0 };
}

export class RegisterRepository {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = new Statements(db);
  }

  list(): RegisterRow[] {
    return (this.sql.prepare(`SELECT ${COLUMNS} FROM register ORDER BY id`).all() as RawRegister[]).map(
      toRow,
    );
  }

  getById(id: number): RegisterRow | undefined {
    const raw = this.sql.prepare(`SELECT ${COLUMNS} FROM register WHERE id = ?`).get(id) as
      | RawRegister
      | undefined;
    return raw ? toRow(raw) : undefined;
  }

  findByName(name: string): RegisterRow | undefined {
    const raw = this.sql.prepare(`SELECT ${COLUMNS} FROM register WHERE name = ?`).get(name) as
      | RawRegister
      | undefined;
    return raw ? toRow(raw) : undefined;
  }

  insert(fields: RegisterFields, at: string): number {
    const result = this.sql
      .prepare(
        `INSERT INTO register (organization_id, name, driver, host, port, protocol, password, timezone, electronic_only,
           enabled, cashier_name, cashier_inn, created_at, updated_at)
         VALUES (@organizationId, @name, @driver, @host, @port, @protocol, @password, @timezone, @electronicOnly,
           @enabled, @cashierName, @cashierInn, @at, @at)`,
      )
      .run({ ...toParams(fields), at });
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: RegisterFields, at: string): void {
    this.sql
      .prepare(
        `UPDATE register SET organization_id = @organizationId, name = @name, driver = @driver, host = @host,
           port = @port, protocol = @protocol, password = @password, timezone = @timezone, electronic_only = @electronicOnly,
           enabled = @enabled, cashier_name = @cashierName, cashier_inn = @cashierInn, updated_at = @at
         WHERE id = @id`,
      )
      .run({ ...toParams(fields), id, at });
  }

  delete(id: number): void {
    this.sql.prepare('DELETE FROM register WHERE id = ?').run(id);
  }

  /** Fiscal jobs, shifts and receipts bound to the register: its history forbids removing it. */
  historyCount(id: number): number {
    return (
      this.sql
        .prepare(
          `SELECT (SELECT count(*) FROM fiscal_job WHERE register_id = @id OR pinned_register_id = @id)
                + (SELECT count(*) FROM shift WHERE register_id = @id)
                + (SELECT count(*) FROM receipt WHERE register_id = @id) AS n`,
        )
        .get({ id }) as { n: number }
    ).n;
  }
}
