import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../../../app/http/errors.ts';

// STYLE (fastify's lib/errors.js): every code a client can receive is documented for operators.
describe('error catalogue', () => {
  const doc = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8');

  // Rows of the catalogue table: | `code` | status | meaning |
  const rows = doc
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

  it.each(Object.entries(ERROR_CATALOGUE))('documents %s with its status in docs/api.md', (code, entry) => {
    const row = rows.find((cells) => cells[0] === `\`${code}\``);
    expect(row, `docs/api.md has no catalogue row for ${code}`).toBeDefined();
    expect(row![1]).toBe(String(entry.status));
    expect(row![2]!.length).toBeGreaterThan(10);
  });

  it('uses codes in snake_case with 4xx/5xx statuses', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[a-z][a-z_]*$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  });
});
