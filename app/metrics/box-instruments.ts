// Every metric of GET /metrics, declared in one place with its help text (docs/monitoring.md lists
// them). Names follow the Prometheus conventions: the kassabox_ namespace, base units in the name
// (seconds, ratio), _total only on counters, _timestamp_seconds for instants (deadlines too: a rule
// subtracts time()).
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

const REGISTER = ['register_id', 'register'] as const;
const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];
export type RegisterLabel = (typeof REGISTER)[number];

function registerGauge(registry: Registry, name: string, help: string): Gauge<RegisterLabel> {
  return new Gauge({ name: `kassabox_register_${name}`, help, labelNames: REGISTER, registers: [registry] });
}

export function createInstruments() {
  const registry = new Registry();
  // Memory, CPU, event loop lag, handles and the like of this process (process_*, nodejs_*), under
  // their usual names so stock dashboards work. Collected when scraped.
  collectDefaultMetrics({ register: registry });
  // prom-client names three gauges *_total, which promtool rightly refuses (the suffix is for counters);
  // their per-type twins (nodejs_active_handles{type} …) carry the same counts.
  for (const misnamed of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(misnamed);
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    buildInfo: gauge('kassabox_build_info', 'Always 1; the labels say which KassaBox answers.', [
      'version',
      'node_version',
    ]),
    queueJobs: gauge('kassabox_queue_jobs', 'Fiscal jobs not done, by state.', ['state']),
    queueOldestPendingAge: gauge(
      'kassabox_queue_oldest_pending_age_seconds',
      'How long the oldest pending fiscal job has waited; 0 when none is pending.',
    ),
    receiptsToday: gauge('kassabox_receipts_today', 'Receipts fiscalized today (the box time zone).'),
    receiptsTodayAmount: gauge(
      'kassabox_receipts_today_amount_kopecks',
      'Sum of the receipts fiscalized today (the box time zone), in kopecks.',
    ),
    receiptsTotal: new Counter<RegisterLabel>({
      name: 'kassabox_receipts_total',
      help: 'Receipts in the journal, by register (counted from the journal: it continues across restarts).',
      labelNames: REGISTER,
      registers: [registry],
    }),
    alertsActive: gauge('kassabox_alerts_active', 'Active alerts, by rule and severity.', [
      'rule',
      'severity',
    ]),
    journalOk: gauge(
      'kassabox_journal_ok',
      '1 when the receipt journal passed its last verification, 0 when it failed (absent before the first).',
    ),
    journalVerifiedAt: gauge(
      'kassabox_journal_verified_timestamp_seconds',
      'When the receipt journal was last verified (Unix time).',
    ),
    register: {
      enabled: registerGauge(registry, 'enabled', '1 when the register is enabled for receipts.'),
      online: registerGauge(
        registry,
        'online',
        '1 when the register answered the last time the box asked it.',
      ),
      statusReadAt: registerGauge(
        registry,
        'status_read_timestamp_seconds',
        'When the box last read the register status (Unix time).',
      ),
      shiftOpen: registerGauge(registry, 'shift_open', '1 when a shift is open (also when it has expired).'),
      shiftExpired: registerGauge(registry, 'shift_expired', '1 when the open shift is older than 24 h.'),
      shiftAge: registerGauge(
        registry,
        'shift_age_seconds',
        'Age of the open shift (only when the box saw it open).',
      ),
      fnValidUntil: registerGauge(
        registry,
        'fn_valid_until_timestamp_seconds',
        'When the FN validity ends: the midnight after its last valid day (Unix time).',
      ),
      fnFillRatio: registerGauge(registry, 'fn_fill_ratio', 'Used share of the FN document archive, 0–1.'),
      fnFreeDocuments: registerGauge(registry, 'fn_free_documents', 'Documents that still fit into the FN.'),
      ofdUnsent: registerGauge(registry, 'ofd_unsent_documents', 'Documents the OFD has not confirmed.'),
      ofdOldestUnsentAge: registerGauge(
        registry,
        'ofd_oldest_unsent_age_seconds',
        'Age of the oldest document the OFD has not confirmed; 0 when none waits.',
      ),
      ofdBlockAt: registerGauge(
        registry,
        'ofd_block_timestamp_seconds',
        'When the FN blocks unless the OFD confirms the oldest unsent document: its time + 30 days (Unix time).',
      ),
      paperOk: registerGauge(registry, 'paper_ok', '1 when the printer has paper.'),
      receiptsToday: registerGauge(registry, 'receipts_today', 'Receipts of this register today.'),
      lastReceiptAt: registerGauge(
        registry,
        'last_receipt_timestamp_seconds',
        'When the register fiscalized its latest receipt (Unix time).',
      ),
      clockDrift: registerGauge(
        registry,
        'clock_drift_seconds',
        'Device clock minus box clock at the last status read (positive: the device runs ahead).',
      ),
    },
  };
}

export type BoxInstruments = ReturnType<typeof createInstruments>;
