// BoxMetrics over fakes: what a scrape shows when things go away or were never known — a removed
// register's series vanish, a cleared alert's count returns to 0, an unverified journal is left out —
// and the journal tally counts each receipt once however often it is scraped.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../app/alerts/alert-types.ts';
import type { DashboardJson, DashboardRegisterJson } from '../../../../app/http/schemas/operations.ts';
import type { JournalVerification } from '../../../../app/journal/journal-verifier.ts';
import { BoxMetrics } from '../../../../app/metrics/box-metrics.ts';
import { ReceiptTally } from '../../../../app/metrics/receipt-tally.ts';
import type { ReceiptTallyRow } from '../../../../app/storage/metrics-repository.ts';
import { parseSamples, samplesOf, sampleValue } from '../../../helpers/prometheus-text.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');

function register(id: number, name: string): DashboardRegisterJson {
  return {
    id,
    name,
    organization_id: 1,
    enabled: true,
    online: true,
    last_error: null,
    read_at: '2026-11-22T11:59:00.000Z',
    shift_state: 'closed',
    shift_opened_at: null,
    fn_valid_until: '2027-06-30',
    fn_days_left: 220,
    fn_fill_percent: 1,
    fn_free_documents: 1000,
    ofd_unsent_count: 0,
    ofd_oldest_unsent_at: null,
    paper: 'present',
    receipts_today: 0,
    clock_drift_seconds: null,
    fn_replace_by: null,
  };
}

function dashboard(registers: DashboardRegisterJson[]): DashboardJson {
  return {
    generated_at: NOW.toISOString(),
    timezone: 'Europe/Moscow',
    registers,
    queue: {
      pending: 2,
      sending: 0,
      outcome_unknown: 1,
      failed: 0,
      oldest_pending_at: '2026-11-22T11:55:00.000Z',
    },
    receipts_today: { count: 0, sum_kopecks: 0 },
    alerts: { critical: 0, warning: 0 },
  };
}

function alert(id: number, rule: Alert['rule'], severity: Alert['severity']): Alert {
  return {
    id,
    rule,
    severity,
    subject: 'register:1',
    registerId: 1,
    message: '…',
    value: null,
    state: 'active',
    raisedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}

/** A journal of rows (register id, fiscalized_at) that the test appends to. */
function journal() {
  const rows: { id: number; registerId: number; at: string }[] = [];
  return {
    add(registerId: number, at: string) {
      rows.push({ id: rows.length + 1, registerId, at });
    },
    receiptsSince(afterId: number): ReceiptTallyRow[] {
      const byRegister = new Map<number, ReceiptTallyRow>();
      for (const row of rows.filter((r) => r.id > afterId)) {
        const known = byRegister.get(row.registerId);
        byRegister.set(row.registerId, {
          registerId: row.registerId,
          count: (known?.count ?? 0) + 1,
          lastFiscalizedAt: known && known.lastFiscalizedAt > row.at ? known.lastFiscalizedAt : row.at,
          lastId: row.id,
        });
      }
      return [...byRegister.values()];
    },
  };
}

function setUp() {
  const state = {
    registers: [register(1, 'Касса 1'), register(2, 'Касса 2')],
    alerts: [] as Alert[],
    journal: { last: undefined as JournalVerification | undefined },
  };
  const receipts = journal();
  const metrics = new BoxMetrics({
    dashboard: { build: () => dashboard(state.registers) },
    activeAlerts: () => state.alerts,
    receipts: new ReceiptTally(receipts),
    journal: state.journal,
    clock: { now: () => NOW },
    version: '9.9.9',
  });
  const scrape = async () => parseSamples(await metrics.render());
  return { state, receipts, metrics, scrape };
}

describe('BoxMetrics', () => {
  it('sets every figure afresh at each scrape: removed registers and cleared alerts do not linger', async () => {
    const { state, scrape } = setUp();
    state.alerts = [
      alert(1, 'paper_out', 'critical'),
      alert(2, 'ofd_backlog', 'warning'),
      alert(3, 'ofd_backlog', 'warning'),
    ];
    let samples = await scrape();
    expect(samplesOf(samples, 'kassabox_register_online')).toHaveLength(2);
    expect(sampleValue(samples, 'kassabox_alerts_active', { rule: 'paper_out', severity: 'critical' })).toBe(
      1,
    );
    expect(sampleValue(samples, 'kassabox_alerts_active', { rule: 'ofd_backlog', severity: 'warning' })).toBe(
      2,
    );
    expect(sampleValue(samples, 'kassabox_queue_jobs', { state: 'outcome_unknown' })).toBe(1);
    expect(sampleValue(samples, 'kassabox_queue_oldest_pending_age_seconds')).toBe(300);

    state.registers = [register(2, 'Касса 2')];
    state.alerts = [];
    samples = await scrape();
    expect(samplesOf(samples, 'kassabox_register_online').map((s) => s.labels.register)).toEqual(['Касса 2']);
    expect(samplesOf(samples, 'kassabox_alerts_active').every((s) => s.value === 0)).toBe(true);
    expect(samplesOf(samples, 'kassabox_alerts_active')).toHaveLength(17 * 2);
  });

  it('leaves the journal verdict out until the journal was verified, then shows it', async () => {
    const { state, scrape } = setUp();
    expect(sampleValue(await scrape(), 'kassabox_journal_ok')).toBeUndefined();
    state.journal.last = {
      verdict: { ok: false, entries: 3, brokenAtId: 2, reason: 'hash does not match the entry content' },
      checkedAt: '2026-11-22T11:00:00.000Z',
    };
    const samples = await scrape();
    expect(sampleValue(samples, 'kassabox_journal_ok')).toBe(0);
    expect(sampleValue(samples, 'kassabox_journal_verified_timestamp_seconds')).toBe(
      Date.parse('2026-11-22T11:00:00.000Z') / 1000,
    );
  });

  it('counts each receipt of the journal once across scrapes, and 0 for a register without any', async () => {
    const { receipts, scrape } = setUp();
    receipts.add(1, '2026-11-22T10:00:00.000Z');
    receipts.add(1, '2026-11-22T10:05:00.000Z');
    let samples = await scrape();
    expect(sampleValue(samples, 'kassabox_receipts_total', { register_id: '1' })).toBe(2);
    expect(sampleValue(samples, 'kassabox_receipts_total', { register_id: '2' })).toBe(0);
    expect(
      sampleValue(samples, 'kassabox_register_last_receipt_timestamp_seconds', { register_id: '2' }),
    ).toBeUndefined();

    receipts.add(2, '2026-11-22T11:00:00.000Z');
    await scrape();
    samples = await scrape();
    expect(sampleValue(samples, 'kassabox_receipts_total', { register_id: '1' })).toBe(2);
    expect(sampleValue(samples, 'kassabox_receipts_total', { register_id: '2' })).toBe(1);
    expect(
      sampleValue(samples, 'kassabox_register_last_receipt_timestamp_seconds', { register_id: '1' }),
    ).toBe(Date.parse('2026-11-22T10:05:00.000Z') / 1000);
  });

  it('labels the build and renders in the Prometheus text format', async () => {
    const { metrics, scrape } = setUp();
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = await scrape();
    expect(samplesOf(samples, 'kassabox_build_info')).toEqual([
      {
        name: 'kassabox_build_info',
        labels: { version: '9.9.9', node_version: process.versions.node },
        value: 1,
      },
    ]);
  });
});
