// GET /metrics on a whole box against simulated PAYONLINE-01-ФА devices (issue 4 "Prometheus": "/metrics
// with the same figures; promtool check metrics passes"): two registers take receipts, one loses its OFD
// link and the other its paper, and every figure Prometheus reads is checked against what the simulators
// hold. The text itself, Cyrillic register names and all, must pass `promtool check metrics`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayRange } from '../../../app/operations/box-days.ts';
import { fnFillPercent } from '../../../app/registers/register-status-recorder.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';
import { parseSamples, type Sample, samplesOf, sampleValue } from '../../helpers/prometheus-text.ts';
import { promtoolCheckMetrics } from '../../helpers/promtool.ts';

let box: Box;
let token: string;

beforeAll(async () => {
  box = await startBoxWithSimulator({ registers: 2 });
  const issued = await box.asAdmin({
    method: 'POST',
    url: '/api/v1/monitoring-tokens',
    payload: { name: 'prometheus' },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  token = issued.json().token;
});

afterAll(async () => {
  await box?.close();
});

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await box.app.inject({
    method: 'GET',
    url: '/api/v1/metrics',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode, `${response.body}\n${box.logTail(5)}`).toBe(200);
  return { text: response.body, samples: parseSamples(response.body) };
}

/** Reads every register's status from its device now, as the status poll does. */
async function readStatuses(): Promise<void> {
  for (const device of box.devices) {
    const response = await box.asAdmin({
      method: 'GET',
      url: `/api/v1/registers/${device.registerId}/status`,
    });
    expect(response.statusCode, response.body).toBe(200);
  }
}

const labelsOf = (index: number) => ({
  register_id: String(box.devices[index]!.registerId),
  register: box.devices[index]!.name,
});

describe('GET /metrics on a box with simulated registers', () => {
  it('shows each register as its device is, the queue, the journal and the alerts; promtool accepts it', async () => {
    const [ofdDown, paperless] = box.devices as [Box['devices'][0], Box['devices'][0]];
    ofdDown.simulator.ofd.setOnline(false);
    for (let i = 1; i <= 6; i++) {
      await box.payOk({ external_id: `metrics-${i}`, account: `10${i}`, amount_kopecks: 10_000 * i });
    }
    await box.drain();
    paperless.simulator.paper.remove();
    await readStatuses();
    const verify = await box.asAdmin({ method: 'GET', url: '/api/v1/journal/verify' });
    expect(verify.json().ok).toBe(true);
    box.deps.alerts.evaluateNow();

    const { text, samples } = await scrape();
    expect(await promtoolCheckMetrics(text)).toEqual({ exitCode: 0, problems: '' });

    const now = box.clock.now();
    const zone = box.deps.settings.read().timezone;
    let receipts = 0;
    for (const [index, device] of box.devices.entries()) {
      const labels = labelsOf(index);
      const sim = device.simulator.state;
      const deviceReceipts = device.simulator.receipts().length;
      receipts += deviceReceipts;
      const value = (name: string) => sampleValue(samples, `kassabox_register_${name}`, labels);
      expect(sampleValue(samples, 'kassabox_receipts_total', labels), device.name).toBe(deviceReceipts);
      expect(value('receipts_today')).toBe(deviceReceipts);
      expect(value('online')).toBe(1);
      expect(value('enabled')).toBe(1);
      expect(value('shift_open')).toBe(sim.shift.open ? 1 : 0);
      expect(value('shift_expired')).toBe(0);
      expect(value('fn_free_documents')).toBe(sim.freeDocuments);
      expect(value('fn_fill_ratio')).toBeCloseTo(
        fnFillPercent(sim.lastFdNumber, sim.freeDocuments)! / 100,
        6,
      );
      // The FN works through its validity date; the box counts that day in its zone (Moscow here).
      expect(value('fn_valid_until_timestamp_seconds')).toBe(
        Date.parse(dayRange(sim.validUntil, zone).end) / 1000,
      );
      expect(value('ofd_unsent_documents')).toBe(sim.unsentFdNumbers.length);
      expect(value('paper_ok')).toBe(device === paperless ? 0 : 1);
      const lastReceipt = box.deps.db
        .prepare('SELECT max(fiscalized_at) AS at FROM receipt WHERE register_id = ?')
        .get(device.registerId) as { at: string | null };
      if (deviceReceipts > 0) {
        expect(value('last_receipt_timestamp_seconds')).toBe(Date.parse(lastReceipt.at!) / 1000);
        // The pipeline opened the shift for the first receipt a moment ago.
        expect(value('shift_age_seconds')).toBeGreaterThanOrEqual(0);
        expect(value('shift_age_seconds')).toBeLessThan(120);
      } else {
        expect(value('last_receipt_timestamp_seconds')).toBeUndefined();
      }
    }
    expect(receipts).toBe(6);
    // The device whose OFD is unreachable keeps every receipt of this test unsent: a fresh backlog.
    expect(ofdDown.simulator.state.unsentFdNumbers.length).toBeGreaterThan(0);
    const ofdLabels = labelsOf(0);
    const oldestAge = sampleValue(samples, 'kassabox_register_ofd_oldest_unsent_age_seconds', ofdLabels)!;
    expect(oldestAge).toBeGreaterThanOrEqual(0);
    expect(oldestAge).toBeLessThan(180);
    // The block comes 30 days after the oldest unsent document (the device's clock is to the second).
    const blockAt = sampleValue(samples, 'kassabox_register_ofd_block_timestamp_seconds', ofdLabels)!;
    expect(blockAt - (now.getTime() / 1000 - oldestAge)).toBeCloseTo(30 * 86_400, 0);
    // The other register's OFD confirms at once: nothing waits, no block is coming.
    expect(paperless.simulator.state.unsentFdNumbers).toEqual([]);
    expect(sampleValue(samples, 'kassabox_register_ofd_oldest_unsent_age_seconds', labelsOf(1))).toBe(0);
    expect(
      sampleValue(samples, 'kassabox_register_ofd_block_timestamp_seconds', labelsOf(1)),
    ).toBeUndefined();

    expect(sampleValue(samples, 'kassabox_receipts_today')).toBe(6);
    expect(sampleValue(samples, 'kassabox_receipts_today_amount_kopecks')).toBe(210_000);
    for (const state of ['pending', 'sending', 'outcome_unknown', 'failed']) {
      expect(sampleValue(samples, 'kassabox_queue_jobs', { state }), state).toBe(0);
    }
    expect(sampleValue(samples, 'kassabox_queue_oldest_pending_age_seconds')).toBe(0);
    expect(sampleValue(samples, 'kassabox_journal_ok')).toBe(1);

    // The alerts as the alert service has them, by rule and severity; the paper is out on one register.
    const active = box.deps.alerts.active();
    expect(active.some((alert) => alert.rule === 'paper_out')).toBe(true);
    for (const sample of samplesOf(samples, 'kassabox_alerts_active')) {
      const expected = active.filter(
        (a) => a.rule === sample.labels.rule && a.severity === sample.labels.severity,
      ).length;
      expect(sample.value, JSON.stringify(sample.labels)).toBe(expected);
    }
    expect(samplesOf(samples, 'process_cpu_seconds_total')).toHaveLength(1);
  });

  it('counts a new receipt, and shows a register that stopped answering as offline', async () => {
    const before = (await scrape()).samples;
    const totalBefore = samplesOf(before, 'kassabox_receipts_total').reduce((sum, s) => sum + s.value, 0);
    box.devices[1]!.simulator.paper.insert();
    await box.payOk({ external_id: 'metrics-late', account: '200', amount_kopecks: 5_000 });
    await box.drain();

    await box.stopDevice(box.devices[0]!);
    await box.asAdmin({ method: 'GET', url: `/api/v1/registers/${box.devices[0]!.registerId}/status` });
    const { samples, text } = await scrape();
    const totalAfter = samplesOf(samples, 'kassabox_receipts_total').reduce((sum, s) => sum + s.value, 0);
    expect(totalAfter).toBe(totalBefore + 1);
    expect(sampleValue(samples, 'kassabox_register_online', labelsOf(0))).toBe(0);
    expect(sampleValue(samples, 'kassabox_register_online', labelsOf(1))).toBe(1);
    expect(await promtoolCheckMetrics(text)).toEqual({ exitCode: 0, problems: '' });
  });

  it('shows the clock drift the scheduled status poll measured', async () => {
    const device = box.devices[1]!;
    // The device's clock runs 150 s ahead; a minute later the scheduler's status poll reads it.
    device.simulator.clock.advance(150_000);
    box.clock.advance(61_000);
    box.deps.lifecycle.tick();
    const stored = await box.waitFor('the status poll to store the drift', () => {
      const line = box.deps.dashboard.build().registers.find((r) => r.id === device.registerId);
      return (
        line?.clock_drift_seconds !== null && line!.clock_drift_seconds! > 60 && line!.clock_drift_seconds
      );
    });
    // 150 s ahead of the device minus the 61 s the box's clock was moved.
    expect(stored).toBeGreaterThanOrEqual(86);
    expect(stored).toBeLessThanOrEqual(92);
    const { samples } = await scrape();
    expect(sampleValue(samples, 'kassabox_register_clock_drift_seconds', labelsOf(1))).toBe(stored);
  });
});
