// Use cases of notification channels (admin only): create, change, remove, send a test now, and read
// the delivery log. Secrets are merged and masked here (channel-config.ts), so routes never see them
// and the audit trail records the masked form.
import { ALERT_RULES } from '../alerts/alert-types.ts';
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { conflict, type ErrorDetail, invalidFields, notFound } from '../http/errors.ts';
import { isTimeZone } from '../registers/time-zone.ts';
import type {
  ChannelFields,
  ChannelRoute,
  ChannelRow,
  NotificationChannelRepository,
  QuietHours,
} from '../storage/notification-channel-repository.ts';
import type {
  DeliveryFilter,
  DeliveryRow,
  NotificationRepository,
} from '../storage/notification-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { type ChannelConfig, type ChannelKind, maskedConfig, mergedConfig } from './channel-config.ts';
import { configProblems } from './channel-schemas.ts';
import type { NotificationDispatcher } from './notification-dispatcher.ts';
import { isClockTime } from './quiet-hours.ts';

/** A channel as a person sends it: the config may hold MASK or leave secrets out to keep them. */
export interface ChannelInput {
  kind: ChannelKind;
  name: string;
  config: Record<string, unknown>;
  enabled: boolean;
  quietHours: QuietHours | null;
  criticalBypassesQuiet: boolean;
  routes: ChannelRoute[];
}

/** A channel as answers and the audit trail show it: secrets masked. */
export type ChannelView = Omit<ChannelRow, 'config'> & { config: Record<string, unknown> };

export const DEFAULT_ROUTES: readonly ChannelRoute[] = [{ rule: '*', minSeverity: 'warning' }];

export interface TestOutcome {
  ok: boolean;
  error: string | null;
  notification: DeliveryRow;
}

export interface ChannelServiceDeps {
  channels: NotificationChannelRepository;
  deliveries: NotificationRepository;
  dispatcher: Pick<NotificationDispatcher, 'attempt'>;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  /** After a test send: the failure alert may change. */
  onAttempt?: () => void;
}

export function channelView(row: ChannelRow): ChannelView {
  return { ...row, config: maskedConfig(row.kind, row.config) };
}

export class ChannelService {
  private readonly deps: ChannelServiceDeps;

  constructor(deps: ChannelServiceDeps) {
    this.deps = deps;
  }

  list(): ChannelView[] {
    return this.deps.channels.list().map(channelView);
  }

  get(id: number): ChannelView {
    return channelView(this.row(id));
  }

  create(input: ChannelInput, context: AuditContext): ChannelView {
    const fields = this.checked(input, undefined);
    return this.deps.transaction(() => {
      const id = this.deps.channels.insert(fields, this.deps.clock.now().toISOString());
      const after = channelView(this.deps.channels.getById(id)!);
      this.deps.audit.record(context, {
        action: 'notification_channel.create',
        entity: 'notification_channel',
        entityId: id,
        after,
      });
      return after;
    });
  }

  update(id: number, patch: Partial<ChannelInput>, context: AuditContext): ChannelView {
    const stored = this.row(id);
    const kind = patch.kind ?? stored.kind;
    const input: ChannelInput = {
      kind,
      name: patch.name ?? stored.name,
      // Without a new config the stored one stays (secrets included), unless the kind changed.
      config: patch.config ?? (kind === stored.kind ? { ...stored.config } : {}),
      enabled: patch.enabled ?? stored.enabled,
      quietHours: patch.quietHours === undefined ? stored.quietHours : patch.quietHours,
      criticalBypassesQuiet: patch.criticalBypassesQuiet ?? stored.criticalBypassesQuiet,
      routes: patch.routes ?? stored.routes,
    };
    const fields = this.checked(input, stored);
    return this.deps.transaction(() => {
      const before = channelView(stored);
      this.deps.channels.update(id, fields, this.deps.clock.now().toISOString());
      const after = channelView(this.deps.channels.getById(id)!);
      this.deps.audit.record(context, {
        action: 'notification_channel.update',
        entity: 'notification_channel',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  /** Removes the channel, its routes and its delivery log. */
  remove(id: number, context: AuditContext): void {
    const before = channelView(this.row(id));
    this.deps.transaction(() => {
      this.deps.channels.delete(id);
      this.deps.audit.record(context, {
        action: 'notification_channel.delete',
        entity: 'notification_channel',
        entityId: id,
        before,
      });
    });
    this.deps.onAttempt?.();
  }

  /** Sends a test message now (quiet hours and `enabled` do not apply) and logs it like a delivery. */
  async sendTest(id: number, context: AuditContext): Promise<TestOutcome> {
    const channel = this.row(id);
    const started = this.deps.clock.now();
    const error = await this.deps.dispatcher.attempt(channel, { eventKind: 'test', alert: null }, started);
    const at = this.deps.clock.now().toISOString();
    const notification = this.deps.transaction(() => {
      const deliveryId = this.deps.deliveries.insert(
        {
          channelId: id,
          alertId: null,
          eventKind: 'test',
          alert: null,
          state: error === undefined ? 'sent' : 'failed',
          attempts: 1,
          nextAt: at,
          lastError: error ?? null,
          lastAttemptAt: at,
          sentAt: error === undefined ? at : null,
        },
        at,
      );
      this.deps.audit.record(context, {
        action: 'notification_channel.test',
        entity: 'notification_channel',
        entityId: id,
        after: { ok: error === undefined, error: error ?? null, notification_id: deliveryId },
      });
      return this.deps.deliveries.getById(deliveryId)!;
    });
    this.deps.onAttempt?.();
    return { ok: error === undefined, error: error ?? null, notification };
  }

  deliveries(filter: DeliveryFilter): DeliveryRow[] {
    return this.deps.deliveries.list(filter);
  }

  private row(id: number): ChannelRow {
    const row = this.deps.channels.getById(id);
    if (row === undefined) throw notFound('notification channel', id);
    return row;
  }

  private checked(input: ChannelInput, stored: ChannelRow | undefined): ChannelFields {
    const config = mergedConfig(input.kind, input.config, stored);
    const problems: ErrorDetail[] = [...configProblems(input.kind, config)];
    const problem = (path: string, message: string) => problems.push({ location: 'body', path, message });
    if (input.quietHours !== null) {
      if (!isClockTime(input.quietHours.start)) problem('/quiet_hours/start', 'must be a time HH:MM');
      if (!isClockTime(input.quietHours.end)) problem('/quiet_hours/end', 'must be a time HH:MM');
      const zone = input.quietHours.timezone;
      if (zone !== null && !isTimeZone(zone)) problem('/quiet_hours/timezone', 'must be an IANA time zone');
    }
    const rules = new Set<string>();
    input.routes.forEach((route, index) => {
      if (route.rule !== '*' && !(ALERT_RULES as readonly string[]).includes(route.rule)) {
        problem(`/routes/${index}/rule`, 'must be an alert rule or "*"');
      }
      if (rules.has(route.rule)) problem(`/routes/${index}/rule`, 'is listed twice');
      rules.add(route.rule);
    });
    if (problems.length > 0) throw invalidFields(problems);
    const sameName = this.deps.channels.findByName(input.name);
    if (sameName !== undefined && sameName.id !== stored?.id) {
      throw conflict(`a notification channel named "${input.name}" already exists (id ${sameName.id})`);
    }
    return { ...input, config: config as unknown as ChannelConfig };
  }
}
