// ATOL Online v4 on the box (issue 5 "Registrar mode"): a billing written for ATOL Online gets a token for
// its group, registers documents under its external_id and reads their reports, and the box fiscalizes
// them on the group's organization's registers. A group is one source; every document is one payment
// accepted through PaymentService.accept (durable first, exactly one receipt), with its atol_document row
// in the same transaction.
//
// Idempotency: ATOL says "you can always resubmit a document with the same external_id; if it is known,
// the UUID assigned earlier is returned" (API_atol_online_v4.pdf, quoted in
// github.com/0x6368656174/atol-online/issues/6). ATOL itself answers such a resubmit with error 33 next
// to that uuid (skodnik/atol-online StatusErrorConstants, INCOMING_EXTERNAL_ID_ALREADY_EXISTS) and never
// compares the content. The box answers a resubmit of the same content as a plain success with the same
// uuid (a client that handles 33 reads the uuid either way; one that does not no longer sees a false
// failure), and refuses another content under a known external_id with 33 and no uuid: that document was
// never fiscalized, and a client must not be told that the earlier receipt is its receipt.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { hashPassword, type ScryptParams, verifyPassword } from '../auth/password-hash.ts';
import type { Clock } from '../clock.ts';
import { PaymentConflictError, PaymentInputError, UnknownSourceError } from '../payments/accept-payment.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { DeliveryPlanner } from '../results/delivery-planner.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { AtolDocumentRepository } from '../storage/atol-document-repository.ts';
import type { AtolGroupRepository, AtolGroupRow } from '../storage/atol-group-repository.ts';
import type { OrganizationRepository } from '../storage/organization-repository.ts';
import type { ReceiptPolicyRepository } from '../storage/receipt-policy-repository.ts';
import { atolErrors } from './atol-errors.ts';
import { type AtolReport, buildAtolReport } from './atol-report.ts';
import {
  type AtolOperation,
  type AtolReceiptContext,
  atolAccountOf,
  parseAtolRequest,
} from './atol-request.ts';
import { atolTime } from './atol-time.ts';

/** "Токен действителен 24 часа" (API_atol_online_v4.pdf §"Получение токена"; error 11 ExpiredToken). */
export const ATOL_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AtolOnlineServiceDeps {
  groups: AtolGroupRepository;
  documents: AtolDocumentRepository;
  payments: PaymentService;
  policies: ReceiptPolicyRepository;
  organizations: OrganizationRepository;
  settings: SettingsService;
  clock: Clock;
  scryptParams: ScryptParams;
}

