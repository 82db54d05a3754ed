// When a register's FN must be replaced (issue 4 "Lifecycle"): the FN stops at whichever comes first, its
// archive being full or its validity ending. Pure: the caller counts the documents of the last 30 days
// (fn-forecast-service.ts) and hands in the FN's status figures.

const DAY_MS = 86_400_000;

/**
 * Days before the forecast end by which the FN should be replaced. Three, because: the FN itself raises
 * «срочная замена КС» three days before its end (FN spec table 9), which is the FN maker's own idea of
 * the last calm moment; a replacement needs a technician on site and the re-registration of the register
 * with the tax office (a business day), and a weekend can sit in between; and the memory forecast rests
 * on a 30-day average, while a provider's payments bunch up around the billing date, so the last days
 * before "full" may go faster than average.
 */
export const REPLACE_MARGIN_DAYS = 3;

/** A forecast further away than this says nothing useful (no FN is made for more than 36 months). */
const HORIZON_DAYS = 3_650;

export interface FnForecastInput {
  /** The register's local calendar day `YYYY-MM-DD` (FN dates are the device's local dates). */
  today: string;
  /** Receipts the register formed in the window. */
  receipts: number;
  /** Shift open and close reports in the window: they take archive room like receipts. */
  shiftDocuments: number;
  /** Length of the window in days (30, or less for a register added recently); > 0. */
  windowDays: number;
  /** Documents that still fit into the FN archive, when the device reports it. */
  freeDocuments: number | null;
  /** The FN's last valid day, local `YYYY-MM-DD`, when known. */
  validUntil: string | null;
}

/** The API shape (GET /registers/:id/status `fn_forecast`). */
export interface FnForecast {
  receipts_per_day: number;
  memory_full_on: string | null;
  valid_until: string | null;
  replace_by: string | null;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function fnForecast(input: FnForecastInput): FnForecast {
  const windowDays = Math.max(input.windowDays, 1);
  const receiptsPerDay = input.receipts / windowDays;
  const documentsPerDay = (input.receipts + input.shiftDocuments) / windowDays;
  let memoryFullOn: string | null = null;
  if (input.freeDocuments !== null && documentsPerDay > 0) {
    const daysLeft = Math.floor(input.freeDocuments / documentsPerDay);
    if (daysLeft <= HORIZON_DAYS) memoryFullOn = addDays(input.today, daysLeft);
  }
  const validUntil =
    input.validUntil !== null && DAY_PATTERN.test(input.validUntil) ? input.validUntil : null;
  const ends = [memoryFullOn, validUntil].filter((day): day is string => day !== null).sort();
  const end = ends[0];
  return {
    receipts_per_day: Math.round(receiptsPerDay * 10) / 10,
    memory_full_on: memoryFullOn,
    valid_until: validUntil,
    replace_by: end === undefined ? null : addDays(end, -REPLACE_MARGIN_DAYS),
  };
}
