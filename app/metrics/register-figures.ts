// The numbers GET /metrics shows for one register, from its dashboard line (the last status the box
// read; no device is asked during a scrape). Pure, so each figure is tested on its own. A figure the box
// does not know (no status read yet, a device that does not report it) is null: the metric is left out
// rather than shown as a made-up 0, so a Prometheus rule on it neither fires nor clears by accident.
import type { DashboardRegisterJson } from '../http/schemas/operations.ts';

/** The FN refuses new receipts once a document has waited this long for the OFD (54-ФЗ, art. 4.1). */
export const OFD_BLOCK_DAYS = 30;
const DAY_SECONDS = 86_400;

export interface RegisterFigures {
  enabled: number;
  online: number;
  statusReadAt: number | null;
  shiftOpen: number | null;
  shiftExpired: number | null;
  shiftAgeSeconds: number | null;
  fnDaysLeft: number | null;
  fnFillRatio: number | null;
  fnFreeDocuments: number | null;
  ofdUnsentDocuments: number | null;
  ofdOldestUnsentAgeSeconds: number | null;
  ofdDaysUntilBlock: number | null;
  paperOk: number | null;
  receiptsToday: number;
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

export function registerFigures(line: DashboardRegisterJson, now: Date): RegisterFigures {
  const unsent = line.ofd_unsent_count;
  // Nothing waiting for the OFD: the oldest waits 0 s and the whole 30 days are left.
  const oldestAge = unsent === 0 ? 0 : ageSeconds(line.ofd_oldest_unsent_at, now);
  return {
    enabled: flag(line.enabled),
    online: flag(line.online),
    statusReadAt: secondsOf(line.read_at),
    shiftOpen: line.shift_state === null ? null : flag(line.shift_state !== 'closed'),
    shiftExpired: line.shift_state === null ? null : flag(line.shift_state === 'expired'),
    // Known only when the box saw the shift open (a shift opened elsewhere has no opening time here).
    shiftAgeSeconds: line.shift_state === 'closed' ? null : ageSeconds(line.shift_opened_at, now),
    fnDaysLeft: line.fn_days_left,
    fnFillRatio: line.fn_fill_percent === null ? null : line.fn_fill_percent / 100,
    fnFreeDocuments: line.fn_free_documents,
    ofdUnsentDocuments: unsent,
    ofdOldestUnsentAgeSeconds: oldestAge,
    // Whole days left, rounded down: "2" means the FN blocks within 2–3 days.
    ofdDaysUntilBlock: oldestAge === null ? null : Math.floor(OFD_BLOCK_DAYS - oldestAge / DAY_SECONDS),
    paperOk: line.paper === null ? null : flag(line.paper === 'present'),
    receiptsToday: line.receipts_today,
  };
}
