// The dashboard shows what the worker just did to the device, without waiting for the idle status poll:
// the first receipt of the day opens the shift, and the register must read «shift open» right after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardJson } from '../../../app/http/schemas/operations.ts';
import { type Box, startBoxWithSimulator } from '../../helpers/box-with-simulator.ts';

describe('dashboard freshness', () => {
  let box: Box;

  beforeAll(async () => {
    box = await startBoxWithSimulator();
  });

  afterAll(async () => {
    await box.close();
  });

  it('shows the shift the first receipt opened, before any status poll', async () => {
    const dashboard = async () =>
      (await box.asAdmin({ method: 'GET', url: '/api/v1/dashboard' })).json() as DashboardJson;
    expect((await dashboard()).registers[0]?.shift_state).not.toBe('open');

    await box.payOk({ external_id: 'fresh-1', account: '100200', amount_kopecks: 10_000 });
    await box.drain();

    const register = (await dashboard()).registers[0]!;
    expect(register.shift_state).toBe('open');
    expect(register.shift_opened_at).not.toBeNull();
  });
});