export interface AtolRegistrationAnswer {
  uuid: string;
  status: 'wait';
  error: null;
  timestamp: string;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class AtolOnlineService {
  /** Results back (app/results/delivery-planner.ts): the report POSTed to the document's callback_url. */
  readonly callbackPlanner: DeliveryPlanner;
  private readonly deps: AtolOnlineServiceDeps;
  // verifyPassword against this when the login is unknown, so both answers take as long.
  private decoyHash: Promise<string> | undefined;
  // Guessing passwords through getToken is throttled per address like logins to the web UI.
  private readonly throttle: LoginThrottle;

  constructor(deps: AtolOnlineServiceDeps) {
    this.deps = deps;
    this.throttle = new LoginThrottle(deps.clock);
    this.callbackPlanner = (finished) => {
      const document = deps.documents.findByPaymentId(finished.paymentId);
      if (document?.callbackUrl == null) return [];
      const report = this.reportOf(document.uuid);
      if (report === undefined) return [];
      return [{ kind: 'atol_callback', url: document.callbackUrl, bodyJson: JSON.stringify(report) }];
    };
  }

  private timestamp(): string {
    return atolTime(this.deps.clock.now(), this.deps.settings.read().timezone);
  }

  /** getToken: the login and password of a group → a new token for 24 hours. */
  async getToken(
    login: string,
    password: string,
    ip: string | null,
  ): Promise<{ error: null; token: string; timestamp: string }> {
    try {
      this.throttle.assertAllowed(ip);
    } catch {
      throw atolErrors.tooManyAttempts();
    }
    const group = this.deps.groups.findByLogin(login);
    this.decoyHash ??= hashPassword(randomUUID(), this.deps.scryptParams);
    const matches = await verifyPassword(password, group?.passwordHash ?? (await this.decoyHash));
    if (group === undefined || !matches) {
      this.throttle.recordFailure(ip);
      throw atolErrors.wrongLogin();
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    this.deps.groups.deleteTokensExpiredBefore(new Date(now.getTime() - DAY_MS).toISOString());
    this.deps.groups.insertToken({
      tokenHash: tokenHash(token),
      groupId: group.id,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ATOL_TOKEN_LIFETIME_MS).toISOString(),
    });
    return { error: null, token, timestamp: this.timestamp() };
  }

  /** The group a token was issued to, when the URL names that group; ATOL's 10, 11 or 20 otherwise. */
  authenticate(token: string | undefined, groupCode: string): AtolGroupRow {
    if (token === undefined || token === '' || token.length > 1000) throw atolErrors.missingToken();
    const stored = this.deps.groups.findToken(tokenHash(token));
    if (stored === undefined) throw atolErrors.missingToken();
    if (Date.parse(stored.expiresAt) <= this.deps.clock.now().getTime()) throw atolErrors.expiredToken();
    const group = this.deps.groups.getById(stored.groupId);
    if (group === undefined) throw atolErrors.expiredToken();
    if (group.groupCode !== groupCode) throw atolErrors.groupMismatch();
    return group;
  }

  private contextFor(group: AtolGroupRow, account: string): { context: AtolReceiptContext } {
    const policy = this.deps.policies.forPayment(group.sourceId, account, { accountRules: false });
    const organization = policy && this.deps.organizations.getById(policy.organizationId);
    if (policy === undefined || organization === undefined) throw atolErrors.server();
    return {
      context: {
        inn: organization.inn,
        taxSystem: organization.taxSystem,
        paymentMethod: policy.paymentMethod,
        paymentObject: policy.paymentObject,
      },
    };
  }

  /** Registers a document (or finds the one registered under its external_id): answers its uuid. */
  register(group: AtolGroupRow, operation: AtolOperation, body: unknown): AtolRegistrationAnswer {
    // A group code names one organization (its source's, as in ATOL Online where a group is one
    // company's registers): the source's account rules do not apply, since an ATOL document carries no
    // subscriber account; the organization decides the INN the request must carry.
    const account = atolAccountOf(body);
    const request = parseAtolRequest(operation, body, this.contextFor(group, account).context);

    const uuid = randomUUID();
    const now = this.deps.clock.now().toISOString();
    try {
      const { view, created } = this.deps.payments.accept(
        {
          sourceId: group.sourceId,
          externalId: request.externalId,
          account,
          amountKopecks: request.totalKopecks,
          method: request.method,
          ...(request.customerContact === undefined ? {} : { customerContact: request.customerContact }),
          document: request.document,
          accountRules: false,
        },
        (payment) =>
          this.deps.documents.insert({
            uuid,
            groupId: group.id,
            operation,
            externalId: request.externalId,
            paymentId: payment.id,
            requestJson: JSON.stringify(body),
            callbackUrl: request.callbackUrl,
            createdAt: now,
          }),
      );
      let document = this.deps.documents.findByPaymentId(view.payment.id);
      if (document === undefined && !created) {
        // The same payment came earlier through another door (the /api/v1 API) with this very receipt:
        // give it its uuid now; it is the same document, so no second receipt either way.
        this.deps.documents.insert({
          uuid,
          groupId: group.id,
          operation,
          externalId: request.externalId,
          paymentId: view.payment.id,
          requestJson: JSON.stringify(body),
          callbackUrl: request.callbackUrl,
          createdAt: now,
        });
        document = this.deps.documents.findByPaymentId(view.payment.id);
      }
      return { uuid: document!.uuid, status: 'wait', error: null, timestamp: this.timestamp() };
    } catch (error) {
      if (error instanceof PaymentConflictError) {
        throw atolErrors.externalIdExists(
          request.externalId,
          group.groupCode,
          `его содержимое другое (${error.differences.join(', ')}); новый чек требует нового external_id`,
        );
      }
      if (error instanceof PaymentInputError)
        throw atolErrors.validation([`#${error.path}: ${error.message}`]);
      if (error instanceof UnknownSourceError) throw atolErrors.server();
      throw error;
    }
  }

  /** The report of a document of this group; ATOL's 30 for a uuid the group does not have. */
  report(group: AtolGroupRow, uuid: string): AtolReport {
    const document = this.deps.documents.findByUuid(uuid);
    if (document === undefined || document.groupId !== group.id) throw atolErrors.unknownUuid(uuid);
    const report = this.reportOf(uuid);
    if (report === undefined) throw atolErrors.unknownUuid(uuid);
    return report;
  }

  private reportOf(uuid: string): AtolReport | undefined {
    const document = this.deps.documents.findByUuid(uuid);
    const group = document && this.deps.groups.getById(document.groupId);
    const view = document && this.deps.payments.views.byId(document.paymentId);
    if (document === undefined || group === undefined || view === undefined) return undefined;
    return buildAtolReport({
      document,
      groupCode: group.groupCode,
      view,
      timeZone: this.deps.settings.read().timezone,
      now: this.deps.clock.now(),
      receiptNumberInShift: (fn, shift, fd) => this.deps.documents.receiptNumberInShift(fn, shift, fd),
      deviceSerial: (registerId) => this.deps.documents.deviceSerial(registerId),
    });
  }
}
