// GET /metrics (issue 4 "Prometheus"): the figures of the dashboard, the alerts and the journal in the
// Prometheus text format. Nothing runs between scrapes: each scrape reads the dashboard view (the
// database only; no device is asked), the active alerts and the journal tally, sets every metric from
// scratch (so a removed register or a cleared alert disappears), and renders. The registry is private to
// this object, never prom-client's global one, and is made at the first scrape: a box nobody scrapes
// pays nothing for it.
import { ALERT_RULES, type Alert, type AlertSeverity } from '../alerts/alert-types.ts';
import type { Clock } from '../clock.ts';
import type { JournalVerification } from '../journal/journal-verifier.ts';
import type { DashboardView } from '../operations/dashboard-view.ts';
import type { BoxInstruments, RegisterLabel } from './box-instruments.ts';
import type { ReceiptTally } from './receipt-tally.ts';
import { type RegisterFigures, registerFigures } from './register-figures.ts';

const SEVERITIES: readonly AlertSeverity[] = ['warning', 'critical'];

export interface BoxMetricsDeps {
  dashboard: Pick<DashboardView, 'build'>;
  /** The active alerts (deps.alerts.active). */
  activeAlerts: () => readonly Alert[];
  receipts: Pick<ReceiptTally, 'read'>;
  journal: { last: JournalVerification | undefined };
  clock: Clock;
  version: string;
}

type RegisterGauges = BoxInstruments['register'];
const FIGURE_GAUGES: readonly [keyof RegisterFigures, keyof RegisterGauges][] = [
  ['enabled', 'enabled'],
  ['online', 'online'],
  ['statusReadAt', 'statusReadAt'],
  ['shiftOpen', 'shiftOpen'],
  ['shiftExpired', 'shiftExpired'],
  ['shiftAgeSeconds', 'shiftAge'],
  ['fnValidUntil', 'fnValidUntil'],
  ['fnFillRatio', 'fnFillRatio'],
  ['fnFreeDocuments', 'fnFreeDocuments'],
  ['ofdUnsentDocuments', 'ofdUnsent'],
  ['ofdOldestUnsentAgeSeconds', 'ofdOldestUnsentAge'],
  ['ofdBlockAt', 'ofdBlockAt'],
  ['paperOk', 'paperOk'],
  ['receiptsToday', 'receiptsToday'],
  ['clockDriftSeconds', 'clockDrift'],
];

export class BoxMetrics {
  private readonly deps: BoxMetricsDeps;
  private instruments: BoxInstruments | undefined;

  constructor(deps: BoxMetricsDeps) {
    this.deps = deps;
  }

  /** The Content-Type of render()'s text: Prometheus text format 0.0.4 (prom-client's Registry default). */
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';

  async render(): Promise<string> {
    const instruments = await this.ensureInstruments();
    this.update(instruments);
    return instruments.registry.metrics();
  }

  private async ensureInstruments(): Promise<BoxInstruments> {
    // prom-client (about 14 MiB of RSS) is loaded at the first scrape: a box nobody scrapes never pays.
    this.instruments ??= (await import('./box-instruments.ts')).createInstruments();
    return this.instruments;
  }

  private update(m: BoxInstruments): void {
    const { deps } = this;
    const now = deps.clock.now();
    const dashboard = deps.dashboard.build();

    m.buildInfo.reset();
    m.buildInfo.set({ version: deps.version, node_version: process.versions.node }, 1);

    m.queueJobs.reset();
    const { oldest_pending_at: oldestPendingAt, ...byState } = dashboard.queue;
    for (const [state, count] of Object.entries(byState)) m.queueJobs.set({ state }, count);
    m.queueOldestPendingAge.set(
      oldestPendingAt === null ? 0 : Math.max(0, (now.getTime() - Date.parse(oldestPendingAt)) / 1000),
    );
    m.receiptsToday.set(dashboard.receipts_today.count);
    m.receiptsTodayAmount.set(dashboard.receipts_today.sum_kopecks);

    m.alertsActive.reset();
    for (const rule of ALERT_RULES)
      for (const severity of SEVERITIES) m.alertsActive.set({ rule, severity }, 0);
    for (const alert of deps.activeAlerts())
      m.alertsActive.inc({ rule: alert.rule, severity: alert.severity });

    const journal = deps.journal.last;
    m.journalOk.reset();
    m.journalVerifiedAt.reset();
    if (journal === undefined) {
      m.journalOk.remove({});
      m.journalVerifiedAt.remove({});
    } else {
      m.journalOk.set(journal.verdict.ok ? 1 : 0);
      m.journalVerifiedAt.set(Date.parse(journal.checkedAt) / 1000);
    }

    for (const gauge of Object.values(m.register)) gauge.reset();
    m.receiptsTotal.reset();
    const tally = deps.receipts.read();
    const names = new Map<number, string>();
    for (const line of dashboard.registers) {
      names.set(line.id, line.name);
      const labels = { register_id: String(line.id), register: line.name };
      const figures = registerFigures(line, now, dashboard.timezone);
      for (const [figure, gauge] of FIGURE_GAUGES) {
        const value = figures[figure];
        if (value !== null) m.register[gauge].set(labels, value);
      }
      const receipts = tally.get(line.id);
      if (receipts !== undefined) {
        m.register.lastReceiptAt.set(labels, Date.parse(receipts.lastFiscalizedAt) / 1000);
      }
    }
    // Every register with receipts, including one no longer listed, so the sum stays the journal's size.
    for (const [registerId, receipts] of tally) {
      const labels: Record<RegisterLabel, string> = {
        register_id: String(registerId),
        register: names.get(registerId) ?? '',
      };
      m.receiptsTotal.inc(labels, receipts.count);
    }
    // A register without receipts yet still shows 0, so rate() has a start.
    for (const [registerId, name] of names) {
      if (!tally.has(registerId)) m.receiptsTotal.inc({ register_id: String(registerId), register: name }, 0);
    }
  }
}
