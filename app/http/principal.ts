// Who is calling (product rule: every endpoint authenticated). authenticate.ts sets request.principal
// before any handler runs: a person with a session cookie, or a source with its API token. Handlers
// use the helpers below instead of looking at headers.
import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit-log.ts';
import type { Role } from '../auth/roles.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, forbidden, unauthenticated } from './errors.ts';

export interface PrincipalUser {
  id: number;
  username: string;
  role: Role;
}

export type Principal =
  | { kind: 'user'; user: PrincipalUser; sessionId: string }
  | { kind: 'source'; sourceId: number; tokenId: number; tokenName: string }
  // A scraper's monitoring token (kbm_…): only routes whose access says `monitoring: true` let it in.
  | { kind: 'monitoring'; tokenId: number; tokenName: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every route that is not public; null on public routes and unknown URLs. */
    principal: Principal | null;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthenticated();
  return request.principal;
}

/** The person behind the request; a source token gets 403. */
export function requireUser(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const principal = requirePrincipal(request);
  if (principal.kind !== 'user') throw forbidden('This route is for people logged in, not for API tokens.');
  return principal;
}

export function requireRole(request: FastifyRequest, roles: readonly Role[]): PrincipalUser {
  const { user } = requireUser(request);
  if (!roles.includes(user.role)) throw forbidden(`This route needs the role ${roles.join(' or ')}.`);
  return user;
}

/**
 * The source whose data the caller may see: a token sees only its own source (undefined = every
 * source, for people). Payment routes filter by it, and refuse a token that names another source.
 */
export function sourceScope(request: FastifyRequest): number | undefined {
  const principal = requirePrincipal(request);
  // A monitoring token never sees payments; the policy keeps it out already, this keeps it out twice.
  if (principal.kind === 'monitoring') throw forbidden('Monitoring tokens may only read the metrics.');
  return principal.kind === 'source' ? principal.sourceId : undefined;
}

/** Refuses a token that reaches for another source's data (answers 404, as if it did not exist). */
export function assertSourceAccess(request: FastifyRequest, sourceId: number, notFoundError: Error): void {
  const scope = sourceScope(request);
  if (scope !== undefined && scope !== sourceId) throw notFoundError;
}

/**
 * Refuses a cashier acting on a register not assigned to them (403 register_not_assigned). Every route
 * that lets a cashier act on a register calls it with that register's id, after the access policy
 * let the role in; other roles pass (the policy already decided for them), API tokens are refused.
 */
export function requireRegisterAccess(
  request: FastifyRequest,
  deps: Pick<AppDeps, 'repositories'>,
  registerId: number,
): void {
  const { user } = requireUser(request);
  if (user.role !== 'cashier') return;
  if (!deps.repositories.users.isAssigned(user.id, registerId)) {
    throw new ApiError('register_not_assigned', `Register ${registerId} is not assigned to you.`);
  }
}

/** Who to write into the audit trail for this request. */
export function auditContext(request: FastifyRequest): AuditContext {
  const principal = request.principal;
  const ip = request.ip ?? null;
  if (principal === null) return { actor: { kind: 'anonymous' }, ip };
  if (principal.kind === 'user') {
    return { actor: { kind: 'user', id: principal.user.id, name: principal.user.username }, ip };
  }
  if (principal.kind === 'monitoring') {
    return { actor: { kind: 'system', name: `monitoring token ${principal.tokenName}` }, ip };
  }
  return { actor: { kind: 'source', id: principal.sourceId, name: principal.tokenName }, ip };
}
