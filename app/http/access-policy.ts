// Who may call which route, as data (product rule: every endpoint authenticated). Each route is keyed
// by "METHOD /url" exactly as registered; build-app refuses to start when a route has no entry, so a
// new route is closed until someone decides who may use it. `sources: true` lets API tokens in: only
// payment routes should say so, and they must narrow what a token sees with sourceScope().
// The roles (issue 3, docs/api.md "Roles"): admin everything; technician operates registers and
// the queue and reads everything; cashier works the cash desk and X-reports on the registers assigned
// to them and reads registers, payments and receipts; viewer reads what the NOC needs. Tested route by
// route in test/integration/http/role-matrix.test.ts, whose table must change with this one.
import { ROLES, type Role } from '../auth/roles.ts';

// `monitoring: true` lets a scraper's monitoring token (kbm_…) in: GET /metrics only.
// `protocol`: a route of a foreign wire protocol (ATOL Online v4 for billings, OSMP and Sberbank for
// payment channels) outside /api/v1. Its caller cannot send our cookies or tokens, so the route module
// authenticates with the protocol's own credentials (an ATOL token; a channel's IP list, Basic auth or
// secret) and refuses in the protocol's own words; it is still never open.
export type ProtocolName = 'atol-online' | 'payment-channel';
export type RouteAccess =
  | { public: true }
  | { public?: false; roles: readonly Role[]; sources: boolean; monitoring?: true }
  | { protocol: ProtocolName };

const PUBLIC: RouteAccess = { public: true };
/** Every person: their own account, and what the cash desk shows (registers, payments, receipts). */
const PEOPLE: RouteAccess = { roles: ROLES, sources: false };
/** Reads beyond the cash desk (organizations, sources, the queue, the journal): not for cashiers. */
const STAFF_READERS: RouteAccess = { roles: ['admin', 'technician', 'viewer'], sources: false };
const AUDIT_READERS: RouteAccess = { roles: ['admin', 'technician'], sources: false };
const ADMIN: RouteAccess = { roles: ['admin'], sources: false };
/** Register set-up, shifts and queue actions. */
const REGISTER_EDITORS: RouteAccess = { roles: ['admin', 'technician'], sources: false };
// X-report and the cash desk: a cashier only on an assigned register (the route calls
// requireRegisterAccess from principal.ts).
const REGISTER_OPERATORS: RouteAccess = { roles: ['admin', 'technician', 'cashier'], sources: false };
// Sources post their own payments; a person posts one for a named source only as admin (a cashier
// takes money through the cash desk, on an assigned register).
const PAYMENT_WRITERS: RouteAccess = { roles: ['admin'], sources: true };
const PAYMENT_READERS: RouteAccess = { roles: ROLES, sources: true };
/** The Prometheus figures: a scraper's monitoring token, or a person who may read the dashboard's numbers. */
const METRICS_READERS: RouteAccess = {
  roles: ['admin', 'technician', 'viewer'],
  sources: false,
  monitoring: true,
};

export type AccessPolicy = Readonly<Record<string, RouteAccess>>;

