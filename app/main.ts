// Entry point: `node app/main.ts` (make run, the systemd unit). Prints where the server is and how to
// log in; stops gracefully on SIGTERM/SIGINT. Under systemd (Type=notify) it also reports READY=1 once
// everything has started, WATCHDOG=1 while it runs and STOPPING=1 when it stops (app/systemd/).
import { banner } from './banner.ts';
import { runResetPasswordCommand } from './cli/reset-password.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { withEmbeddedUi } from './sea/embedded-ui.ts';
import { type RunningServer, startServer } from './server.ts';
import { ServiceNotifier } from './systemd/service-notifier.ts';
import { VERSION } from './version.ts';

async function main(): Promise<void> {
  // The single executable has no other entry point and passes every argument to the app (appliance.md
  // §2.3): its commands are chosen here.
  const [command, ...args] = process.argv.slice(2);
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (command === 'reset-password') {
    runResetPasswordCommand(args);
    return;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  config = await withEmbeddedUi(config, process.env);
  const logger = createLogger({ level: config.logLevel });
  const notifier = new ServiceNotifier({ logger });
  let server: RunningServer | undefined;
  let stopAsked: string | undefined;
  const shutdown = (signal: string) => {
    // A stop asked for during the start waits for it: the register workers may already hold a receipt,
    // and only stop() lets it finish. (A second signal kills at once: the handlers run once.)
    if (!server) {
      stopAsked = signal;
      return;
    }
    logger.info({ signal }, 'stopping');
    server.stop().then(
      // STOPPING=1 and the last STATUS= go out before the process does.
      () => notifier.idle().then(() => process.exit(0)),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    server = await startServer(config, logger, { progress: notifier });
  } catch (error) {
    // No READY=1: systemd counts the start as failed and Restart=on-failure tries again.
    await notifier.failed(error instanceof Error ? error.message : String(error));
    throw error;
  }
  process.stdout.write(`\n${banner(server)}\n\n`);
  if (stopAsked) {
    shutdown(stopAsked);
    return;
  }
  // Migrations, the journal check and listen all succeeded: only now is the box ready.
  await notifier.ready(readyStatus(server));
}

/** The status line of a running box; a broken receipt journal stays visible in `systemctl status`. */
function readyStatus(server: RunningServer): string {
  const journal = server.deps.journal.last;
  const journalNote =
    journal && !journal.verdict.ok ? '; RECEIPT JOURNAL VERIFICATION FAILED (see the log)' : '';
  return `Serving at ${server.url}${journalNote}`;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `KassaBox failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
