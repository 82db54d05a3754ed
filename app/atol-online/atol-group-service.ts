// Use cases of ATOL Online groups (GET/POST/PATCH/DELETE /api/v1/atol-groups): the group code, login and
// password a billing integrated with ATOL Online is configured with, and the source whose payments its
// documents become. The password is stored as a scrypt hash and never shown; changing the login or the
// password ends the group's tokens (the billing's next request answers 10 and it calls getToken again).
import type { AuditContext, AuditLog } from '../audit/audit-log.ts';
import { hashPassword, type ScryptParams } from '../auth/password-hash.ts';
import type { Clock } from '../clock.ts';
import { conflict, inUse, invalidField, notFound } from '../http/errors.ts';
import type { AtolGroupRepository, AtolGroupRow } from '../storage/atol-group-repository.ts';
import type { SourceRepository } from '../storage/source-repository.ts';
import type { Transaction } from '../storage/transaction.ts';

export interface AtolGroupInput {
  sourceId: number;
  groupCode: string;
  login: string;
  password: string;
}

export type AtolGroupPatch = Partial<Omit<AtolGroupInput, 'sourceId'>>;

/** What the audit log keeps of a group: everything but the password hash. */
function auditView(row: AtolGroupRow): Omit<AtolGroupRow, 'passwordHash'> {
  const { passwordHash: _hidden, ...visible } = row;
  return visible;
}

export class AtolGroupService {
  private readonly groups: AtolGroupRepository;
  private readonly sources: SourceRepository;
  private readonly audit: AuditLog;
  private readonly transaction: Transaction;
  private readonly clock: Clock;
  private readonly scryptParams: ScryptParams;

  constructor(options: {
    groups: AtolGroupRepository;
    sources: SourceRepository;
    audit: AuditLog;
    transaction: Transaction;
    clock: Clock;
    scryptParams: ScryptParams;
  }) {
    this.groups = options.groups;
    this.sources = options.sources;
    this.audit = options.audit;
    this.transaction = options.transaction;
    this.clock = options.clock;
    this.scryptParams = options.scryptParams;
  }

  list(): AtolGroupRow[] {
    return this.groups.list();
  }

  get(id: number): AtolGroupRow {
    const group = this.groups.getById(id);
    if (group === undefined) throw notFound('ATOL group', id);
    return group;
  }

  async create(input: AtolGroupInput, context: AuditContext): Promise<AtolGroupRow> {
    const passwordHash = await hashPassword(input.password, this.scryptParams);
    return this.transaction(() => {
      if (this.sources.getById(input.sourceId) === undefined) {
        throw invalidField('/source_id', `source ${input.sourceId} does not exist`);
      }
      const sameSource = this.groups.findBySourceId(input.sourceId);
      if (sameSource !== undefined) {
        throw conflict(
          `source ${input.sourceId} already has the ATOL group "${sameSource.groupCode}" (id ${sameSource.id})`,
        );
      }
      this.checkUnique(input.groupCode, input.login, undefined);
      const id = this.groups.insert({ ...input, passwordHash }, this.clock.now().toISOString());
      const after = this.groups.getById(id)!;
      this.audit.record(context, {
        action: 'atol_group.create',
        entity: 'atol_group',
        entityId: id,
        after: auditView(after),
      });
      return after;
    });
  }

  async update(id: number, patch: AtolGroupPatch, context: AuditContext): Promise<AtolGroupRow> {
    const passwordHash =
      patch.password === undefined ? undefined : await hashPassword(patch.password, this.scryptParams);
    return this.transaction(() => {
      const before = this.get(id);
      const fields = {
        groupCode: patch.groupCode ?? before.groupCode,
        login: patch.login ?? before.login,
        passwordHash: passwordHash ?? before.passwordHash,
      };
      this.checkUnique(fields.groupCode, fields.login, id);
      this.groups.update(id, fields, this.clock.now().toISOString());
      if (
        fields.login !== before.login ||
        passwordHash !== undefined ||
        fields.groupCode !== before.groupCode
      ) {
        this.groups.deleteTokensOf(id);
      }
      const after = this.groups.getById(id)!;
      this.audit.record(context, {
        action: 'atol_group.update',
        entity: 'atol_group',
        entityId: id,
        before: auditView(before),
        // The new password itself is never recorded: only that it changed.
        after: { ...auditView(after), ...(passwordHash === undefined ? {} : { password_changed: true }) },
      });
      return after;
    });
  }

  remove(id: number, context: AuditContext): void {
    this.transaction(() => {
      const before = this.get(id);
      const documents = this.groups.documentCount(id);
      if (documents > 0) {
        throw inUse(
          `ATOL group ${id} registered ${documents} document(s); their reports need it, so it is kept — change its password to lock the billing out`,
        );
      }
      this.groups.delete(id);
      this.audit.record(context, {
        action: 'atol_group.delete',
        entity: 'atol_group',
        entityId: id,
        before: auditView(before),
      });
    });
  }

  private checkUnique(groupCode: string, login: string, id: number | undefined): void {
    const sameCode = this.groups.findByGroupCode(groupCode);
    if (sameCode !== undefined && sameCode.id !== id) {
      throw conflict(`the group code "${groupCode}" is already used (ATOL group ${sameCode.id})`);
    }
    const sameLogin = this.groups.findByLogin(login);
    if (sameLogin !== undefined && sameLogin.id !== id) {
      throw conflict(`the login "${login}" is already used (ATOL group ${sameLogin.id})`);
    }
  }
}
