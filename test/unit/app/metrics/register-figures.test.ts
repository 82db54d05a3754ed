// The per-register figures of GET /metrics, from a dashboard line: each conversion (percent to ratio,
// instants to ages, the OFD block countdown) and what is left out when the box does not know it.
import { describe, expect, it } from 'vitest';
import type { DashboardRegisterJson } from '../../../../app/http/schemas/operations.ts';
import { registerFigures } from '../../../../app/metrics/register-figures.ts';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const ZONE = 'Europe/Moscow';
const seconds = (iso: string) => Date.parse(iso) / 1000;

function line(overrides: Partial<DashboardRegisterJson> = {}): DashboardRegisterJson {
  return {
    id: 1,
    name: 'Касса 1',
    organization_id: 1,
    enabled: true,
    online: true,
    last_error: null,
    read_at: '2026-11-22T11:59:30.000Z',
    shift_state: 'open',
    shift_opened_at: '2026-11-22T02:00:00.000Z',
    fn_valid_until: '2027-01-10',
    fn_days_left: 49,
    fn_fill_percent: 12.5,
    fn_free_documents: 210_000,
    ofd_unsent_count: 3,
    ofd_oldest_unsent_at: '2026-11-15T00:00:00.000Z',
    paper: 'present',
    receipts_today: 7,
    clock_drift_seconds: -4,
    fn_replace_by: '2026-12-25',
    ...overrides,
  };
}

describe('registerFigures', () => {
  it('turns a read status into numbers in base units', () => {
    expect(registerFigures(line(), NOW, ZONE)).toEqual({
      enabled: 1,
      online: 1,
      statusReadAt: Date.parse('2026-11-22T11:59:30.000Z') / 1000,
      shiftOpen: 1,
      shiftExpired: 0,
      shiftAgeSeconds: 10 * 3600,
      // The FN works through 2027-01-10, Moscow time: it ends at the next midnight there.
      fnValidUntil: seconds('2027-01-10T21:00:00.000Z'),
      fnFillRatio: 0.125,
      fnFreeDocuments: 210_000,
      ofdUnsentDocuments: 3,
      ofdOldestUnsentAgeSeconds: 7.5 * 86_400,
      // The oldest unsent document is from 2026-11-15: 30 days later the FN blocks.
      ofdBlockAt: seconds('2026-12-15T00:00:00.000Z'),
      paperOk: 1,
      receiptsToday: 7,
      clockDriftSeconds: -4,
    });
  });

  it('counts an expired shift as open, and leaves the age out of a closed one', () => {
    const expired = registerFigures(line({ shift_state: 'expired' }), NOW, ZONE);
    expect([expired.shiftOpen, expired.shiftExpired]).toEqual([1, 1]);
    const closed = registerFigures(line({ shift_state: 'closed' }), NOW, ZONE);
    expect([closed.shiftOpen, closed.shiftExpired, closed.shiftAgeSeconds]).toEqual([0, 0, null]);
  });

  it('shows no block coming when nothing waits for the OFD, and a past one once the FN blocks', () => {
    const none = registerFigures(line({ ofd_unsent_count: 0, ofd_oldest_unsent_at: null }), NOW, ZONE);
    expect([none.ofdOldestUnsentAgeSeconds, none.ofdBlockAt]).toEqual([0, null]);
    const blocked = registerFigures(line({ ofd_oldest_unsent_at: '2026-10-22T12:00:00.000Z' }), NOW, ZONE);
    expect(blocked.ofdBlockAt).toBe(seconds('2026-11-21T12:00:00.000Z'));
    expect(blocked.ofdBlockAt!).toBeLessThan(NOW.getTime() / 1000);
  });

  it('says paper is not ok when it is out or waiting for "continue"', () => {
    expect(registerFigures(line({ paper: 'out' }), NOW, ZONE).paperOk).toBe(0);
    expect(registerFigures(line({ paper: 'out_waiting_continue' }), NOW, ZONE).paperOk).toBe(0);
  });

  it('leaves out what the box has not read (a register never reached)', () => {
    const unknown = registerFigures(
      line({
        online: false,
        read_at: null,
        shift_state: null,
        shift_opened_at: null,
        fn_valid_until: null,
        fn_days_left: null,
        fn_fill_percent: null,
        fn_free_documents: null,
        ofd_unsent_count: null,
        ofd_oldest_unsent_at: null,
        paper: null,
        receipts_today: 0,
        clock_drift_seconds: null,
      }),
      NOW,
      ZONE,
    );
    expect(unknown).toEqual({
      enabled: 1,
      online: 0,
      statusReadAt: null,
      shiftOpen: null,
      shiftExpired: null,
      shiftAgeSeconds: null,
      fnValidUntil: null,
      fnFillRatio: null,
      fnFreeDocuments: null,
      ofdUnsentDocuments: null,
      ofdOldestUnsentAgeSeconds: null,
      ofdBlockAt: null,
      paperOk: null,
      receiptsToday: 0,
      clockDriftSeconds: null,
    });
  });
});
