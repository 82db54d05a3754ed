import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../../app/journal/journal-verifier.ts';
import { PaymentConflictError, type PaymentInputError } from '../../../app/payments/accept-payment.ts';
import { createPipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.ts';

const dirs: string[] = [];
function tempDbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassabox-store-'));
  dirs.push(dir);
  return join(dir, 'kassabox.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function receiptOf(fixture: PipelineFixture, registerId: number, paymentId: number, fdNumber: number) {
  return {
    fiscalJobId: fixture.jobs.getByPaymentId(paymentId)!.id,
    paymentId,
    registerId,
    fnNumber: '9287440301120991',
    fdNumber,
    fiscalSign: '123',
    shiftNumber: 1,
    operation: 'income',
    totalKopecks: 150_000,
    deviceTime: '2026-11-22T12:00',
    fiscalizedAt: '2026-11-22T09:00:00.000Z',
    qr: 'qr',
    resolution: 'device',
    createdAt: '2026-11-22T09:00:00.000Z',
  };
}

describe('payment store on a real SQLite file', () => {
  it('runs in WAL mode with synchronous=FULL and foreign keys on', () => {
    const fixture = createPipelineFixture(tempDbFile());
    expect(fixture.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(fixture.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(fixture.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('returns the original payment for a repeat with the same content', () => {
    const fixture = createPipelineFixture(tempDbFile());
    const first = fixture.accept({ externalId: 'abc', customerContact: '+79991234567' });
    const again = fixture.accept({ externalId: 'abc', customerContact: '8 999 123 45 67' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.payment.id).toBe(first.payment.id);
    expect(fixture.jobs.countsByState().pending).toBe(1);
  });

  it('refuses a repeat with another amount or account and names the differences', () => {
    const fixture = createPipelineFixture(tempDbFile());
    fixture.accept({ externalId: 'abc', amountKopecks: 100 });
    const attempt = () => fixture.accept({ externalId: 'abc', amountKopecks: 200, account: 'other' });
    expect(attempt).toThrow(PaymentConflictError);
    expect(attempt).toThrow(/account, amount_kopecks/);
    expect(fixture.payments.list({ limit: 10, offset: 0 }).total).toBe(1);
  });

  it('names the field of a bad amount, contact or payment time', () => {
    const fixture = createPipelineFixture(tempDbFile());
    const pathOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as PaymentInputError).path;
      }
      return undefined;
    };
    expect(pathOf(() => fixture.accept({ externalId: 'a', amountKopecks: 10.5 }))).toBe('/amount_kopecks');
    expect(pathOf(() => fixture.accept({ externalId: 'b', customerContact: 'nobody' }))).toBe(
      '/customer_contact',
    );
    expect(pathOf(() => fixture.accept({ externalId: 'c', paidAt: 'yesterday' }))).toBe('/paid_at');
    expect(fixture.payments.list({ limit: 10, offset: 0 }).total).toBe(0);
  });

  it('keeps the receipt journal append-only and one receipt per FN document', () => {
    const fixture = createPipelineFixture(tempDbFile());
    const registerId = fixture.addRegister({ name: 'ККТ-1' });
    const one = fixture.accept({ externalId: 'one' }).payment;
    const two = fixture.accept({ externalId: 'two' }).payment;
    fixture.receipts.append(receiptOf(fixture, registerId, one.id, 10));
    expect(() => fixture.receipts.append(receiptOf(fixture, registerId, two.id, 10))).toThrow(/UNIQUE/);
    expect(() => fixture.db.prepare('UPDATE receipt SET total_kopecks = 1').run()).toThrow(/append-only/);
    expect(() => fixture.db.prepare('DELETE FROM receipt').run()).toThrow(/append-only/);
    expect(verifyJournal(fixture.receipts, new Date()).verdict).toMatchObject({ ok: true, entries: 1 });
  });

  it('detects a journal row changed with the triggers bypassed', () => {
    const fixture = createPipelineFixture(tempDbFile());
    const registerId = fixture.addRegister({ name: 'ККТ-1' });
    const payment = fixture.accept({ externalId: 'one' }).payment;
    fixture.receipts.append(receiptOf(fixture, registerId, payment.id, 11));
    fixture.db.exec('DROP TRIGGER receipt_no_update; UPDATE receipt SET total_kopecks = 1;');
    expect(verifyJournal(fixture.receipts, new Date()).verdict).toMatchObject({ ok: false, brokenAtId: 1 });
  });
});
