// The daemon's lifecycle: open and migrate the database, verify the receipt journal, create the first
// admin, start the register workers, listen. stop() undoes it in the safe order: no new receipts and no
// new payments at once, the receipt in flight finishes (or becomes outcome_unknown) while the other loops
// wind down, then the database closes.
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { ensureFirstAdmin, type FirstAdminOutcome } from './auth/first-admin.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { type AppDeps, createAppDeps } from './deps.ts';
import { type EmbeddedSimulator, startEmbeddedSimulator } from './dev/embedded-simulator.ts';
import { createRegistrar } from './devices/registrar-factory.ts';
import { buildApp } from './http/build-app.ts';
import { type HttpsRedirect, startHttpsRedirect } from './http/https-redirect.ts';
import { type BoxIdentity, loadTlsMaterial, type TlsMaterial } from './http/tls-certificate.ts';
import { verifyJournal } from './journal/journal-verifier.ts';
import type { Logger } from './logger.ts';
import type { RegistrarFactory } from './pipeline/pipeline.ts';
import type { SnmpService } from './snmp/snmp-service.ts';
import { openDatabase } from './storage/database.ts';
import type { ServiceProgress } from './systemd/service-notifier.ts';

export interface RunningServer {
  url: string;
  deps: AppDeps;
  app: FastifyInstance;
  firstAdmin: FirstAdminOutcome;
  simulator: EmbeddedSimulator | undefined;
  /** The certificate served; undefined when the server speaks plain HTTP. */
  tls: TlsMaterial | undefined;
  /** The plain-HTTP listener that redirects to HTTPS, when one is configured and could listen. */
  httpRedirect: HttpsRedirect | undefined;
  /** The SNMP agent, when KASSABOX_SNMP_PORT is set and the port could be bound. */
  snmp: SnmpService | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  registrarFactory?: RegistrarFactory;
  /** The names the self-signed certificate is made for; the OS's hostname and addresses by default. */
  identity?: BoxIdentity;
  /** Told what the box is doing while it starts and stops (systemd STATUS= and STOPPING=1). */
  progress?: ServiceProgress;
}

export async function startServer(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const progress = options.progress;
  await mkdir(config.dataDir, { recursive: true });
  // First: a certificate that cannot be read stops the start before anything is opened or listening.
  const tls = await loadTlsMaterial(config.tls, {
    dataDir: config.dataDir,
    clock: systemClock,
    logger,
    identity: options.identity,
  });
  progress?.status('Opening and migrating the database');
  const db = openDatabase(config.databaseFile);
  const deps = createAppDeps({
    config,
    logger,
    db,
    registrarFactory: options.registrarFactory ?? createRegistrar,
  });

  progress?.status('Verifying the receipt journal');
  const journal = verifyJournal(deps.stores.receipts, deps.clock.now());
  deps.journal.last = journal;
  if (journal.verdict.ok) {
    logger.info({ receipts: journal.verdict.entries }, 'receipt journal verified');
  } else {
    // Payments keep flowing (they must not be lost); the break is reported in health and the log.
    logger.error(
      { verdict: journal.verdict },
      'RECEIPT JOURNAL VERIFICATION FAILED: receipts were changed outside KassaBox',
    );
  }

  const firstAdmin = await ensureFirstAdmin(
    { users: deps.repositories.users, audit: deps.audit, transaction: deps.transaction, clock: deps.clock },
    config,
  );
  const simulator = config.simulator === 'embedded' ? await startEmbeddedSimulator(deps) : undefined;

  const app = await buildApp(deps, { https: tls && { cert: tls.cert, key: tls.key } });
  deps.pipeline.start();
  // After the workers: its first tick is the catch-up (a shift close missed while the box was off).
  deps.lifecycle.start();
  deps.alertRunner.start();
  deps.notifications.start();
  deps.pollers.start();
  deps.results.start();
  deps.channels.start();
  progress?.status(`Listening on port ${config.port}`);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const httpRedirect = await startRedirect(config, port, shownHost, logger);
  // Like the redirect, SNMP never stops the start: a taken port is logged and the box runs without it.
  const snmp =
    config.snmp &&
    // net-snmp is loaded only on a box that has the agent configured.
    (await (
      await import('./snmp/snmp-service.ts')
    ).startSnmp({
      settings: config.snmp,
      host: config.host,
      deps,
      logger,
      dataDir: config.dataDir,
    }));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // First: systemd learns the stop is on purpose, and the watchdog pings end.
      progress?.stopping();
      // At once, alongside the rest: each register finishes the receipt in flight (or leaves it
      // outcome_unknown) and starts no other. The loops below may wait on slow billings or mail; the
      // registers must not keep taking receipts meanwhile, or the SIGKILL at the unit's TimeoutStopSec
      // could find one mid-document. Jobs left pending wait in the database for the next start.
      progress?.status('Stopping: the receipt in flight finishes or becomes outcome_unknown');
      const registersIdle = deps.pipeline.stop();
      await snmp?.stop();
      await httpRedirect?.close();
      await app.close();
      deps.alertRunner.stop();
      await deps.notifications.stop();
      await deps.lifecycle.stop();
      await deps.pollers.stop();
      await deps.results.stop();
      await deps.channels.stop();
      // After the loops that use billing adapters: their pools and sockets close.
      await deps.billing.close();
      await registersIdle;
      await simulator?.simulator.stop();
      progress?.status('Stopping: closing the database');
      db.close();
    })();
    return stopping;
  };
  const scheme = tls ? 'https' : 'http';
  return {
    url: `${scheme}://${shownHost}:${port}`,
    deps,
    app,
    firstAdmin,
    simulator,
    tls,
    httpRedirect,
    snmp,
    stop,
  };
}

// The redirect is a convenience: when port 80 is taken or not allowed, payments and the HTTPS UI must
// still come up, so the failure is logged and the server goes on without it.
async function startRedirect(
  config: Config,
  httpsPort: number,
  shownHost: string,
  logger: Logger,
): Promise<HttpsRedirect | undefined> {
  if (config.httpRedirectPort === undefined) return undefined;
  try {
    return await startHttpsRedirect({
      host: config.host,
      port: config.httpRedirectPort,
      httpsPort,
      fallbackHost: shownHost,
    });
  } catch (error) {
    logger.error(
      { err: error, port: config.httpRedirectPort },
      'the HTTP-to-HTTPS redirect could not listen; open the https:// address directly',
    );
    return undefined;
  }
}
