// docs/KASSABOX-MIB.txt as net-snmp providers: every object's arc below the enterprise base, and a Mib
// filled from Figures. A test compares these arcs with what smidump reads from the MIB file, so the
// agent and the document cannot drift apart.
import { hostname } from 'node:os';
import snmp from 'net-snmp';
import type { AlertRow, Figures } from './snmp-figures.ts';

/** Box scalars below <base>.1.1, in MIB order. */
export const BOX_SCALARS = [
  { name: 'kbVersion', arc: 1, type: 'OctetString', figure: 'version' },
  { name: 'kbUptime', arc: 2, type: 'TimeTicks', figure: 'uptimeTicks' },
  { name: 'kbQueueDepth', arc: 3, type: 'Gauge', figure: 'queueDepth' },
  { name: 'kbQueueOldestPendingAge', arc: 4, type: 'Gauge', figure: 'oldestPendingAge' },
  { name: 'kbJobsOutcomeUnknown', arc: 5, type: 'Gauge', figure: 'outcomeUnknown' },
  { name: 'kbJobsFailed', arc: 6, type: 'Gauge', figure: 'failed' },
  { name: 'kbReceiptsToday', arc: 7, type: 'Gauge', figure: 'receiptsToday' },
  { name: 'kbAlertsCritical', arc: 8, type: 'Gauge', figure: 'alertsCritical' },
  { name: 'kbAlertsWarning', arc: 9, type: 'Gauge', figure: 'alertsWarning' },
  { name: 'kbRegisterCount', arc: 10, type: 'Gauge', figure: 'registerCount' },
] as const satisfies readonly { name: string; arc: number; type: string; figure: keyof Figures['box'] }[];

type ColumnType = 'Integer' | 'OctetString' | 'Gauge' | 'TimeTicks';
interface Column<Row> {
  name: string;
  arc: number;
  type: ColumnType;
  field: keyof Row & string;
}

/** kbRegisterTable = <base>.1.2, entry .1, columns below it. Column 1 is the not-accessible index. */
export const REGISTER_COLUMNS = [
  { name: 'kbRegisterIndex', arc: 1, type: 'Gauge', field: 'index' },
  { name: 'kbRegisterName', arc: 2, type: 'OctetString', field: 'name' },
  { name: 'kbRegisterState', arc: 3, type: 'Integer', field: 'state' },
  { name: 'kbRegisterShiftState', arc: 4, type: 'Integer', field: 'shiftState' },
  { name: 'kbRegisterShiftAge', arc: 5, type: 'Integer', field: 'shiftAge' },
  { name: 'kbRegisterFnNumber', arc: 6, type: 'OctetString', field: 'fnNumber' },
  { name: 'kbRegisterFnDaysLeft', arc: 7, type: 'Integer', field: 'fnDaysLeft' },
  { name: 'kbRegisterFnFillPercent', arc: 8, type: 'Integer', field: 'fnFillPercent' },
  { name: 'kbRegisterUnsentCount', arc: 9, type: 'Integer', field: 'unsentCount' },
  { name: 'kbRegisterOldestUnsentAge', arc: 10, type: 'Integer', field: 'oldestUnsentAge' },
  { name: 'kbRegisterDaysToBlock', arc: 11, type: 'Integer', field: 'daysToBlock' },
  { name: 'kbRegisterPaper', arc: 12, type: 'Integer', field: 'paper' },
  { name: 'kbRegisterLastReceiptTime', arc: 13, type: 'Gauge', field: 'lastReceiptTime' },
  { name: 'kbRegisterFnValidUntil', arc: 14, type: 'OctetString', field: 'fnValidUntil' },
] as const satisfies readonly Column<Figures['registers'][number]>[];

/** kbAlertTable = <base>.1.3, entry .1; column 1 (the alert id) is the not-accessible index. */
export const ALERT_COLUMNS = [
  { name: 'kbAlertId', arc: 1, type: 'Gauge', field: 'id' },
  { name: 'kbAlertRule', arc: 2, type: 'OctetString', field: 'rule' },
  { name: 'kbAlertSubject', arc: 3, type: 'OctetString', field: 'subject' },
  { name: 'kbAlertRegisterIndex', arc: 4, type: 'Gauge', field: 'registerIndex' },
  { name: 'kbAlertSeverity', arc: 5, type: 'Integer', field: 'severity' },
  { name: 'kbAlertMessage', arc: 6, type: 'OctetString', field: 'message' },
  { name: 'kbAlertRaisedTime', arc: 7, type: 'Gauge', field: 'raisedTime' },
  { name: 'kbAlertAcknowledged', arc: 8, type: 'Integer', field: 'acknowledged' },
  { name: 'kbAlertState', arc: 9, type: 'Integer', field: 'state' },
] as const satisfies readonly Column<AlertRow>[];

/** Objects sent with kbAlertRaised/kbAlertCleared (the MIB's OBJECTS clause, in order). */
export const NOTIFICATION_COLUMNS = [
  'kbAlertRule',
  'kbAlertSubject',
  'kbAlertRegisterIndex',
  'kbAlertSeverity',
  'kbAlertMessage',
  'kbAlertRaisedTime',
  'kbAlertState',
] as const;

