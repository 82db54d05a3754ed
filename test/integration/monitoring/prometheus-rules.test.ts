// The example alerting rules of docs/monitoring.md (docs/prometheus/kassabox-alerts.yml): promtool
// accepts them, and every kassabox_ metric they name is one GET /metrics serves, so the example cannot
// drift from the exporter unnoticed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInstruments } from '../../../app/metrics/box-instruments.ts';
import { PROMTOOL } from '../../helpers/promtool.ts';

const RULES = new URL('../../../docs/prometheus/kassabox-alerts.yml', import.meta.url).pathname;

describe('docs/prometheus/kassabox-alerts.yml', () => {
  it('passes promtool check rules', () => {
    const result = spawnSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('names only metrics that /metrics serves', () => {
    const served = new Set(
      createInstruments()
        .registry.getMetricsAsArray()
        .map((metric) => metric.name),
    );
    const named = new Set(readFileSync(RULES, 'utf8').match(/\bkassabox_[a-z_]+/g));
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((name) => !served.has(name))).toEqual([]);
  });
});
