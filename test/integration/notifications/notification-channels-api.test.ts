// /notification-channels and /notifications: CRUD with routes inside the channel, validation per kind,
// secrets that never come back (answers, audit trail, log, delivery errors), and a restart that keeps
// the pending deliveries.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config.ts';
import { createAppDeps } from '../../../app/deps.ts';
import { createLogger } from '../../../app/logger.ts';
import { openDatabase } from '../../../app/storage/database.ts';
import { startTestApi, type TestApi, TestClock } from '../../helpers/api-harness.ts';
import { type HttpFake, startHttpFake } from '../../helpers/notification-fakes.ts';

let api: TestApi;
let fake: HttpFake;
beforeEach(async () => {
  api = await startTestApi();
  fake = await startHttpFake();
});
afterEach(async () => {
  await api.close();
  await fake.close();
});

const URL_ = '/api/v1/notification-channels';
const BOT_TOKEN = '7100200300:AAbotTokenThatMustStaySecret';
const SMTP_PASSWORD = 'smtp-password-never-shown';
const HOOK_SECRET = 'hook-secret-never-shown';
const SMS_KEY = 'sms-key-never-shown';

async function create(payload: object) {
  return api.asAdmin({ method: 'POST', url: URL_, payload });
}

describe('notification channels', () => {
  it('are created, read, changed and removed, with routes inside and defaults filled in', async () => {
    const created = await create({ kind: 'webhook', name: 'NOC', config: { url: `${fake.base}/h` } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json()).toMatchObject({
      kind: 'webhook',
      name: 'NOC',
      enabled: true,
      config: { url: `${fake.base}/h` },
      quiet_hours: null,
      critical_bypasses_quiet: true,
      routes: [{ rule: '*', min_severity: 'warning' }],
    });

    const patched = await api.asAdmin({
      method: 'PATCH',
      url: `${URL_}/${id}`,
      payload: {
        quiet_hours: { start: '23:00', end: '07:30', timezone: null },
        routes: [
          { rule: 'fn_expiry', min_severity: 'warning' },
          { rule: 'paper_out', min_severity: 'critical' },
        ],
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      config: { url: `${fake.base}/h` },
      quiet_hours: { start: '23:00', end: '07:30', timezone: null },
      routes: [
        { rule: 'fn_expiry', min_severity: 'warning' },
        { rule: 'paper_out', min_severity: 'critical' },
      ],
    });
    const list = await api.asAdmin({ method: 'GET', url: URL_ });
    expect(list.json().items).toHaveLength(1);

    const removed = await api.asAdmin({ method: 'DELETE', url: `${URL_}/${id}` });
    expect(removed.statusCode).toBe(204);
    expect((await api.asAdmin({ method: 'GET', url: `${URL_}/${id}` })).statusCode).toBe(404);
    const audit = await api.asAdmin({ method: 'GET', url: '/api/v1/audit?entity=notification_channel' });
    const actions = (audit.json().items as { action: string }[]).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'notification_channel.create',
        'notification_channel.update',
        'notification_channel.delete',
      ]),
    );
  });

  it('refuses a config that does not fit its kind, bad quiet hours and a duplicate name', async () => {
    const noToken = await create({ kind: 'telegram', name: 'tg', config: { chat_id: '1' } });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/config', message: 'bot_token is required' }),
      ]),
    );
    const stranger = await create({ kind: 'webhook', name: 'w', config: { url: 'http://x.ru/', to: ['a'] } });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.message).toMatch(/not a field of a webhook channel: to/);
    const badZone = await create({
      kind: 'webhook',
      name: 'w',
      config: { url: 'http://x.ru/' },
      quiet_hours: { start: '22:00', end: '08:00', timezone: 'Mars/Olympus' },
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.details[0].path).toBe('/quiet_hours/timezone');
    const badRule = await create({
      kind: 'webhook',
      name: 'w',
      config: { url: 'http://x.ru/' },
      routes: [{ rule: 'coffee_out', min_severity: 'warning' }],
    });
    expect(badRule.statusCode).toBe(400);
    expect((await create({ kind: 'webhook', name: 'w', config: { url: 'http://x.ru/' } })).statusCode).toBe(
      201,
    );
    const twice = await create({ kind: 'webhook', name: 'w', config: { url: 'http://x.ru/' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('conflict');
  });
});