export const NOTIFICATIONS = { kbAlertRaised: 1, kbAlertCleared: 2 } as const;

/** Every named object's OID under `base`, for the MIB consistency test and the Zabbix template test. */
export function objectOids(base: string): Map<string, string> {
  const oids = new Map<string, string>();
  for (const s of BOX_SCALARS) oids.set(s.name, `${base}.1.1.${s.arc}`);
  for (const c of REGISTER_COLUMNS) oids.set(c.name, `${base}.1.2.1.${c.arc}`);
  for (const c of ALERT_COLUMNS) oids.set(c.name, `${base}.1.3.1.${c.arc}`);
  for (const [name, arc] of Object.entries(NOTIFICATIONS)) oids.set(name, `${base}.0.${arc}`);
  return oids;
}

const readOnly = snmp.MaxAccess['read-only'];
const notAccessible = snmp.MaxAccess['not-accessible'];

/** DisplayString/KbUtf8String hold at most 255 octets: cut UTF-8 text at a character boundary. */
export function utf8Limit(text: string, octets = 255): string {
  if (Buffer.byteLength(text) <= octets) return text;
  let cut = '';
  for (const char of text) {
    if (Buffer.byteLength(cut + char) > octets) break;
    cut += char;
  }
  return cut;
}

function cell(type: ColumnType, value: string | number): string | number {
  return type === 'OctetString' ? utf8Limit(String(value)) : value;
}

function tableProvider(
  name: string,
  oid: string,
  columns: readonly { name: string; arc: number; type: ColumnType }[],
) {
  const index = columns[0];
  if (!index) throw new Error(`${name} has no columns`);
  return {
    name,
    type: snmp.MibProviderType.Table,
    oid,
    maxAccess: notAccessible,
    tableColumns: columns.map((c, i) => ({
      number: c.arc,
      name: c.name,
      type: snmp.ObjectType[c.type],
      maxAccess: i === 0 ? notAccessible : readOnly,
    })),
    tableIndex: [{ columnName: index.name }],
  };
}

/**
 * SNMPv2-MIB's system group (RFC 3418), which managers read first: a plain `snmpwalk <box>` and network
 * discovery (sysObjectID points at KASSABOX-MIB) find the box by it.
 */
const SYSTEM_GROUP = [
  {
    name: 'sysDescr',
    oid: '1.3.6.1.2.1.1.1',
    type: 'OctetString',
    value: (f: Figures) => `KassaBox ${f.box.version}`,
  },
  { name: 'sysObjectID', oid: '1.3.6.1.2.1.1.2', type: 'OID', value: (_f: Figures, base: string) => base },
  { name: 'sysUpTime', oid: '1.3.6.1.2.1.1.3', type: 'TimeTicks', value: (f: Figures) => f.box.uptimeTicks },
  { name: 'sysName', oid: '1.3.6.1.2.1.1.5', type: 'OctetString', value: () => hostname() },
] as const;

/** A new net-snmp Mib holding `figures`: the agent swaps it in whole, so a walk never sees half a refresh. */
// biome-ignore lint/suspicious/noExplicitAny: net-snmp's Mib is untyped (@types/net-snmp says any).
export function buildMib(base: string, figures: Figures): any {
  const mib = snmp.createMib();
  for (const object of SYSTEM_GROUP) {
    mib.registerProvider({
      name: object.name,
      type: snmp.MibProviderType.Scalar,
      oid: object.oid,
      scalarType: snmp.ObjectType[object.type],
      maxAccess: readOnly,
    });
    mib.setScalarValue(object.name, object.value(figures, base));
  }
  for (const scalar of BOX_SCALARS) {
    mib.registerProvider({
      name: scalar.name,
      type: snmp.MibProviderType.Scalar,
      oid: `${base}.1.1.${scalar.arc}`,
      scalarType: snmp.ObjectType[scalar.type],
      maxAccess: readOnly,
    });
    mib.setScalarValue(scalar.name, cell(scalar.type, figures.box[scalar.figure]));
  }
  mib.registerProvider(tableProvider('kbRegisterTable', `${base}.1.2.1`, REGISTER_COLUMNS));
  for (const row of figures.registers) {
    mib.addTableRow(
      'kbRegisterTable',
      REGISTER_COLUMNS.map((c) => cell(c.type, row[c.field])),
    );
  }
  mib.registerProvider(tableProvider('kbAlertTable', `${base}.1.3.1`, ALERT_COLUMNS));
  for (const row of figures.alerts) {
    mib.addTableRow(
      'kbAlertTable',
      ALERT_COLUMNS.map((c) => cell(c.type, row[c.field])),
    );
  }
  return mib;
}

/** The varbinds of kbAlertRaised/kbAlertCleared: each object's instance is the alert id. */
export function notificationVarbinds(
  base: string,
  row: AlertRow,
): { oid: string; type: number; value: unknown }[] {
  return NOTIFICATION_COLUMNS.map((name) => {
    const column = ALERT_COLUMNS.find((c) => c.name === name);
    if (!column) throw new Error(`${name} is not an alert column`);
    return {
      oid: `${base}.1.3.1.${column.arc}.${row.id}`,
      type: snmp.ObjectType[column.type],
      value: cell(column.type, row[column.field]),
    };
  });
}
