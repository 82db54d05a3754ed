// The SNMP command responder (issue 4 "SNMP"): net-snmp's agent on UDP, v2c with a read-only community
// and/or one v3 user (authPriv, SHA + AES), serving KASSABOX-MIB. The figures are read when a request
// arrives and kept for `refreshMs`, so an idle box does no work for SNMP and a Zabbix poll of many items
// costs one set of queries. Every refresh builds a new Mib and swaps it in whole: a walk that spans a
// refresh sees one consistent state or the other, never half of each.
import dgram from 'node:dgram';
import snmp from 'net-snmp';
import type { Logger } from '../logger.ts';
import { buildMib } from './kassabox-mib.ts';
import type { SnmpSettings } from './snmp-config.ts';
import type { Figures } from './snmp-figures.ts';

/** How long figures are reused: a manager polling every item of a register gets one snapshot. */
export const DEFAULT_REFRESH_MS = 3_000;

export interface SnmpAgentOptions {
  settings: SnmpSettings;
  /** The address to listen on (the server's KASSABOX_HOST). */
  host: string;
  figures: () => Figures;
  logger: Logger;
  /** SNMPv3 engine ID in hex (snmp-engine-id.ts); net-snmp makes a random one when absent. */
  engineId?: string;
  refreshMs?: number;
  now?: () => number;
}

export class SnmpAgent {
  private readonly options: SnmpAgentOptions;
  // biome-ignore lint/suspicious/noExplicitAny: net-snmp's Agent is untyped (@types/net-snmp says any).
  private agent: any;
  private readonly sockets: dgram.Socket[] = [];
  private refreshedAt = Number.NEGATIVE_INFINITY;

  constructor(options: SnmpAgentOptions) {
    this.options = options;
  }

  /** Listens; rejects (and closes what it opened) when the port cannot be bound. */
  async start(): Promise<void> {
    if (this.agent) return;
    const { settings, host, logger } = this.options;
    // net-snmp creates its sockets through this module: listening to 'message' first lets the figures
    // be refreshed before the agent answers the request, without touching the agent's internals.
    const dgramModule = {
      createSocket: (type: dgram.SocketType) => {
        const socket = dgram.createSocket(type);
        socket.on('message', () => this.refreshIfStale());
        this.sockets.push(socket);
        return socket;
      },
    };
    const agent = snmp.createAgent(
      {
        port: settings.port,
        address: host,
        accessControlModelType: snmp.AccessControlModelType.Simple,
        dgramModule,
        ...(this.options.engineId ? { engineID: this.options.engineId } : {}),
      },
      (error: unknown) => {
        // Wrong communities, unknown users, bad keys and malformed packets land here: a manager's
        // misconfiguration, worth a debug line, not a warning per poll.
        if (error) logger.debug({ err: error }, 'snmp request refused');
      },
    );
    this.agent = agent;
    try {
      await Promise.all(this.sockets.map(listening));
    } catch (error) {
      await this.stop();
      throw error;
    }
    const authorizer = agent.getAuthorizer();
    const acm = authorizer.getAccessControlModel();
    if (settings.community !== undefined) {
      authorizer.addCommunity(settings.community);
      acm.setCommunityAccess(settings.community, snmp.AccessLevel.ReadOnly);
    }
    if (settings.v3User) {
      authorizer.addUser({
        name: settings.v3User.name,
        level: snmp.SecurityLevel.authPriv,
        authProtocol: snmp.AuthProtocols.sha,
        authKey: settings.v3User.authKey,
        privProtocol: snmp.PrivProtocols.aes,
        privKey: settings.v3User.privKey,
      });
      acm.setUserAccess(settings.v3User.name, snmp.AccessLevel.ReadOnly);
    }
    this.refreshIfStale();
  }

  /** Reads the figures again now, whatever their age (a trap sender wants the alert table current). */
  refresh(): void {
    try {
      const mib = buildMib(this.options.settings.enterpriseOid, this.options.figures());
      this.agent?.setMib(mib);
      this.refreshedAt = this.now();
    } catch (error) {
      // The previous figures stay served; the next request tries again.
      this.options.logger.error({ err: error }, 'the SNMP figures could not be read');
    }
  }

  async stop(): Promise<void> {
    const agent = this.agent;
    if (!agent) return;
    this.agent = undefined;
    const open = this.sockets.splice(0);
    await Promise.all(
      open.map(
        (socket) =>
          new Promise<void>((resolve) => {
            try {
              socket.close(() => resolve());
            } catch {
              resolve(); // never bound, or closed already
            }
          }),
      ),
    );
  }

  private refreshIfStale(): void {
    if (this.now() - this.refreshedAt >= (this.options.refreshMs ?? DEFAULT_REFRESH_MS)) this.refresh();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function listening(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      socket.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
  });
}
