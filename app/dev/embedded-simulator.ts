// The embedded default of `make run` (rule 5): a simulated PAYONLINE-01-ФА on 127.0.0.1 inside the
// server process, and — on an empty database — a demo organization, an API source with a token and a
// register pointing at the simulator, so a payment can be posted right away. The simulator keeps its FN
// in a state file beside the database, so restarts never reuse fiscal document numbers.
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
  const { host, port } = await simulator.start();
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
  deps.registers.create(
    {
      organizationId: organization.id,
      name: DEMO_REGISTER_NAME,
      driver: 'shtrih',
      host,
      port,
      protocol: 'v1',
      password: 30,
      timezone: 'Europe/Moscow',
      electronicOnly: false,
      enabled: true,
      cashierName: 'Кассир',
      cashierInn: null,
    },
    SYSTEM_CONTEXT,
  );
  const issued = deps.auth.apiTokens.issue(source.id, 'demo', SYSTEM_CONTEXT);
  const file = resolve(join(deps.config.dataDir, DEMO_TOKEN_FILE));
  await writeFile(file, `${issued.token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}
