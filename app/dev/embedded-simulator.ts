// The embedded default of `make run` (rule 5): a simulated PAYONLINE-01-ФА on 127.0.0.1 inside the
// server process, on the real device's port 7778 (KASSABOX_SIMULATOR_PORT), and — on an empty database —
// a demo organization and an API source with its token in var/demo-source-token, so the billing side
// works at once. No register is made: adding the simulated one in the web UI (Кассы → Добавить кассу)
// is the technician's first step, as with a real box; payments posted before that wait in the queue.
// A register named DEMO_REGISTER_NAME left by older data dirs is pointed at the simulator's address.
// The simulator keeps its FN in a state file beside the database, so restarts never reuse fiscal
// document numbers.
import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ShtrihSimulator } from '../../drivers/shtrih/simulator/shtrih-simulator.ts';
import { SYSTEM_CONTEXT } from '../audit/audit-log.ts';
import type { AppDeps } from '../deps.ts';

export const DEMO_REGISTER_NAME = 'Симулятор PAYONLINE-01-ФА';
export const DEMO_TOKEN_FILE = 'demo-source-token';

export interface EmbeddedSimulator {
  simulator: ShtrihSimulator;
  host: string;
  port: number;
}

export async function startEmbeddedSimulator(deps: AppDeps): Promise<EmbeddedSimulator> {
  // Every simulated command would drown the server's own log: the simulator speaks at debug level only.
  const logger = deps.logger.child(
    { module: 'simulator' },
    { level: deps.logger.isLevelEnabled('debug') ? 'debug' : 'warn' },
  );
  const simulator = new ShtrihSimulator({
    port: deps.config.simulatorPort,
    stateFile: join(deps.config.dataDir, 'simulator-state.json'),
    log: logger,
  });
  const { host, port } = await simulator.start().catch((error: unknown) => {
    // Most often a second `make run` (or a standalone simulator) already has 7778.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(
      `the embedded simulator cannot listen on 127.0.0.1:${deps.config.simulatorPort}, the port is in use; ` +
        'stop what holds it or set KASSABOX_SIMULATOR_PORT to another port (0: any free one)',
      { cause: error },
    );
  });
  deps.logger.info({ host, port }, 'simulated PAYONLINE-01-ФА is listening');
  await ensureDemoSetup(deps, host, port);
  return { simulator, host, port };
}

async function ensureDemoSetup(deps: AppDeps, host: string, port: number): Promise<void> {
  const existing = deps.repositories.registers.findByName(DEMO_REGISTER_NAME);
  if (existing) {
    if (existing.host !== host || existing.port !== port) {
      deps.registers.update(existing.id, { host, port }, SYSTEM_CONTEXT);
    }
    return;
  }
  if (deps.repositories.organizations.list().length > 0) return;

  // The simulated FN is registered for УСН доход (its default), so the demo organization uses it too.
  const organization = deps.organizations.create(
    { name: 'Демо: ООО «Связь»', inn: '7707083893', taxSystem: 'usn_income' },
    SYSTEM_CONTEXT,
  );
  const source = deps.sources.create(
    {
      organizationId: organization.id,
      name: 'Биллинг (демо)',
      kind: 'api',
      itemName: 'Оплата услуг связи',
      paymentMethod: 'advance',
      paymentObject: 'service',
      vat: 'none',
    },
    SYSTEM_CONTEXT,
  );
  const issued = deps.auth.apiTokens.issue(source.id, 'demo', SYSTEM_CONTEXT);
  const file = resolve(join(deps.config.dataDir, DEMO_TOKEN_FILE));
  await writeFile(file, `${issued.token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Whether some register already talks to the embedded simulator (the banner then stops asking for one). */
export function simulatorHasRegister(deps: AppDeps, simulator: { host: string; port: number }): boolean {
  const local = new Set([simulator.host, '127.0.0.1', 'localhost']);
  return deps.repositories.registers
    .list()
    .some((register) => register.port === simulator.port && local.has(register.host));
}
