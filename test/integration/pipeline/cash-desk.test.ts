// The office cash desk end to end (POST /api/v1/cash-desk/payments): a whole box with two simulated
// registers of one organization. A desk payment is printed on the register chosen at the desk and never
// on the other, a repeated request finds the first payment, and a refusal of the chosen register's FN
// fails the payment instead of moving it to another office's printer.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../app/auth/password-hash.ts';
import type { Role } from '../../../app/auth/roles.ts';
import { FAST_SCRYPT, logIn } from '../../helpers/api-harness.ts';
import { boxPerTest, payment, waitForRetry } from '../../helpers/box-scenario.ts';
import type { Box } from '../../helpers/box-with-simulator.ts';

const boxes = boxPerTest();

interface DeskBody {
  request_id: string;
  register_id: number;
  account: string;
  amount_kopecks: number;
  method: 'cash' | 'electronic';
  customer_contact?: string;
}

function deskBody(registerId: number, changes: Partial<DeskBody> = {}): DeskBody {
  return {
    request_id: randomUUID(),
    register_id: registerId,
    account: '100200',
    amount_kopecks: 150_000,
    method: 'cash',
    ...changes,
  };
}

/** POSTs to the cash desk as the admin (or with other headers); an accepted payment joins the box's ledger. */
async function takeAtDesk(
  b: Box,
  body: DeskBody,
  headers?: Record<string, string>,
): Promise<LightMyRequestResponse> {
  const request = { method: 'POST' as const, url: '/api/v1/cash-desk/payments', payload: body };
  const response = headers ? await b.app.inject({ ...request, headers }) : await b.asAdmin(request);
  if (response.statusCode === 200 || response.statusCode === 201) {
    const { payment: json } = response.json();
    b.accepted.set(json.id, {
      id: json.id,
      externalId: json.external_id,
      amountKopecks: json.amount_kopecks,
    });
  }
  return response;
}

