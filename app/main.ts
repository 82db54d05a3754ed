// Entry point: `node app/main.ts` (make run, the systemd unit). Prints where the server is and how to
// log in; stops gracefully on SIGTERM/SIGINT.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { DEMO_TOKEN_FILE } from './dev/embedded-simulator.ts';
import { createLogger } from './logger.ts';
import { type RunningServer, startServer } from './server.ts';

function banner(server: RunningServer): string {
  const lines = [
    `KassaBox is ready at ${server.url}`,
    `  API reference: ${server.url}/api/v1/openapi.json (docs/api.md)`,
  ];
  if (server.tls) {
    // Browsers warn about a self-signed certificate: the fingerprint lets a technician check it is ours.
    lines.push(`  HTTPS certificate: ${server.tls.certFile} (SHA-256 ${server.tls.fingerprint})`);
  }
  if (server.httpRedirect) lines.push(`  Plain HTTP on port ${server.httpRedirect.port} redirects to HTTPS`);
  if (server.firstAdmin.created) {
    lines.push('  Log in as "admin" with the password from KASSABOX_ADMIN_PASSWORD');
  } else if (server.deps.auth.setup.needsAdmin()) {
    // No default password (issue 3): whoever opens the page first sets it, so do it right away.
    lines.push(`  First run: open ${server.url} to set the admin password`);
  } else {
    lines.push('  Log in with your existing KassaBox user');
  }
  if (server.simulator) {
    lines.push(`  Simulated PAYONLINE-01-ФА on ${server.simulator.host}:${server.simulator.port}`);
    const tokenFile = resolve(join(server.deps.config.dataDir, DEMO_TOKEN_FILE));
    if (existsSync(tokenFile)) lines.push(`  Demo source API token: ${tokenFile}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
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
  const logger = createLogger({ level: config.logLevel });
  const server = await startServer(config, logger);
  process.stdout.write(`\n${banner(server)}\n\n`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `KassaBox failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
