// The figures the alert rules compare against (issue 4 "Alerts"; docs/api.md "Alerts" has the table).
// Stored as one settings row, key `alert_thresholds`, holding only what an admin changed: a default
// changed in a later version reaches every box that kept it.

export interface AlertThresholds {
  /** FN validity ends in ≤ this many days: warning / warning (urgent wording) / critical. */
  fnExpiryWarningDays: number;
  fnExpiryUrgentDays: number;
  fnExpiryCriticalDays: number;
  /** FN archive filled to ≥ this percent. */
  fnMemoryPercent: number;
  /** The oldest document not confirmed by the OFD is ≥ this many days old (the FN blocks at 30). */
  ofdBacklogWarningDays: number;
  ofdBacklogUrgentDays: number;
  ofdBacklogCriticalDays: number;
  /** An open shift older than this many hours (the FN refuses receipts after 24). */
  shiftMaxHours: number;
  /** No answer from an enabled register for ≥ this many minutes. */
  offlineMinutes: number;
  /** Device clock off the box clock by more than this many seconds. */
  clockDriftSeconds: number;
  /** The oldest pending job has waited more than this many minutes. */
  pendingMinutes: number;
  /** No receipt from a register (that has had receipts) for ≥ this many days. */
  noReceiptsDays: number;
  /** The OFD's paid period ends in ≤ this many days: warning / critical. */
  ofdPaidWarningDays: number;
  ofdPaidCriticalDays: number;
  /** Free space of the data directory below this many MiB: warning / critical. */
  diskWarningMb: number;
  diskCriticalMb: number;
  /** Available memory below this many MiB: warning / critical. */
  memoryWarningMb: number;
  memoryCriticalMb: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  fnExpiryWarningDays: 30,
  fnExpiryUrgentDays: 14,
  fnExpiryCriticalDays: 3,
  fnMemoryPercent: 90,
  ofdBacklogWarningDays: 3,
  ofdBacklogUrgentDays: 7,
  ofdBacklogCriticalDays: 20,
  shiftMaxHours: 23,
  offlineMinutes: 5,
  clockDriftSeconds: 60,
  pendingMinutes: 10,
  noReceiptsDays: 3,
  ofdPaidWarningDays: 30,
  ofdPaidCriticalDays: 7,
  diskWarningMb: 1024,
  diskCriticalMb: 256,
  memoryWarningMb: 128,
  memoryCriticalMb: 64,
};

export type ThresholdKey = keyof AlertThresholds;

export const THRESHOLD_KEYS = Object.keys(DEFAULT_ALERT_THRESHOLDS) as ThresholdKey[];

/** The API's (and the stored row's) name of a threshold: snake_case. */
export function snakeOf(key: ThresholdKey): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Upper bounds that catch a typo (a percent of 900, an FN warning a decade ahead). */
export const THRESHOLD_MAX: Record<ThresholdKey, number> = {
  fnExpiryWarningDays: 400,
  fnExpiryUrgentDays: 400,
  fnExpiryCriticalDays: 400,
  fnMemoryPercent: 100,
  ofdBacklogWarningDays: 30,
  ofdBacklogUrgentDays: 30,
  ofdBacklogCriticalDays: 30,
  shiftMaxHours: 24,
  offlineMinutes: 1440,
  clockDriftSeconds: 86_400,
  pendingMinutes: 1440,
  noReceiptsDays: 365,
  ofdPaidWarningDays: 400,
  ofdPaidCriticalDays: 400,
  diskWarningMb: 1_048_576,
  diskCriticalMb: 1_048_576,
  memoryWarningMb: 1_048_576,
  memoryCriticalMb: 1_048_576,
};

/** Tiers that must not cross: [the earlier/looser one, the later/graver one]. */
export const THRESHOLD_ORDER: readonly [ThresholdKey, ThresholdKey][] = [
  ['fnExpiryUrgentDays', 'fnExpiryWarningDays'],
  ['fnExpiryCriticalDays', 'fnExpiryUrgentDays'],
  ['ofdBacklogWarningDays', 'ofdBacklogUrgentDays'],
  ['ofdBacklogUrgentDays', 'ofdBacklogCriticalDays'],
  ['ofdPaidCriticalDays', 'ofdPaidWarningDays'],
  ['diskCriticalMb', 'diskWarningMb'],
  ['memoryCriticalMb', 'memoryWarningMb'],
];
