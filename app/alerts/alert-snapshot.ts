// Gathers the facts the alert rules judge (alert-evaluator.ts) from the database — each register's
// stored status and connection, when its shift opened, its last receipt, the unfinished queue — and
// from the journal's last verdict and the system probes. Never asks a device: the status poll does.
import type { RegistrarStatus } from '../../drivers/fiscal-registrar.ts';
import type { JournalVerification } from '../journal/journal-verifier.ts';
import type { RegisterStates } from '../pipeline/worker-context.ts';
import type { AlertFactsRepository } from '../storage/alert-facts-repository.ts';
import type { OperationsRepository } from '../storage/operations-repository.ts';
import type { RegisterRepository } from '../storage/register-repository.ts';
import type { AlertSnapshot, RegisterFacts } from './alert-evaluator.ts';
import type { SystemProbes } from './system-probes.ts';

export interface AlertSnapshotDeps {
  registers: RegisterRepository;
  registerStates: Pick<RegisterStates, 'snapshot'>;
  operations: OperationsRepository;
  facts: AlertFactsRepository;
  journal: { last: JournalVerification | undefined };
  probes: SystemProbes;
  /** The OFD contract's paid-until day per register; the OFD integration will supply it (null today). */
  ofdPaidUntil?: (registerId: number) => string | null;
}

export function readAlertSnapshot(deps: AlertSnapshotDeps): AlertSnapshot {
  const drifts = deps.facts.clockDrifts();
  const registers = deps.registers.list().map((register): RegisterFacts => {
    const state = deps.registerStates.snapshot(register.id);
    const status = parseStatus(state?.statusJson ?? null);
    const shiftOpenedAt =
      status && status.shift.state !== 'closed'
        ? deps.operations.shiftOpenedAt(register.id, status.fn.number, status.shift.number)
        : null;
    return {
      id: register.id,
      name: register.name,
      enabled: register.enabled,
      timezone: register.timezone,
      createdAt: register.createdAt,
      online: state?.online ?? false,
      lastError: state?.lastError ?? null,
      readAt: state?.statusAt ?? null,
      status,
      shiftOpenedAt,
      clockDriftSeconds: drifts.get(register.id) ?? null,
      lastReceiptAt: deps.facts.lastReceiptAt(register.id),
      ofdPaidUntil: deps.ofdPaidUntil?.(register.id) ?? null,
    };
  });
  const counts = deps.operations.unfinishedCounts();
  const verdict = deps.journal.last?.verdict;
  return {
    registers,
    queue: {
      oldestPendingAt: deps.operations.oldestPendingAt(),
      outcomeUnknown: counts.outcome_unknown,
      failed: counts.failed,
    },
    journal:
      verdict === undefined
        ? null
        : verdict.ok
          ? { ok: true }
          : { ok: false, brokenAtId: verdict.brokenAtId, reason: verdict.reason },
    diskFreeBytes: deps.probes.diskFreeBytes(),
    memoryAvailableBytes: deps.probes.memoryAvailableBytes(),
  };
}

function parseStatus(json: string | null): RegistrarStatus | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as RegistrarStatus;
  } catch {
    return null;
  }
}
