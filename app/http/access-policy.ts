// Who may call which route, as data (product rule: every endpoint authenticated). Each route is keyed
// by "METHOD /url" exactly as registered; build-app refuses to start when a route has no entry, so a
// new route is closed until someone decides who may use it. `sources: true` lets API tokens in: only
// payment routes should say so, and they must narrow what a token sees with sourceScope().
// Issue 2 has only admins; the UI issue grants the other roles by editing this table.
import { ROLES, type Role } from '../auth/roles.ts';

export type RouteAccess = { public: true } | { public?: false; roles: readonly Role[]; sources: boolean };

const PUBLIC: RouteAccess = { public: true };
const PEOPLE: RouteAccess = { roles: ROLES, sources: false };
const ADMIN: RouteAccess = { roles: ['admin'], sources: false };
const REGISTER_EDITORS: RouteAccess = { roles: ['admin', 'technician'], sources: false };
// Cashiers print X-reports and open shifts on their registers (UI issue narrows them to assigned ones).
const REGISTER_OPERATORS: RouteAccess = { roles: ['admin', 'technician', 'cashier'], sources: false };
// Sources post their own payments; people at the desk post cash payments for a source they name.
const PAYMENT_WRITERS: RouteAccess = { roles: ['admin', 'technician', 'cashier'], sources: true };
const PAYMENT_READERS: RouteAccess = { roles: ROLES, sources: true };

export type AccessPolicy = Readonly<Record<string, RouteAccess>>;

export const ACCESS_POLICY: AccessPolicy = {
  'GET /api/v1/health': PUBLIC,
  'GET /api/v1/openapi.json': { roles: ROLES, sources: true },

  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': PEOPLE,
  'GET /api/v1/auth/me': PEOPLE,
  'GET /api/v1/auth/sessions': PEOPLE,
  'DELETE /api/v1/auth/sessions/:id': PEOPLE,

  'GET /api/v1/organizations': PEOPLE,
  'GET /api/v1/organizations/:id': PEOPLE,
  'POST /api/v1/organizations': ADMIN,
  'PATCH /api/v1/organizations/:id': ADMIN,
  'DELETE /api/v1/organizations/:id': ADMIN,

  'GET /api/v1/sources': PEOPLE,
  'GET /api/v1/sources/:id': PEOPLE,
  'POST /api/v1/sources': ADMIN,
  'PATCH /api/v1/sources/:id': ADMIN,
  'DELETE /api/v1/sources/:id': ADMIN,
  'GET /api/v1/sources/:id/tokens': ADMIN,
  'POST /api/v1/sources/:id/tokens': ADMIN,
  'DELETE /api/v1/sources/:id/tokens/:tokenId': ADMIN,

  'GET /api/v1/registers': PEOPLE,
  'GET /api/v1/registers/:id': PEOPLE,
  'POST /api/v1/registers': REGISTER_EDITORS,
  'PATCH /api/v1/registers/:id': REGISTER_EDITORS,
  'DELETE /api/v1/registers/:id': ADMIN,

  'GET /api/v1/registers/:id/status': PEOPLE,
  'GET /api/v1/registers/:id/shifts': PEOPLE,
  'POST /api/v1/registers/:id/shift/open': REGISTER_OPERATORS,
  'POST /api/v1/registers/:id/shift/close': REGISTER_OPERATORS,
  'POST /api/v1/registers/:id/x-report': REGISTER_OPERATORS,

  'POST /api/v1/payments': PAYMENT_WRITERS,
  'GET /api/v1/payments': PAYMENT_READERS,
  'GET /api/v1/payments/:id': PAYMENT_READERS,
  'GET /api/v1/sources/:id/payments/:external_id': PAYMENT_READERS,

  'GET /api/v1/fiscal-jobs': PEOPLE,
  'GET /api/v1/fiscal-jobs/:id': PEOPLE,
  'POST /api/v1/fiscal-jobs/:id/requeue': REGISTER_EDITORS,
  'POST /api/v1/fiscal-jobs/:id/resolve': REGISTER_EDITORS,
  'GET /api/v1/receipts': PEOPLE,
  'GET /api/v1/receipts/:id': PEOPLE,
  'GET /api/v1/journal/verify': PEOPLE,

  'GET /api/v1/audit': ADMIN,

  // The web UI's files (ui/build via @fastify/static's wildcard route, app/http/static-ui.ts): code and
  // styles only, no data, and the login page must load before anyone is logged in. Unknown /api URLs
  // reach this route too and still answer the JSON 404.
  'GET /*': PUBLIC,
  'HEAD /*': PUBLIC,
};

export function accessKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}
