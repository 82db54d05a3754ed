// The dashboard without any register: payments already accepted are not lost, they wait in the queue
// until a register takes them. Saying so (with how many) keeps a technician from having them re-sent.
import type { DashboardJson } from '../api/types.ts';

/** Jobs still to be printed: pending, and any a register had begun before it went away. */
export function waitingJobs(queue: DashboardJson['queue']): number {
  return queue.pending + queue.sending;
}

/** The empty state's hint about the queue, for `waiting` jobs not yet printed. */
export function queueHint(waiting: number): string {
  if (waiting === 0) {
    return 'Платежи, принятые до этого, не потеряются: они подождут в очереди, пока касса их не возьмёт.';
  }
  // «(сейчас: N)» reads right for any N, no declension needed.
  return `Принятые платежи ждут в очереди (сейчас: ${waiting}) и станут чеками, как только касса их возьмёт.`;
}
