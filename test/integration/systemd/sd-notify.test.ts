// The notify protocol as systemd sees it (issue 6 "Service"): `node app/main.ts` with NOTIFY_SOCKET set
// sends STATUS= lines while it starts, READY=1 only once it answers, WATCHDOG=1 every WATCHDOG_USEC/2,
// STOPPING=1 on SIGTERM before it exits 0 — and no READY=1 at all when the start fails.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type NotifiedBox,
  type NotifySocket,
  openNotifySocket,
  servedUrl,
  spawnNotifiedBox,
} from './notify-socket.ts';

let dataDir: string;
let socket: NotifySocket;
let box: NotifiedBox | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kassabox-notify-'));
  socket = await openNotifySocket();
});

afterEach(async () => {
  if (box && box.child.exitCode === null && box.child.signalCode === null) box.child.kill('SIGKILL');
  await box?.exited;
  box = undefined;
  await socket.close();
  await rm(dataDir, { recursive: true, force: true });
});

const statuses = () => socket.messages.map((message) => message.vars.STATUS).filter(Boolean);
const indexOf = (name: string) => socket.messages.findIndex((message) => message.vars[name] !== undefined);

describe('sd_notify to $NOTIFY_SOCKET', () => {
  it('READY=1 once the API answers, WATCHDOG=1 every WATCHDOG_USEC/2, STOPPING=1 on SIGTERM, exit 0', async () => {
    box = spawnNotifiedBox(dataDir, { NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '400000' });
    const ready = await socket.waitFor('READY');
    // The moment READY=1 arrives the API must already answer: systemd starts what depends on the box now.
    const health = await fetch(`${servedUrl(ready)}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(ready.vars.READY).toBe('1');
    // What `systemctl status` showed on the way, in order, and nothing pinged before the start completed.
    expect(statuses().slice(0, 4)).toEqual([
      'Opening and migrating the database',
      'Verifying the receipt journal',
      'Listening on port 0',
      `Serving at ${servedUrl(ready)}`,
    ]);
    const beforeReady = socket.messages.slice(0, indexOf('READY'));
    expect(beforeReady.filter((message) => message.vars.WATCHDOG)).toEqual([]);

    // Pings every 200 ms: at least 4 in 1.5 s even on a busy machine, and no flood.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const pings = socket.messages.filter((message) => message.vars.WATCHDOG === '1');
    expect(pings.length).toBeGreaterThanOrEqual(4);
    expect(pings.length).toBeLessThanOrEqual(10);

    const from = socket.messages.length;
    const signalledAt = Date.now();
    box.child.kill('SIGTERM');
    const stopping = await socket.waitFor('STOPPING', 30_000, from);
    expect(await box.exited).toBe(0);
    expect(stopping.at).toBeGreaterThanOrEqual(signalledAt - 5);
    // STOPPING=1 came first; the watchdog fell silent; the last word is the database closing.
    const afterStop = socket.messages.slice(socket.messages.indexOf(stopping));
    expect(afterStop.filter((message) => message.vars.WATCHDOG)).toEqual([]);
    expect(afterStop.at(-1)?.vars.STATUS).toBe('Stopping: closing the database');
  });

  it('SIGTERM during the start: the start completes, then a clean stop, exit 0, never READY=1', async () => {
    box = spawnNotifiedBox(dataDir, { NOTIFY_SOCKET: socket.path });
    // The first STATUS= comes from inside startServer: the signal handlers are in place by then.
    await socket.waitFor('STATUS');
    box.child.kill('SIGTERM');
    expect(await box.exited).toBe(0);
    expect(indexOf('READY')).toBe(-1);
    expect(indexOf('STOPPING')).toBeGreaterThan(0);
    expect(statuses().at(-1)).toBe('Stopping: closing the database');
  });

  it('a database written by a newer KassaBox: the start fails, exit non-zero, no READY=1, the reason in STATUS=', async () => {
    const db = new Database(join(dataDir, 'kassabox.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    box = spawnNotifiedBox(dataDir, { NOTIFY_SOCKET: socket.path });
    expect(await box.exited).toBe(1);
    expect(indexOf('READY')).toBe(-1);
    expect(statuses().at(-1)).toMatch(/^Failed to start: .*newer/);
    expect(box.output()).toMatch(/KassaBox failed to start/);
  });

  it('the port is taken: the start fails, exit non-zero, no READY=1', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const address = holder.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      box = spawnNotifiedBox(dataDir, { NOTIFY_SOCKET: socket.path, KASSABOX_PORT: String(port) });
      expect(await box.exited).toBe(1);
      expect(indexOf('READY')).toBe(-1);
      expect(statuses().at(-1)).toMatch(/^Failed to start: .*EADDRINUSE/);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('without NOTIFY_SOCKET systemd-notify is never run and the box starts as usual (make run)', async () => {
    // A systemd-notify first on PATH that leaves a mark if anything runs it.
    const bin = join(dataDir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$@" >> '${bin}/ran'\n`, { mode: 0o755 });
    box = spawnNotifiedBox(dataDir, { NOTIFY_SOCKET: '', PATH: `${bin}:${process.env.PATH}` });
    const started = Date.now();
    while (!/KassaBox is ready at/.test(box.output())) {
      if (Date.now() - started > 30_000) throw new Error(`not ready:\n${box.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    box.child.kill('SIGTERM');
    expect(await box.exited).toBe(0);
    expect(existsSync(join(bin, 'ran'))).toBe(false);
  });
});
