// Keeps the alert table in step with the conditions found true now (issue 4 "Alerts"): a new condition
// raises an alert, a changed one updates it, a vanished one clears it, each step with a history row.
// Listeners (notifications, SNMP traps, the UI feed) hear every step; the change bus hears 'alert'.
// Conditions come from the evaluator (app/alerts/alert-evaluator.ts, via `evaluate`) and from sources
// other modules add (notifications: `notification_failed`).
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { AppEvents } from '../events/app-events.ts';
import { notFound } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import {
  type AlertEventRow,
  type AlertFilter,
  type AlertRepository,
  alertKey,
} from '../storage/alert-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import type { Alert, AlertCondition, AlertEvent, AlertFeed, AlertListener } from './alert-types.ts';

export type ConditionSource = () => AlertCondition[];

export interface AlertServiceDeps {
  alerts: AlertRepository;
  audit: AuditLog;
  transaction: Transaction;
  clock: Clock;
  events: AppEvents;
  logger: Logger;
  /** The box's own rules: the evaluator over a fresh snapshot. */
  evaluate: (now: Date) => AlertCondition[];
}

export interface AlertWithEvents {
  alert: Alert;
  events: AlertEventRow[];
}

const SEVERITY_RANK = { warning: 1, critical: 2 } as const;

export class AlertService implements AlertFeed {
  private readonly deps: AlertServiceDeps;
  private readonly listeners = new Set<AlertListener>();
  private readonly sources = new Map<string, ConditionSource>();
  /** What each added source said last: a source that throws keeps its alerts instead of clearing them. */
  private readonly lastOfSource = new Map<string, AlertCondition[]>();
  private evaluating = false;

  constructor(deps: AlertServiceDeps) {
    this.deps = deps;
  }

  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  active(): Alert[] {
    return this.deps.alerts.active();
  }

  list(filter: AlertFilter): Alert[] {
    return this.deps.alerts.list(filter);
  }

  get(id: number): AlertWithEvents | undefined {
    const alert = this.deps.alerts.get(id);
    return alert && { alert, events: this.deps.alerts.events(id) };
  }

  counts(): { critical: number; warning: number } {
    return this.deps.alerts.activeCounts();
  }

  /** Adds (or replaces) a named source of conditions, asked at every evaluation. */
  addSource(name: string, source: ConditionSource): void {
    this.sources.set(name, source);
  }

  acknowledge(id: number, context: AuditContext, comment: string | null = null): Alert {
    const by = context.actor.name ?? context.actor.kind;
    const after = this.deps.transaction(() => {
      const before = this.deps.alerts.get(id);
      if (!before) throw notFound('alert', id);
      const at = this.deps.clock.now().toISOString();
      this.deps.alerts.acknowledge(id, by, at);
      this.deps.alerts.addEvent({
        alertId: id,
        kind: 'acknowledged',
        at,
        severity: before.severity,
        message: before.message,
        value: before.value,
        by,
        comment,
      });
      const changed = this.deps.alerts.get(id)!;
      this.deps.audit.record(context, {
        action: 'alert.acknowledge',
        entity: 'alert',
        entityId: id,
        before: { acknowledgedAt: before.acknowledgedAt, acknowledgedBy: before.acknowledgedBy },
        after: { acknowledgedAt: changed.acknowledgedAt, acknowledgedBy: changed.acknowledgedBy, comment },
      });
      return changed;
    });
    this.announce([{ kind: 'acknowledged', alert: after }]);
    return after;
  }

  /**
   * Evaluates every rule and source now and reconciles. Synchronous, so two runs never overlap; a call
   * made from inside a listener of this run is skipped (the next tick picks the change up).
   */
  evaluateNow(now: Date = this.deps.clock.now()): AlertEvent[] {
    if (this.evaluating) return [];
    this.evaluating = true;
    try {
      const conditions = [...this.deps.evaluate(now), ...this.fromSources()];
      return this.reconcile(conditions, now);
    } finally {
      this.evaluating = false;
    }
  }

  /** Raises, updates and clears so the active alerts are exactly `conditions`. Returns what changed. */
  reconcile(conditions: readonly AlertCondition[], now: Date = this.deps.clock.now()): AlertEvent[] {
    const at = now.toISOString();
    const wanted = new Map<string, AlertCondition>();
    for (const condition of conditions) {
      const key = alertKey(condition.rule, condition.subject);
      const known = wanted.get(key);
      // Two sources may find the same condition: the graver one wins.
      if (!known || SEVERITY_RANK[condition.severity] > SEVERITY_RANK[known.severity])
        wanted.set(key, condition);
    }
    const changes = this.deps.transaction(() => {
      const steps: AlertEvent[] = [];
      const seen = new Set<string>();
      for (const alert of this.deps.alerts.active()) {
        const key = alertKey(alert.rule, alert.subject);
        seen.add(key);
        const condition = wanted.get(key);
        if (!condition) {
          this.deps.alerts.clear(alert.id, at);
          this.history(alert.id, 'cleared', alert, at);
          steps.push({ kind: 'cleared', alert: this.deps.alerts.get(alert.id)! });
          continue;
        }
        const changed = condition.severity !== alert.severity || condition.message !== alert.message;
        if (!changed && condition.value === alert.value) continue;
        this.deps.alerts.update(alert.id, condition, at);
        // A figure that drifts (free memory, minutes waited) updates the row quietly; a new severity or
        // message is a step a person should hear of.
        if (!changed) continue;
        this.history(alert.id, 'updated', condition, at);
        steps.push({ kind: 'updated', alert: this.deps.alerts.get(alert.id)! });
      }
      for (const [key, condition] of wanted) {
        if (seen.has(key)) continue;
        const id = this.deps.alerts.insert(condition, at);
        this.history(id, 'raised', condition, at);
        steps.push({ kind: 'raised', alert: this.deps.alerts.get(id)! });
      }
      return steps;
    });
    this.announce(changes);
    return changes;
  }

  private history(
    alertId: number,
    kind: 'raised' | 'updated' | 'cleared',
    condition: Pick<AlertCondition, 'severity' | 'message' | 'value'>,
    at: string,
  ): void {
    this.deps.alerts.addEvent({
      alertId,
      kind,
      at,
      severity: condition.severity,
      message: condition.message,
      value: condition.value,
      by: null,
      comment: null,
    });
  }

  private fromSources(): AlertCondition[] {
    const all: AlertCondition[] = [];
    for (const [name, source] of this.sources) {
      try {
        const found = source();
        this.lastOfSource.set(name, found);
        all.push(...found);
      } catch (error) {
        this.deps.logger.error(
          { err: error, source: name },
          'an alert source failed; its last answer is kept',
        );
        all.push(...(this.lastOfSource.get(name) ?? []));
      }
    }
    return all;
  }

  private announce(changes: readonly AlertEvent[]): void {
    if (changes.length === 0) return;
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          // One consumer's bug (a mail queue, a trap sender) must not keep the others from hearing.
          this.deps.logger.error({ err: error, alert: change.alert.id }, 'an alert listener failed');
        }
      }
    }
    this.deps.events.emit('alert');
  }
}
