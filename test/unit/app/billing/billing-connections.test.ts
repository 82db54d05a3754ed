// BillingConnections' adapter cache: one adapter per connection, rebuilt after a change, gone after a
// removal, every one closed by close(); and the check's answers when the billing fails.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../../app/audit/audit-log.ts';
import { BillingConnections } from '../../../../app/billing/billing-connections.ts';
import { createLogger } from '../../../../app/logger.ts';
import { AuditRepository } from '../../../../app/storage/audit-repository.ts';
import { BillingConnectionRepository } from '../../../../app/storage/billing-connection-repository.ts';
import { openDatabase } from '../../../../app/storage/database.ts';
import { transactionOf } from '../../../../app/storage/transaction.ts';
import { type BillingAdapter, BillingError } from '../../../../drivers/billing/billing-adapter.ts';
import { TestClock } from '../../../helpers/api-harness.ts';

const CONTEXT = { actor: { kind: 'system' as const }, ip: null };

interface FakeAdapter extends BillingAdapter {
  closed: boolean;
  settings: unknown;
}

function setUp(findAccount: BillingAdapter['findAccount']) {
  const db = openDatabase(':memory:');
  const clock = new TestClock();
  const built: FakeAdapter[] = [];
  const billing = new BillingConnections({
    connections: new BillingConnectionRepository(db),
    audit: new AuditLog(new AuditRepository(db), clock),
    transaction: transactionOf(db),
    clock,
    logger: createLogger({ level: 'silent' }),
    createAdapter: (kind, settings) => {
      const adapter: FakeAdapter = {
        kind,
        settings,
        closed: false,
        findAccount,
        postPayment: () => Promise.reject(new Error('not used')),
        getPayment: () => Promise.resolve(undefined),
        close: async () => {
          adapter.closed = true;
        },
      };
      built.push(adapter);
      return adapter;
    },
  });
  const id = billing.service.create(
    { name: 'osmp', kind: 'osmp', settings: { url: 'https://billing.example/paysys_check.cgi' } },
    CONTEXT,
  ).id;
  return { db, billing, built, id };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BillingConnections', () => {
  it('keeps one adapter per connection, rebuilds it after a change and closes the old one later', async () => {
    vi.useFakeTimers();
    const { billing, built, id } = setUp(async (account) => ({ found: true, account: { account } }));
    const first = billing.adapterFor(id);
    expect(billing.adapterFor(id)).toBe(first);
    billing.service.update(id, { settings: { url: 'https://billing.example/osmp' } }, CONTEXT);
    const second = billing.adapterFor(id);
    expect(second).not.toBe(first);
    expect((second as FakeAdapter).settings).toEqual({ url: 'https://billing.example/osmp' });
    // Calls already on the old adapter get a minute to finish before it closes.
    expect(built[0]!.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(built[0]!.closed).toBe(true);
    expect(built[1]!.closed).toBe(false);
    await billing.close();
    expect(built[1]!.closed).toBe(true);
  });

  it('refuses a removed connection as unavailable and closes everything at shutdown', async () => {
    const { billing, built, id } = setUp(async (account) => ({ found: true, account: { account } }));
    billing.adapterFor(id);
    billing.service.remove(id, CONTEXT);
    expect(() => billing.adapterFor(id)).toThrow(BillingError);
    expect(() => billing.adapterFor(id)).toThrow(`billing connection ${id} does not exist`);
    await billing.close();
    expect(built.map((adapter) => adapter.closed)).toEqual([true]);
  });

  it('answers a check with what the billing said, and ok false when it failed', async () => {
    let answer: () => Promise<never> | ReturnType<BillingAdapter['findAccount']> = async () => ({
      found: true,
      account: { account: '1001', name: 'Иванов И.', balanceKopecks: -500 },
    });
    const { billing, id } = setUp((_account) => answer());
    expect(await billing.check(id, '1001')).toEqual({
      ok: true,
      found: true,
      account: { account: '1001', name: 'Иванов И.', balanceKopecks: -500 },
      message: 'Лицевой счёт найден, Иванов И.',
    });
    answer = async () => ({
      found: false,
      reason: 'inactive',
      message: 'Лицевой счёт 1001 отключён в биллинге',
    });
    expect(await billing.check(id, '1001')).toEqual({
      ok: true,
      found: false,
      account: null,
      message: 'Лицевой счёт 1001 отключён в биллинге',
    });
    answer = () => Promise.reject(new BillingError('unavailable', 'connect ECONNREFUSED 10.0.0.5:80'));
    expect(await billing.check(id, '1001')).toEqual({
      ok: false,
      found: null,
      account: null,
      message: 'Биллинг не ответил: connect ECONNREFUSED 10.0.0.5:80',
    });
    await billing.close();
  });
});
