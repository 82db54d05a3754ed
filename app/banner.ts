// What `node app/main.ts` prints once the server is up: where it is, how to log in and, with the
// embedded simulator, what to type into the register form. Its own module so the e2e journey can read
// the same lines a technician reads.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_TOKEN_FILE, simulatorHasRegister } from './dev/embedded-simulator.ts';
import type { RunningServer } from './server.ts';

export function banner(server: RunningServer): string {
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
    const { host, port } = server.simulator;
    // The technician's first step on a fresh box: these are the numbers the register form asks for.
    lines.push(
      simulatorHasRegister(server.deps, server.simulator)
        ? `  Simulated PAYONLINE-01-ФА on ${host}:${port}`
        : `  Simulated PAYONLINE-01-ФА on ${host}:${port} — add it in the web UI: Кассы (ККТ) → Добавить кассу ` +
            `(host ${host}, port ${port}, password 30)`,
    );
    const tokenFile = resolve(join(server.deps.config.dataDir, DEMO_TOKEN_FILE));
    if (existsSync(tokenFile)) lines.push(`  Demo source API token: ${tokenFile}`);
  }
  return lines.join('\n');
}
