// The numbers GET /metrics shows for one register, from its dashboard line (the last status the box
// read; no device is asked during a scrape). Pure, so each figure is tested on its own. A figure the box
// does not know (no status read yet, a device that does not report it) is null: the metric is left out
// rather than shown as a made-up 0, so a Prometheus rule on it neither fires nor clears by accident.
// Deadlines are instants (Unix seconds), as Prometheus counts time: the FN's validity end and the
// moment the FN blocks for an unsent document; a rule compares them with time(). (promtool refuses
// "days" in a name; the dashboard's and SNMP's whole days are these instants divided down.)
import { OFD_BLOCK_DAYS } from '../alerts/alert-evaluator.ts';
import type { DashboardRegisterJson } from '../http/schemas/operations.ts';
import { dayRange } from '../operations/box-days.ts';

const DAY_SECONDS = 86_400;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface RegisterFigures {
  enabled: number;
  online: number;
  statusReadAt: number | null;
  shiftOpen: number | null;
  shiftExpired: number | null;
  shiftAgeSeconds: number | null;
  fnValidUntil: number | null;
  fnFillRatio: number | null;
  fnFreeDocuments: number | null;
  ofdUnsentDocuments: number | null;
  ofdOldestUnsentAgeSeconds: number | null;
  ofdBlockAt: number | null;
  paperOk: number | null;
  receiptsToday: number;
  clockDriftSeconds: number | null;
}

const flag = (value: boolean): number => (value ? 1 : 0);

function secondsOf(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
}

function ageSeconds(iso: string | null, now: Date): number | null {
  const at = secondsOf(iso);
  return at === null ? null : Math.max(0, now.getTime() / 1000 - at);
}

/** The end of the FN's last valid day (the next midnight in `timeZone`), in Unix seconds. */
function endOfDay(day: string | null, timeZone: string): number | null {
  if (day === null || !DAY_PATTERN.test(day)) return null;
  try {
    return Date.parse(dayRange(day, timeZone).end) / 1000;
  } catch {
    return null;
  }
}

/** `timeZone` is the box's (the dashboard's): the day the FN's validity date ends in. */
export function registerFigures(line: DashboardRegisterJson, now: Date, timeZone: string): RegisterFigures {
  const unsent = line.ofd_unsent_count;
  // Nothing waiting for the OFD: the oldest waits 0 s and no block is coming.
  const oldestAge = unsent === 0 ? 0 : ageSeconds(line.ofd_oldest_unsent_at, now);
  const oldestAt = unsent === 0 ? null : secondsOf(line.ofd_oldest_unsent_at);
  return {
    enabled: flag(line.enabled),
    online: flag(line.online),
    statusReadAt: secondsOf(line.read_at),
    shiftOpen: line.shift_state === null ? null : flag(line.shift_state !== 'closed'),
    shiftExpired: line.shift_state === null ? null : flag(line.shift_state === 'expired'),
    // Known only when the box saw the shift open (a shift opened elsewhere has no opening time here).
    shiftAgeSeconds: line.shift_state === 'closed' ? null : ageSeconds(line.shift_opened_at, now),
    fnValidUntil: endOfDay(line.fn_valid_until, timeZone),
    fnFillRatio: line.fn_fill_percent === null ? null : line.fn_fill_percent / 100,
    fnFreeDocuments: line.fn_free_documents,
    ofdUnsentDocuments: unsent,
    ofdOldestUnsentAgeSeconds: oldestAge,
    ofdBlockAt: oldestAt === null ? null : oldestAt + OFD_BLOCK_DAYS * DAY_SECONDS,
    paperOk: line.paper === null ? null : flag(line.paper === 'present'),
    receiptsToday: line.receipts_today,
    clockDriftSeconds: line.clock_drift_seconds,
  };
}