describe('secrets of channels', () => {
  it('never come back: answers and audit show ***, a PATCH keeps them, errors and the log lack them', async () => {
    const answers: string[] = [];
    const keep = <T extends { body: string }>(response: T) => {
      answers.push(response.body);
      return response;
    };
    const telegram = keep(
      await create({
        kind: 'telegram',
        name: 'Дежурный',
        config: { api_base: fake.base, bot_token: BOT_TOKEN, chat_id: '-100' },
      }),
    );
    expect(telegram.json().config).toEqual({ api_base: fake.base, bot_token: '***', chat_id: '-100' });
    const id = telegram.json().id;
    keep(
      await create({
        kind: 'email',
        name: 'Почта',
        config: {
          host: '127.0.0.1',
          port: 1,
          security: 'none',
          user: 'u',
          password: SMTP_PASSWORD,
          from: 'a@b.ru',
          to: ['c@d.ru'],
        },
      }),
    );
    const hook = keep(
      await create({ kind: 'webhook', name: 'hook', config: { url: `${fake.base}/h`, secret: HOOK_SECRET } }),
    );
    keep(
      await create({
        kind: 'sms',
        name: 'sms',
        config: {
          method: 'GET',
          url_template: `${fake.base}/s?k={api_key}`,
          api_key: SMS_KEY,
          phones: ['79001112233'],
        },
      }),
    );

    // The UI sends the masked config back with a changed field: the token stays.
    const renamed = keep(
      await api.asAdmin({
        method: 'PATCH',
        url: `${URL_}/${id}`,
        payload: {
          name: 'Дежурная смена',
          config: { api_base: fake.base, bot_token: '***', chat_id: '-200' },
        },
      }),
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    const tested = keep(await api.asAdmin({ method: 'POST', url: `${URL_}/${id}/test` }));
    expect(tested.json().ok).toBe(true);
    expect(fake.requests[0]!.url).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(JSON.parse(fake.requests[0]!.body).chat_id).toBe('-200');

    // A failing gateway: the error names the cause, never the key that sits in the URL.
    fake.reply.status = 500;
    fake.reply.body = `bad key ${SMS_KEY}`;
    const smsId = (answers.map((body) => JSON.parse(body)).find((c) => c.kind === 'sms') as { id: number })
      .id;
    const failed = keep(await api.asAdmin({ method: 'POST', url: `${URL_}/${smsId}/test` }));
    expect(failed.json().ok).toBe(false);
    expect(failed.json().error).toContain('bad key ***');

    // null clears a secret that is not required.
    const cleared = keep(
      await api.asAdmin({
        method: 'PATCH',
        url: `${URL_}/${hook.json().id}`,
        payload: { config: { url: `${fake.base}/h`, secret: null } },
      }),
    );
    expect(cleared.json().config).toEqual({ url: `${fake.base}/h`, secret: null });

    keep(await api.asAdmin({ method: 'GET', url: URL_ }));
    keep(await api.asAdmin({ method: 'GET', url: '/api/v1/notifications' }));
    keep(await api.asAdmin({ method: 'GET', url: '/api/v1/audit' }));
    const log = api.logText();
    const audit = JSON.stringify(api.deps.db.prepare('SELECT * FROM audit').all());
    for (const secret of [BOT_TOKEN, SMTP_PASSWORD, HOOK_SECRET, SMS_KEY]) {
      expect(answers.join('\n'), 'answers').not.toContain(secret);
      expect(audit, 'audit').not.toContain(secret);
      expect(log, 'log').not.toContain(secret);
    }
    const createdRow = api.deps.db
      .prepare(
        "SELECT after_json FROM audit WHERE action = 'notification_channel.create' ORDER BY id LIMIT 1",
      )
      .get() as { after_json: string };
    expect(JSON.parse(createdRow.after_json).config.bot_token).toBe('***');
  });
});

describe('the delivery queue across a restart', () => {
  it('keeps pending deliveries and sends them after the box starts again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kassabox-notify-'));
    const config = loadConfig({ KASSABOX_DATA_DIR: dataDir, KASSABOX_LOG_LEVEL: 'silent' });
    const logger = createLogger({ level: 'silent' });
    const clock = new TestClock();
    try {
      let db = openDatabase(config.databaseFile);
      let deps = createAppDeps({ config, logger, db, clock });
      deps.notifications.channels.create(
        {
          kind: 'webhook',
          name: 'NOC',
          config: { url: `${fake.base}/h` },
          enabled: true,
          quietHours: null,
          criticalBypassesQuiet: true,
          routes: [{ rule: '*', minSeverity: 'warning' }],
        },
        { actor: { kind: 'system' }, ip: null },
      );
      fake.reply.status = 503;
      deps.alerts.reconcile([
        { rule: 'disk_low', subject: 'box', severity: 'critical', message: 'Диск', value: 3 },
      ]);
      await deps.notifications.dispatcher.runDue();
      expect(fake.requests).toHaveLength(1);
      await deps.notifications.stop();
      db.close();

      fake.reply.status = 200;
      clock.advance(60_000);
      db = openDatabase(config.databaseFile);
      deps = createAppDeps({ config, logger, db, clock });
      deps.notifications.start();
      await expect.poll(() => fake.requests.length, { timeout: 5_000 }).toBe(2);
      await deps.notifications.stop();
      const [row] = deps.notifications.channels.deliveries({ limit: 10 });
      expect(row).toMatchObject({ state: 'sent', attempts: 2, eventKind: 'raised' });
      expect(JSON.parse(fake.requests[1]!.body).alert).toMatchObject({ rule: 'disk_low', value: 3 });
      await deps.pipeline.stop();
      db.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
