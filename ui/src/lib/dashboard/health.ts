// What on the dashboard needs a person: the rules that turn a register's numbers into highlighted
// problems. Thresholds follow the FN/OFD rules a technician works to: an FN is replaced well before its
// last day (30 days' notice), a document unsent to the OFD for over a day means the link is broken (the
// FN blocks after 30 days), a register without paper or link takes no receipts.
import type { DashboardJson, DashboardRegisterJson } from '../api/types.ts';
import { DAY_MS } from '../format/datetime.ts';
import type { Tone } from '../format/status.ts';

export const FN_DAYS_WARN = 30;
export const FN_DAYS_DANGER = 3;
export const FN_FILL_WARN = 90;
export const PENDING_AGE_WARN_MS = 10 * 60 * 1000;

export interface Problem {
  tone: 'warn' | 'danger';
  text: string;
  /** Which metric of the register card to highlight. */
  field: 'online' | 'fn_days' | 'fn_fill' | 'ofd' | 'paper' | 'shift' | 'queue';
}

/** When the oldest document unsent to the OFD was made (the server turns the device's clock into UTC). */
export function oldestUnsentAt(register: DashboardRegisterJson): Date | null {
  return register.ofd_oldest_unsent_at ? new Date(register.ofd_oldest_unsent_at) : null;
}

export function registerProblems(register: DashboardRegisterJson, now: Date): Problem[] {
  if (!register.enabled) return [];
  const problems: Problem[] = [];
  if (!register.online) problems.push({ tone: 'danger', text: 'Нет связи с кассой', field: 'online' });
  if (register.paper === 'out' || register.paper === 'out_waiting_continue') {
    problems.push({ tone: 'danger', text: 'Нет бумаги', field: 'paper' });
  }
  const days = register.fn_days_left;
  if (days !== null && days < FN_DAYS_WARN) {
    problems.push({
      tone: days <= FN_DAYS_DANGER ? 'danger' : 'warn',
      text: days <= 0 ? 'Срок ФН истёк' : `ФН: осталось ${days} дн — пора заменить`,
      field: 'fn_days',
    });
  }
  if (register.fn_fill_percent !== null && register.fn_fill_percent >= FN_FILL_WARN) {
    problems.push({
      tone: 'warn',
      text: `ФН заполнен на ${Math.floor(register.fn_fill_percent)}%`,
      field: 'fn_fill',
    });
  }
  const oldest = oldestUnsentAt(register);
  if ((register.ofd_unsent_count ?? 0) > 0 && oldest && now.getTime() - oldest.getTime() > DAY_MS) {
    problems.push({ tone: 'danger', text: `Документы не уходят в ОФД больше суток`, field: 'ofd' });
  }
  if (register.shift_state === 'expired') {
    problems.push({ tone: 'warn', text: 'Смена длится больше 24 ч', field: 'shift' });
  }
  return problems;
}

export function queueProblems(queue: DashboardJson['queue'], now: Date): Problem[] {
  const problems: Problem[] = [];
  if (queue.failed > 0)
    problems.push({ tone: 'danger', text: `Ошибок в очереди: ${queue.failed}`, field: 'queue' });
  if (queue.outcome_unknown > 0) {
    problems.push({ tone: 'warn', text: `С неизвестным исходом: ${queue.outcome_unknown}`, field: 'queue' });
  }
  if (
    queue.oldest_pending_at &&
    now.getTime() - new Date(queue.oldest_pending_at).getTime() > PENDING_AGE_WARN_MS
  ) {
    problems.push({ tone: 'warn', text: 'Платежи ждут в очереди дольше 10 минут', field: 'queue' });
  }
  return problems;
}

/** The worst tone of a list: what colour the register card's edge gets. */
export function worstTone(problems: readonly Problem[]): Tone {
  if (problems.some((p) => p.tone === 'danger')) return 'danger';
  if (problems.length > 0) return 'warn';
  return 'ok';
}
