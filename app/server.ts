// The daemon's lifecycle: open and migrate the database, verify the receipt journal, create the first
// admin, start the register workers, listen. stop() undoes it in the safe order: no new payments first,
// then let the receipt in flight finish (or become outcome_unknown), then close the database.
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { ensureFirstAdmin, type FirstAdminOutcome } from './auth/first-admin.ts';
import type { Config } from './config.ts';
import { type AppDeps, createAppDeps } from './deps.ts';
import { type EmbeddedSimulator, startEmbeddedSimulator } from './dev/embedded-simulator.ts';
import { createRegistrar } from './devices/registrar-factory.ts';
import { buildApp } from './http/build-app.ts';
import { verifyJournal } from './journal/journal-verifier.ts';
import type { Logger } from './logger.ts';
import type { RegistrarFactory } from './pipeline/pipeline.ts';
import { openDatabase } from './storage/database.ts';

export interface RunningServer {
  url: string;
  deps: AppDeps;
  app: FastifyInstance;
  firstAdmin: FirstAdminOutcome;
  simulator: EmbeddedSimulator | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  registrarFactory?: RegistrarFactory;
}

export async function startServer(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningServer> {
  await mkdir(config.dataDir, { recursive: true });
  const db = openDatabase(config.databaseFile);
  const deps = createAppDeps({
    config,
    logger,
    db,
    registrarFactory: options.registrarFactory ?? createRegistrar,
  });

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

  const app = await buildApp(deps);
  deps.pipeline.start();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close();
      await deps.pipeline.stop();
      await simulator?.simulator.stop();
      db.close();
    })();
    return stopping;
  };
  return { url: `http://${shownHost}:${port}`, deps, app, firstAdmin, simulator, stop };
}
