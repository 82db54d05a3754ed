// The ATOL Online part of the box, as app/deps.ts holds it (deps.atolOnline): the protocol service behind
// /possystem/v4/…, the groups API, and the planner of ATOL callbacks that the results-back queue
// (app/results/) calls for every finished payment.
import type { AuditLog } from '../audit/audit-log.ts';
import type { ScryptParams } from '../auth/password-hash.ts';
import type { Clock } from '../clock.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { DeliveryPlanner } from '../results/delivery-planner.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { AtolDocumentRepository } from '../storage/atol-document-repository.ts';
import { AtolGroupRepository } from '../storage/atol-group-repository.ts';
import type { Db } from '../storage/database.ts';
import type { OrganizationRepository } from '../storage/organization-repository.ts';
import { ReceiptPolicyRepository } from '../storage/receipt-policy-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';
import { AtolGroupService } from './atol-group-service.ts';
import { AtolOnlineService } from './atol-online-service.ts';

export interface AtolOnline {
  protocol: AtolOnlineService;
  groups: AtolGroupService;
  /** Plans `{kind: 'atol_callback', url, bodyJson: <report>}` for documents with a callback_url. */
  callbackPlanner: DeliveryPlanner;
}

export function createAtolOnline(options: {
  db: Db;
  transaction: Transaction;
  clock: Clock;
  audit: AuditLog;
  payments: PaymentService;
  settings: SettingsService;
  sources: SourceRepository;
  organizations: OrganizationRepository;
  scryptParams: ScryptParams;
}): AtolOnline {
  const groups = new AtolGroupRepository(options.db);
  const protocol = new AtolOnlineService({
    groups,
    documents: new AtolDocumentRepository(options.db),
    payments: options.payments,
    policies: new ReceiptPolicyRepository(options.db),
    organizations: options.organizations,
    settings: options.settings,
    clock: options.clock,
    scryptParams: options.scryptParams,
  });
  return {
    protocol,
    groups: new AtolGroupService({ ...options, groups }),
    callbackPlanner: protocol.callbackPlanner,
  };
}
