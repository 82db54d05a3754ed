// The SNMP side of the box as the server starts it: the agent (snmp-agent.ts) reading the dashboard, the
// registers' last status reads, the journal and the active alerts, and the trap sender subscribed to the
// alerts. Like the HTTPS redirect, SNMP is a convenience next to payments: when its port cannot be bound
// the server logs why and goes on without it (startSnmp answers undefined).
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { AlertFeed } from '../alerts/alert-types.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { DashboardView } from '../operations/dashboard-view.ts';
import type { RegisterStates } from '../pipeline/worker-context.ts';
import type { Db } from '../storage/database.ts';
import { LastReceiptRepository } from '../storage/last-receipt-repository.ts';
import { SnmpAgent } from './snmp-agent.ts';
import type { SnmpSettings } from './snmp-config.ts';
import { loadEngineId } from './snmp-engine-id.ts';
import { buildFigures, type Figures } from './snmp-figures.ts';
import { SnmpTrapSender } from './snmp-trap-sender.ts';

export interface SnmpDeps {
  db: Db;
  clock: Clock;
  version: string;
  startedAt: Date;
  dashboard: Pick<DashboardView, 'build'>;
  stores: { registerStates: Pick<RegisterStates, 'snapshot'> };
  alerts: AlertFeed;
}

export interface SnmpService {
  agent: SnmpAgent;
  traps: SnmpTrapSender;
  /** The UDP port the agent listens on. */
  port: number;
  stop(): Promise<void>;
}

export interface StartSnmpOptions {
  settings: SnmpSettings;
  host: string;
  deps: SnmpDeps;
  logger: Logger;
  /** How long figures are reused (snmp-agent.ts); tests read every change at once with 0. */
  refreshMs?: number;
  /** Where the v3 engine ID is kept (snmp-engine-id.ts); without it the ID changes on every start. */
  dataDir?: string;
}

/** Reads what the agent serves, now. */
export function figureReader(deps: SnmpDeps): () => Figures {
  const lastReceipts = new LastReceiptRepository(deps.db);
  return () => {
    const dashboard = deps.dashboard.build();
    const fnNumbers = new Map<number, string>();
    for (const line of dashboard.registers) {
      const statusJson = deps.stores.registerStates.snapshot(line.id)?.statusJson;
      if (statusJson) fnNumbers.set(line.id, (JSON.parse(statusJson) as RegistrarStatus).fn.number);
    }
    return buildFigures({
      dashboard,
      fnNumbers,
      lastReceipts: lastReceipts.byRegister(),
      alerts: deps.alerts.active(),
      version: deps.version,
      startedAt: deps.startedAt,
      now: deps.clock.now(),
    });
  };
}

export async function startSnmp(options: StartSnmpOptions): Promise<SnmpService | undefined> {
  const { settings, deps } = options;
  const logger = options.logger.child({ module: 'snmp' });
  const uptimeTicks = () =>
    Math.floor((deps.clock.now().getTime() - deps.startedAt.getTime()) / 10) % 2 ** 32;
  const agent = new SnmpAgent({
    settings,
    host: options.host,
    figures: figureReader(deps),
    logger,
    ...(options.refreshMs === undefined ? {} : { refreshMs: options.refreshMs }),
    ...(options.dataDir === undefined ? {} : { engineId: await loadEngineId(options.dataDir) }),
  });
  try {
    await agent.start();
  } catch (error) {
    logger.error(
      { err: error, port: settings.port },
      'the SNMP agent could not listen (is another SNMP agent, e.g. snmpd, on this port?); ' +
        'KassaBox runs without SNMP',
    );
    return undefined;
  }
  const traps = new SnmpTrapSender({ settings, alerts: deps.alerts, logger, uptimeTicks });
  traps.start();
  logger.info(
    {
      port: settings.port,
      v2c: settings.community !== undefined,
      v3: settings.v3User !== undefined,
      enterpriseOid: settings.enterpriseOid,
      trapTargets: settings.trapTargets.map((t) => `${t.kind}:${t.host}:${t.port}`),
    },
    'SNMP agent listening',
  );
  return {
    agent,
    traps,
    port: settings.port,
    stop: async () => {
      traps.stop();
      await agent.stop();
    },
  };
}