export const ACCESS_POLICY: AccessPolicy = {
  'GET /api/v1/health': PUBLIC,
  'GET /api/v1/openapi.json': { roles: ROLES, sources: true },

  'GET /api/v1/setup': PUBLIC,
  'POST /api/v1/setup': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': PEOPLE,
  'GET /api/v1/auth/me': PEOPLE,
  'PUT /api/v1/auth/password': PEOPLE,
  'GET /api/v1/auth/sessions': PEOPLE,
  'DELETE /api/v1/auth/sessions/:id': PEOPLE,

  'GET /api/v1/users': ADMIN,
  'POST /api/v1/users': ADMIN,
  'GET /api/v1/users/:id': ADMIN,
  'PATCH /api/v1/users/:id': ADMIN,
  'DELETE /api/v1/users/:id': ADMIN,
  'POST /api/v1/users/:id/unlock': ADMIN,
  'GET /api/v1/users/:id/sessions': ADMIN,
  'DELETE /api/v1/users/:id/sessions': ADMIN,

  'GET /api/v1/organizations': STAFF_READERS,
  'GET /api/v1/organizations/:id': STAFF_READERS,
  'POST /api/v1/organizations': ADMIN,
  'PATCH /api/v1/organizations/:id': ADMIN,
  'DELETE /api/v1/organizations/:id': ADMIN,

  'GET /api/v1/sources': STAFF_READERS,
  'GET /api/v1/sources/:id': STAFF_READERS,
  'POST /api/v1/sources': ADMIN,
  'PATCH /api/v1/sources/:id': ADMIN,
  'DELETE /api/v1/sources/:id': ADMIN,
  'GET /api/v1/sources/:id/tokens': ADMIN,
  'POST /api/v1/sources/:id/tokens': ADMIN,
  'DELETE /api/v1/sources/:id/tokens/:tokenId': ADMIN,
  'GET /api/v1/sources/:id/organization-rules': STAFF_READERS,
  'PUT /api/v1/sources/:id/organization-rules': ADMIN,
  // Only reads the rules: a technician or the NOC checks where an account's receipts go.
  'POST /api/v1/sources/:id/organization-rules/resolve': STAFF_READERS,

  'GET /api/v1/registers': PEOPLE,
  'GET /api/v1/registers/:id': PEOPLE,
  'POST /api/v1/registers': REGISTER_EDITORS,
  'PATCH /api/v1/registers/:id': REGISTER_EDITORS,
  'DELETE /api/v1/registers/:id': ADMIN,

  'GET /api/v1/registers/:id/status': PEOPLE,
  'GET /api/v1/registers/:id/shifts': PEOPLE,
  'POST /api/v1/registers/:id/shift/open': REGISTER_EDITORS,
  'POST /api/v1/registers/:id/shift/close': REGISTER_EDITORS,
  'POST /api/v1/registers/:id/x-report': REGISTER_OPERATORS,
  // Issue 4 lifecycle: closes the shift and checks the OFD backlog before an FN swap.
  'POST /api/v1/registers/:id/fn-replacement/prepare': REGISTER_EDITORS,

  'POST /api/v1/payments': PAYMENT_WRITERS,
  // A cashier only on an assigned register (the route calls requireRegisterAccess).
  'POST /api/v1/cash-desk/payments': REGISTER_OPERATORS,
  'GET /api/v1/payments': PAYMENT_READERS,
  'GET /api/v1/payments/:id': PAYMENT_READERS,
  'GET /api/v1/sources/:id/payments/:external_id': PAYMENT_READERS,

  'GET /api/v1/fiscal-jobs': STAFF_READERS,
  'GET /api/v1/fiscal-jobs/:id': STAFF_READERS,
  'POST /api/v1/fiscal-jobs/:id/requeue': REGISTER_EDITORS,
  'POST /api/v1/fiscal-jobs/:id/resolve': REGISTER_EDITORS,
  'GET /api/v1/receipts': PEOPLE,
  'GET /api/v1/receipts/:id': PEOPLE,
  'GET /api/v1/journal/verify': STAFF_READERS,

  'GET /api/v1/audit': AUDIT_READERS,

  // Operations (docs/api.md "Operations"): the dashboard is every person's start page.
  'GET /api/v1/dashboard': PEOPLE,
  'GET /api/v1/events': PEOPLE,
  'GET /api/v1/stats/receipts-per-day': STAFF_READERS,
  'GET /api/v1/stats/fn-fill': STAFF_READERS,
  'POST /api/v1/registers/test-connection': REGISTER_EDITORS,
  'GET /api/v1/settings': PEOPLE,
  'PATCH /api/v1/settings': ADMIN,

  // Alerts (docs/api.md "Alerts"): the NOC reads them; people who can act on a register acknowledge.
  'GET /api/v1/alerts': STAFF_READERS,
  'GET /api/v1/alerts/:id': STAFF_READERS,
  'POST /api/v1/alerts/:id/acknowledge': REGISTER_EDITORS,
  'GET /api/v1/alert-thresholds': STAFF_READERS,
  'PATCH /api/v1/alert-thresholds': ADMIN,

  // Notifications (docs/api.md "Notifications"): channels hold SMTP passwords and bot tokens.
  'GET /api/v1/notification-channels': ADMIN,
  'GET /api/v1/notification-channels/:id': ADMIN,
  'POST /api/v1/notification-channels': ADMIN,
  'PATCH /api/v1/notification-channels/:id': ADMIN,
  'DELETE /api/v1/notification-channels/:id': ADMIN,
  'POST /api/v1/notification-channels/:id/test': ADMIN,
  'GET /api/v1/notifications': ADMIN,

  // Monitoring (docs/api.md "Metrics", "Monitoring tokens").
  'GET /api/v1/metrics': METRICS_READERS,
  'GET /api/v1/monitoring-tokens': ADMIN,
  'POST /api/v1/monitoring-tokens': ADMIN,
  'DELETE /api/v1/monitoring-tokens/:id': ADMIN,

  // Billing connections (docs/api.md "Billing connections"): staff read (secrets only by name), admins
  // change, a technician may check an account through one.
  'GET /api/v1/billing-connections': STAFF_READERS,
  'GET /api/v1/billing-connections/:id': STAFF_READERS,
  'POST /api/v1/billing-connections': ADMIN,
  'PATCH /api/v1/billing-connections/:id': ADMIN,
  'DELETE /api/v1/billing-connections/:id': ADMIN,
  'POST /api/v1/billing-connections/:id/check': REGISTER_EDITORS,
  // Registrar mode (docs/api.md "Billing pollers", "Results back"): staff read, admins change, a
  // technician may poll now or retry a delivery.
  'GET /api/v1/billing-pollers': STAFF_READERS,
  'GET /api/v1/billing-pollers/:id': STAFF_READERS,
  'POST /api/v1/billing-pollers': ADMIN,
  'PATCH /api/v1/billing-pollers/:id': ADMIN,
  'DELETE /api/v1/billing-pollers/:id': ADMIN,
  'POST /api/v1/billing-pollers/:id/run': REGISTER_EDITORS,
  'GET /api/v1/sources/:id/result-target': STAFF_READERS,
  'PUT /api/v1/sources/:id/result-target': ADMIN,
  'GET /api/v1/atol-groups': STAFF_READERS,
  'GET /api/v1/atol-groups/:id': STAFF_READERS,
  'POST /api/v1/atol-groups': ADMIN,
  'PATCH /api/v1/atol-groups/:id': ADMIN,
  'DELETE /api/v1/atol-groups/:id': ADMIN,
  'GET /api/v1/channels': STAFF_READERS,
  'GET /api/v1/channels/:id': STAFF_READERS,
  'POST /api/v1/channels': ADMIN,
  'PATCH /api/v1/channels/:id': ADMIN,
  'DELETE /api/v1/channels/:id': ADMIN,
  'GET /api/v1/channels/:id/transactions': STAFF_READERS,
  'POST /api/v1/channels/:id/transactions/:txnId/retry': REGISTER_EDITORS,
  'GET /api/v1/result-deliveries': STAFF_READERS,
  'POST /api/v1/result-deliveries/:id/retry': REGISTER_EDITORS,

  // Updates (docs/updates.md): installing or rolling back a release is the admin's decision.
  'GET /api/v1/update': ADMIN,
  'POST /api/v1/update': ADMIN,
  'POST /api/v1/update/rollback': ADMIN,

  // Foreign protocols (docs/integrations.md), authenticated inside their route modules.
  // PROTOCOL ROUTES BEGIN
  // ATOL Online v4 for billings (app/http/routes/atol-online.ts): getToken's login and password, then
  // the group's token.
  'GET /possystem/v4/getToken': { protocol: 'atol-online' },
  'POST /possystem/v4/getToken': { protocol: 'atol-online' },
  'POST /possystem/v4/:group_code/:operation': { protocol: 'atol-online' },
  'GET /possystem/v4/:group_code/report/:uuid': { protocol: 'atol-online' },
  'GET /possystem/v4/*': { protocol: 'atol-online' },
  'POST /possystem/v4/*': { protocol: 'atol-online' },
  // Payment channels, OSMP/QIWI and Sberbank №1 (app/http/routes/channel-endpoint.ts): the channel's IP
  // list, Basic auth or secret.
  'GET /channel/:slug': { protocol: 'payment-channel' },
  'POST /channel/:slug': { protocol: 'payment-channel' },

  // PROTOCOL ROUTES END

  // The web UI's files (ui/build via @fastify/static's wildcard route, app/http/static-ui.ts): code and
  // styles only, no data, and the login page must load before anyone is logged in. Unknown /api URLs
  // reach this route too and still answer the JSON 404.
  'GET /*': PUBLIC,
  'HEAD /*': PUBLIC,
};

export function accessKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}
