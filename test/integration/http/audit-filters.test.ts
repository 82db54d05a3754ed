// Reading the audit trail by who and when (issue 3 "audit page"): the server filters, so a rare actor or
// an old day is one request, not a walk through the whole trail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditListJson } from '../../../app/http/schemas/audit.ts';
import { createOrganization, createUser } from '../../helpers/api-fixtures.ts';
import { logIn, startTestApi, type TestApi } from '../../helpers/api-harness.ts';

let api: TestApi;

beforeEach(async () => {
  api = await startTestApi();
});

afterEach(async () => {
  await api.close();
});

async function audit(query: string): Promise<AuditListJson> {
  const response = await api.asAdmin({ method: 'GET', url: `/api/v1/audit?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('GET /audit filters', () => {
  it('finds entries by part of the actor name and by a time range', async () => {
    const hourOne = api.clock.now().toISOString();
    await createOrganization(api, 'ООО «Первая»');
    api.clock.advance(3600_000); // within the admin session's idle limit
    const hourTwo = api.clock.now().toISOString();
    await createUser(api, { username: 'Tech-Petrov', role: 'technician', password: 'technician pw 1' });
    const technician = await logIn(api.app, 'Tech-Petrov', { password: 'technician pw 1' });
    const tested = await api.app.inject({
      method: 'POST',
      url: '/api/v1/registers/test-connection',
      headers: technician,
      payload: { driver: 'shtrih', host: '127.0.0.1', port: 1, protocol: 'v1' },
    });
    expect(tested.statusCode, tested.body).toBe(200);

    const byActor = await audit('actor=petrov');
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((entry) => entry.actor.name === 'Tech-Petrov')).toBe(true);
    expect(byActor.items.map((entry) => entry.action)).toContain('auth.login');

    const firstHour = await audit(`from=${encodeURIComponent(hourOne)}&to=${encodeURIComponent(hourTwo)}`);
    expect(firstHour.items.map((entry) => entry.action)).toContain('organization.create');
    expect(firstHour.items.every((entry) => entry.at >= hourOne && entry.at < hourTwo)).toBe(true);
    const created = (list: AuditListJson) =>
      list.items
        .filter((entry) => entry.action === 'user.create')
        .map((entry) => (entry.after as { username?: string } | null)?.username);
    expect(created(firstHour)).toEqual(['admin']); // the first admin, made at start

    const secondHour = await audit(`from=${encodeURIComponent(hourTwo)}&action=user.create`);
    expect(created(secondHour)).toEqual(['Tech-Petrov']);
  });

  it('refuses a time without a zone, naming the parameter', async () => {
    const response = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?from=2026-11-22T10:00' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('from');
  });
});
