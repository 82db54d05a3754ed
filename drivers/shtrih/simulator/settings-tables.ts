// The KKT's settings tables as written by 1Eh «Запись таблицы» and read by 1Fh. Values are stored as the
// bytes the host wrote. Only table 17 («Региональные настройки» on PAYONLINE-01-ФА) has a meaning here:
// row 1 field 7 = 1 makes receipts electronic-only, nothing printed (re-star-ru's driver writes it before
// an electronic receipt; research §2.5).

const ELECTRONIC_ONLY = { table: 17, row: 1, field: 7 } as const;

export class SettingsTables {
  private readonly values = new Map<string, Buffer>();
  /** Called after a write, so the owner can persist the settings. */
  onChange: (() => void) | undefined = undefined;

  write(table: number, row: number, field: number, value: Uint8Array): void {
    this.values.set(key(table, row, field), Buffer.from(value));
    this.onChange?.();
  }

  read(table: number, row: number, field: number): Buffer | undefined {
    return this.values.get(key(table, row, field));
  }

  /** Every written value as `table:row:field` → hex, for the state file. */
  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.values].map(([name, value]) => [name, value.toString('hex')]));
  }

  load(saved: Record<string, string>): void {
    this.values.clear();
    for (const [name, hex] of Object.entries(saved)) this.values.set(name, Buffer.from(hex, 'hex'));
  }

  electronicOnly(): boolean {
    return this.read(ELECTRONIC_ONLY.table, ELECTRONIC_ONLY.row, ELECTRONIC_ONLY.field)?.[0] === 1;
  }

  setElectronicOnly(enabled: boolean): void {
    this.write(
      ELECTRONIC_ONLY.table,
      ELECTRONIC_ONLY.row,
      ELECTRONIC_ONLY.field,
      Uint8Array.of(enabled ? 1 : 0),
    );
  }
}

function key(table: number, row: number, field: number): string {
  return `${table}:${row}:${field}`;
}