async function takeOk(b: Box, body: DeskBody): Promise<number> {
  const response = await takeAtDesk(b, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().payment.id;
}

async function person(b: Box, username: string, role: Role, registerIds: number[]) {
  const users = b.deps.repositories.users;
  const id = users.insert({
    username,
    role,
    passwordHash: await hashPassword('cashier password', FAST_SCRYPT),
    at: new Date().toISOString(),
  });
  users.setRegisterIds(id, registerIds);
  return logIn(b.app, username, { password: 'cashier password' });
}

describe('cash desk', () => {
  it('prints on the register chosen at the desk, never on the other one, and waits for it when it is away', async () => {
    const b = await boxes.start({ registers: 2 });
    const [front, desk] = b.devices;
    // Billing payments may go to either register; desk payments only to the desk's.
    const billing = await Promise.all(Array.from({ length: 3 }, () => b.payOk(payment())));
    const taken = [];
    for (let i = 0; i < 4; i++)
      taken.push(await takeOk(b, deskBody(desk!.registerId, { amount_kopecks: 1000 + i })));
    await b.drain();
    for (const id of taken) {
      const json = await b.payment(id);
      expect(json.status).toBe('fiscalized');
      expect(json.receipt?.register_id).toBe(desk!.registerId);
    }
    const deskTotals = desk!.simulator.receipts().map((r) => r.totalKopecks);
    expect(deskTotals).toEqual(expect.arrayContaining([1000, 1001, 1002, 1003]));
    expect(front!.simulator.receipts().map((r) => r.totalKopecks)).not.toEqual(
      expect.arrayContaining([1000]),
    );

    // The desk's register is switched off: the payment waits; the idle front register does not take it.
    await b.stopDevice(desk!);
    const waiting = await takeOk(b, deskBody(desk!.registerId, { amount_kopecks: 4242 }));
    await waitForRetry(b, waiting, 'connection_lost', 'the desk payment to find its register away');
    const frontBefore = front!.simulator.receipts().length;
    const other = await b.payOk(payment(5151));
    await b.waitFor('the billing payment on the front register', () =>
      b.deps.stores.receipts.getByPaymentId(other),
    );
    expect(front!.simulator.receipts()).toHaveLength(frontBefore + 1);
    expect(b.deps.stores.jobs.getByPaymentId(waiting)?.state).toBe('pending');
    await b.startDevice(desk!);
    await b.drain();
    expect((await b.payment(waiting)).receipt?.register_id).toBe(desk!.registerId);
    expect(await b.checkInvariants()).toMatchObject({
      payments: billing.length + 6,
      receipts: billing.length + 6,
    });
  });

  it('answers a repeated request with the same payment, and refuses the same request_id with other content', async () => {
    const b = await boxes.start({ registers: 2 });
    const [front, desk] = b.devices;
    const body = deskBody(desk!.registerId, { customer_contact: '+7 999 123-45-67' });
    const first = await takeAtDesk(b, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await takeAtDesk(b, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().payment.id).toBe(first.json().payment.id);
    expect(first.json().payment).toMatchObject({
      external_id: `desk-${body.request_id}`,
      method: 'cash',
      customer_contact: '+79991234567',
    });

    for (const change of [{ amount_kopecks: 1 }, { register_id: front!.registerId }]) {
      const conflicting = await takeAtDesk(b, { ...body, ...change });
      expect(conflicting.statusCode, JSON.stringify(change)).toBe(409);
      expect(conflicting.json().error.code).toBe('payment_conflict');
      expect(conflicting.json().error.message).toMatch(/request_id .* new request_id/);
    }
    await b.drain();
    expect(await b.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });

    // The organization's built-in desk source, made on first use by the system.
    const sources = (await b.asAdmin({ method: 'GET', url: '/api/v1/sources' })).json().items;
    const deskSource = sources.find((s: { kind: string }) => s.kind === 'cash_desk');
    expect(deskSource).toMatchObject({
      organization_id: b.organizationId,
      name: 'Касса в офисе (ООО «Связь»)',
    });
    expect(first.json().payment.source_id).toBe(deskSource.id);
    const audit = (await b.asAdmin({ method: 'GET', url: '/api/v1/audit?limit=20' })).json().items;
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'source.create',
          entity_id: String(deskSource.id),
          actor: expect.objectContaining({ kind: 'system' }),
        }),
        expect.objectContaining({
          action: 'cash_desk.payment',
          entity_id: String(first.json().payment.id),
          actor: expect.objectContaining({ kind: 'user', name: 'admin' }),
        }),
      ]),
    );
    expect(audit.filter((row: { action: string }) => row.action === 'cash_desk.payment')).toHaveLength(1);
  });

  it('refuses an unknown, a disabled or an unassigned register with a clear answer', async () => {
    const b = await boxes.start({ registers: 2 });
    const [front, desk] = b.devices;
    const unknown = await takeAtDesk(b, deskBody(999));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'invalid_request',
      details: [{ path: '/register_id', location: 'body', message: 'register 999 does not exist' }],
    });
    const badId = await takeAtDesk(b, { ...deskBody(desk!.registerId), request_id: 'twice' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].path).toBe('/request_id');

    const disable = await b.asAdmin({
      method: 'PATCH',
      url: `/api/v1/registers/${front!.registerId}`,
      payload: { enabled: false },
    });
    expect(disable.statusCode, disable.body).toBe(200);
    const disabled = await takeAtDesk(b, deskBody(front!.registerId));
    expect(disabled.statusCode).toBe(409);
    expect(disabled.json().error.code).toBe('register_unavailable');

    // A cashier works only the registers assigned to them; a viewer not at all.
    const cashier = await person(b, 'kate', 'cashier', [desk!.registerId]);
    const own = await takeAtDesk(b, deskBody(desk!.registerId), cashier);
    expect(own.statusCode, own.body).toBe(201);
    const audit = (await b.asAdmin({ method: 'GET', url: '/api/v1/audit?limit=5' })).json().items;
    expect(audit.find((row: { action: string }) => row.action === 'cash_desk.payment').actor).toMatchObject({
      kind: 'user',
      name: 'kate',
    });
    const elsewhere = await takeAtDesk(b, deskBody(front!.registerId), cashier);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('register_not_assigned');
    const viewer = await person(b, 'noc', 'viewer', []);
    expect((await takeAtDesk(b, deskBody(desk!.registerId), viewer)).statusCode).toBe(403);
    const token = await b.app.inject({
      method: 'POST',
      url: '/api/v1/cash-desk/payments',
      headers: { authorization: `Bearer ${b.token}` },
      payload: deskBody(desk!.registerId),
    });
    expect(token.statusCode).toBe(403);
    await b.drain();
    expect(await b.checkInvariants()).toMatchObject({ payments: 1, receipts: 1 });
  });

  it("fails a desk payment that its register's FN refuses instead of moving it to the other register", async () => {
    const b = await boxes.start({ registers: 2 });
    const [front, desk] = b.devices;
    desk!.simulator.faults.add({ kind: 'fn_expired' });
    const id = await takeOk(b, deskBody(desk!.registerId, { amount_kopecks: 7_000 }));
    await b.drain();
    const json = await b.payment(id);
    expect(json.status).toBe('failed');
    expect(json.fiscal_job).toMatchObject({ state: 'failed', last_error_code: 'fn_expired' });
    expect(json.receipt).toBeNull();
    expect(front!.simulator.receipts()).toHaveLength(0);

    // A billing payment refused by the same FN still moves on to the healthy register, as before.
    const billing = await b.payOk(payment(8_000));
    await b.drain();
    const moved = await b.payment(billing);
    expect(moved.receipt?.register_id).toBe(front!.registerId);
    await b.checkInvariants({ allowedStates: ['done', 'failed'] });
  });
});
