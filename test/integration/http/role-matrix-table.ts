// The role matrix, written by hand (issue 3: "the role matrix is enforced on the server for every
// endpoint and tested role by role"). For every route: who may call it, and a request that is valid
// enough to reach the handler. It restates docs/api.md "Roles" and must NOT be derived from
// ACCESS_POLICY: a change to the policy has to be made here too, on purpose, or role-matrix.test.ts fails.
import { randomUUID } from 'node:crypto';
import { ADMIN_PASSWORD } from '../../helpers/api-harness.ts';

// `token` is a source's API token (kbx_), `monitoring` a scraper's monitoring token (kbm_).
export const CALLERS = [
  'anonymous',
  'admin',
  'technician',
  'cashier',
  'viewer',
  'token',
  'monitoring',
] as const;
export type Caller = (typeof CALLERS)[number];

/** The objects the requests point at, made by the test before it runs the matrix. */
export interface MatrixFixture {
  organizationId: number;
  /** An organization, a source, a token, a register and a user nothing else needs: deletion targets. */
  spareOrganizationId: number;
  sourceId: number;
  spareSourceId: number;
  spareTokenId: number;
  /** The register assigned to the cashier. */
  registerId: number;
  spareRegisterId: number;
  victimUserId: number;
  /** A monitoring token nothing else needs: the revocation target. */
  spareMonitoringTokenId: number;
}

export interface Expectation {
  allowed: readonly Caller[];
  /** The URL to call; the route's own path when it has no parameters. */
  url?: string;
  body?: () => object;
  /** The request ends the caller's session: run it with a session of its own. */
  endsSession?: boolean;
}

const EVERYONE: readonly Caller[] = CALLERS;
const PEOPLE: readonly Caller[] = ['admin', 'technician', 'cashier', 'viewer'];
const PEOPLE_AND_TOKENS: readonly Caller[] = [...PEOPLE, 'token'];
const ALL_BUT_CASHIERS: readonly Caller[] = ['admin', 'technician', 'viewer'];
const ADMIN_AND_TECHNICIAN: readonly Caller[] = ['admin', 'technician'];
const AT_THE_DESK: readonly Caller[] = ['admin', 'technician', 'cashier'];
const ADMIN: readonly Caller[] = ['admin'];
const ADMIN_AND_TOKENS: readonly Caller[] = ['admin', 'token'];
const METRICS_READERS: readonly Caller[] = ['admin', 'technician', 'viewer', 'monitoring'];

let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}`;
const day = '2026-11-22';
const NO_SESSION = '0'.repeat(64);

export function expectations(f: MatrixFixture): Record<string, Expectation> {
  const register = `/api/v1/registers/${f.registerId}`;
  return {
    'GET /api/v1/health': { allowed: EVERYONE },
    'GET /api/v1/openapi.json': { allowed: PEOPLE_AND_TOKENS },
    'GET /*': { allowed: EVERYONE, url: '/' },
    'HEAD /*': { allowed: EVERYONE, url: '/' },

    'GET /api/v1/setup': { allowed: EVERYONE },
    'POST /api/v1/setup': { allowed: EVERYONE, body: () => ({ username: 'late', password: 'too late now' }) },
    'POST /api/v1/auth/login': {
      allowed: EVERYONE,
      body: () => ({ username: 'admin', password: ADMIN_PASSWORD }),
    },
    'POST /api/v1/auth/logout': { allowed: PEOPLE, endsSession: true },
    'GET /api/v1/auth/me': { allowed: PEOPLE },
    'PUT /api/v1/auth/password': {
      allowed: PEOPLE,
      body: () => ({ current_password: 'not the current one', new_password: 'a new password' }),
    },
    'GET /api/v1/auth/sessions': { allowed: PEOPLE },
    'DELETE /api/v1/auth/sessions/:id': { allowed: PEOPLE, url: `/api/v1/auth/sessions/${NO_SESSION}` },

    'GET /api/v1/users': { allowed: ADMIN },
    'POST /api/v1/users': {
      allowed: ADMIN,
      body: () => ({ username: unique('user'), role: 'viewer', password: 'a password' }),
    },
    'GET /api/v1/users/:id': { allowed: ADMIN, url: `/api/v1/users/${f.victimUserId}` },
    'PATCH /api/v1/users/:id': {
      allowed: ADMIN,
      url: `/api/v1/users/${f.victimUserId}`,
      body: () => ({ display_name: 'Жертва' }),
    },
    'POST /api/v1/users/:id/unlock': { allowed: ADMIN, url: `/api/v1/users/${f.victimUserId}/unlock` },
    'GET /api/v1/users/:id/sessions': { allowed: ADMIN, url: `/api/v1/users/${f.victimUserId}/sessions` },
    'DELETE /api/v1/users/:id/sessions': { allowed: ADMIN, url: `/api/v1/users/${f.victimUserId}/sessions` },
    'DELETE /api/v1/users/:id': { allowed: ADMIN, url: `/api/v1/users/${f.victimUserId}` },

    'GET /api/v1/organizations': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/organizations/:id': {
      allowed: ALL_BUT_CASHIERS,
      url: `/api/v1/organizations/${f.organizationId}`,
    },
    'POST /api/v1/organizations': {
      allowed: ADMIN,
      body: () => ({ name: unique('ООО '), inn: '7707083893', tax_system: 'osn' }),
    },
    'PATCH /api/v1/organizations/:id': {
      allowed: ADMIN,
      url: `/api/v1/organizations/${f.spareOrganizationId}`,
      body: () => ({ name: unique('ООО ') }),
    },
    'DELETE /api/v1/organizations/:id': {
      allowed: ADMIN,
      url: `/api/v1/organizations/${f.spareOrganizationId}`,
    },

    'GET /api/v1/sources': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/sources/:id': { allowed: ALL_BUT_CASHIERS, url: `/api/v1/sources/${f.sourceId}` },
    'POST /api/v1/sources': {
      allowed: ADMIN,
      body: () => ({ organization_id: f.organizationId, name: unique('source ') }),
    },
    'PATCH /api/v1/sources/:id': {
      allowed: ADMIN,
      url: `/api/v1/sources/${f.spareSourceId}`,
      body: () => ({ item_name: 'Оплата услуг' }),
    },
    'DELETE /api/v1/sources/:id': { allowed: ADMIN, url: `/api/v1/sources/${f.spareSourceId}` },
    'GET /api/v1/sources/:id/tokens': { allowed: ADMIN, url: `/api/v1/sources/${f.sourceId}/tokens` },
    'POST /api/v1/sources/:id/tokens': {
      allowed: ADMIN,
      url: `/api/v1/sources/${f.sourceId}/tokens`,
      body: () => ({ name: unique('token ') }),
    },
    'DELETE /api/v1/sources/:id/tokens/:tokenId': {
      allowed: ADMIN,
      url: `/api/v1/sources/${f.sourceId}/tokens/${f.spareTokenId}`,
    },
    'GET /api/v1/sources/:id/organization-rules': {
      allowed: ALL_BUT_CASHIERS,
      url: `/api/v1/sources/${f.sourceId}/organization-rules`,
    },
    'PUT /api/v1/sources/:id/organization-rules': {
      allowed: ADMIN,
      url: `/api/v1/sources/${f.sourceId}/organization-rules`,
      body: () => ({ items: [{ match: 'prefix', value: '77', organization_id: f.organizationId }] }),
    },
    'POST /api/v1/sources/:id/organization-rules/resolve': {
      allowed: ALL_BUT_CASHIERS,
      url: `/api/v1/sources/${f.sourceId}/organization-rules/resolve`,
      body: () => ({ account: '770001' }),
    },

    'GET /api/v1/registers': { allowed: PEOPLE },
    'GET /api/v1/registers/:id': { allowed: PEOPLE, url: register },
    'POST /api/v1/registers': {
      allowed: ADMIN_AND_TECHNICIAN,
      body: () => ({
        organization_id: f.organizationId,
        name: unique('Касса '),
        host: '127.0.0.1',
        port: 7778,
      }),
    },
    'PATCH /api/v1/registers/:id': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: register,
      body: () => ({ cashier_name: 'Иванова И.И.' }),
    },
    'DELETE /api/v1/registers/:id': { allowed: ADMIN, url: `/api/v1/registers/${f.spareRegisterId}` },
    'POST /api/v1/registers/test-connection': {
      allowed: ADMIN_AND_TECHNICIAN,
      body: () => ({ driver: 'shtrih', host: '127.0.0.1', port: 1, protocol: 'v1' }),
    },

    'GET /api/v1/registers/:id/status': { allowed: PEOPLE, url: `${register}/status` },
    'GET /api/v1/registers/:id/shifts': { allowed: PEOPLE, url: `${register}/shifts` },
    'POST /api/v1/registers/:id/shift/open': { allowed: ADMIN_AND_TECHNICIAN, url: `${register}/shift/open` },
    'POST /api/v1/registers/:id/shift/close': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: `${register}/shift/close`,
    },
    'POST /api/v1/registers/:id/x-report': { allowed: AT_THE_DESK, url: `${register}/x-report` },
    'POST /api/v1/registers/:id/fn-replacement/prepare': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: `${register}/fn-replacement/prepare`,
    },

    'POST /api/v1/payments': {
      allowed: ADMIN_AND_TOKENS,
      body: () => ({
        source_id: f.sourceId,
        external_id: unique('matrix-'),
        account: '1',
        amount_kopecks: 100,
      }),
    },
    'GET /api/v1/payments': { allowed: PEOPLE_AND_TOKENS },
    'GET /api/v1/payments/:id': { allowed: PEOPLE_AND_TOKENS, url: '/api/v1/payments/1' },
    'GET /api/v1/sources/:id/payments/:external_id': {
      allowed: PEOPLE_AND_TOKENS,
      url: `/api/v1/sources/${f.sourceId}/payments/nothing`,
    },
    'POST /api/v1/cash-desk/payments': {
      allowed: AT_THE_DESK,
      body: () => ({
        request_id: randomUUID(),
        register_id: f.registerId,
        account: '1',
        amount_kopecks: 100,
        method: 'cash',
      }),
    },

    'GET /api/v1/fiscal-jobs': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/fiscal-jobs/:id': { allowed: ALL_BUT_CASHIERS, url: '/api/v1/fiscal-jobs/999' },
    'POST /api/v1/fiscal-jobs/:id/requeue': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/fiscal-jobs/999/requeue',
    },
    'POST /api/v1/fiscal-jobs/:id/resolve': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/fiscal-jobs/999/resolve',
      body: () => ({ fiscalized: false, reason: 'checked the FN archive by hand' }),
    },
    'GET /api/v1/receipts': { allowed: PEOPLE },
    'GET /api/v1/receipts/:id': { allowed: PEOPLE, url: '/api/v1/receipts/999' },
    'GET /api/v1/journal/verify': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/audit': { allowed: ADMIN_AND_TECHNICIAN },

    'GET /api/v1/dashboard': { allowed: PEOPLE },
    'GET /api/v1/events': { allowed: PEOPLE },
    'GET /api/v1/stats/receipts-per-day': {
      allowed: ALL_BUT_CASHIERS,
      url: `/api/v1/stats/receipts-per-day?from=${day}&to=${day}`,
    },
    'GET /api/v1/stats/fn-fill': {
      allowed: ALL_BUT_CASHIERS,
      url: `/api/v1/stats/fn-fill?from=${day}&to=${day}`,
    },
    'GET /api/v1/settings': { allowed: PEOPLE },
    'PATCH /api/v1/settings': { allowed: ADMIN, body: () => ({ box_name: 'Офис' }) },

    // A made-up alert id: an allowed caller gets 404.
    'GET /api/v1/alerts': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/alerts/:id': { allowed: ALL_BUT_CASHIERS, url: '/api/v1/alerts/999' },
    'POST /api/v1/alerts/:id/acknowledge': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/alerts/999/acknowledge',
      body: () => ({ comment: 'на месте' }),
    },
    'GET /api/v1/alert-thresholds': { allowed: ALL_BUT_CASHIERS },
    'PATCH /api/v1/alert-thresholds': { allowed: ADMIN, body: () => ({ no_receipts_days: 3 }) },

    // A made-up channel id: an allowed caller gets 404, and nothing is sent anywhere.
    'GET /api/v1/notification-channels': { allowed: ADMIN },
    'GET /api/v1/notification-channels/:id': { allowed: ADMIN, url: '/api/v1/notification-channels/999' },
    'POST /api/v1/notification-channels': {
      allowed: ADMIN,
      body: () => ({ kind: 'webhook', name: unique('hook '), config: { url: 'http://127.0.0.1:9/hook' } }),
    },
    'PATCH /api/v1/notification-channels/:id': {
      allowed: ADMIN,
      url: '/api/v1/notification-channels/999',
      body: () => ({ enabled: false }),
    },
    'DELETE /api/v1/notification-channels/:id': { allowed: ADMIN, url: '/api/v1/notification-channels/999' },
    'POST /api/v1/notification-channels/:id/test': {
      allowed: ADMIN,
      url: '/api/v1/notification-channels/999/test',
    },
    'GET /api/v1/notifications': { allowed: ADMIN, url: '/api/v1/notifications?state=failed' },

    // Made-up poller and delivery ids: an allowed caller gets 404 (nothing is polled or sent).
    'GET /api/v1/billing-connections': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/billing-connections/:id': {
      allowed: ALL_BUT_CASHIERS,
      url: '/api/v1/billing-connections/999',
    },
    'POST /api/v1/billing-connections': {
      allowed: ADMIN,
      body: () => ({
        name: unique('billing '),
        kind: 'osmp',
        settings: { url: 'http://127.0.0.1:9/paysys_check.cgi' },
      }),
    },
    'PATCH /api/v1/billing-connections/:id': {
      allowed: ADMIN,
      url: '/api/v1/billing-connections/999',
      body: () => ({ name: unique('billing ') }),
    },
    'DELETE /api/v1/billing-connections/:id': { allowed: ADMIN, url: '/api/v1/billing-connections/999' },
    'POST /api/v1/billing-connections/:id/check': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/billing-connections/999/check',
      body: () => ({ account: '1001' }),
    },
    'GET /api/v1/billing-pollers': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/billing-pollers/:id': { allowed: ALL_BUT_CASHIERS, url: '/api/v1/billing-pollers/999' },
    'POST /api/v1/billing-pollers': {
      allowed: ADMIN,
      body: () => ({ source_id: f.sourceId, billing_connection_id: 999 }),
    },
    'PATCH /api/v1/billing-pollers/:id': {
      allowed: ADMIN,
      url: '/api/v1/billing-pollers/999',
      body: () => ({ enabled: false }),
    },
    'DELETE /api/v1/billing-pollers/:id': { allowed: ADMIN, url: '/api/v1/billing-pollers/999' },
    'POST /api/v1/billing-pollers/:id/run': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/billing-pollers/999/run',
    },
    'GET /api/v1/sources/:id/result-target': {
      allowed: ALL_BUT_CASHIERS,
      url: `/api/v1/sources/${f.sourceId}/result-target`,
    },
    'PUT /api/v1/sources/:id/result-target': {
      allowed: ADMIN,
      url: `/api/v1/sources/${f.sourceId}/result-target`,
      body: () => ({ callback_url: null, mark_in_billing: false }),
    },
    'GET /api/v1/result-deliveries': {
      allowed: ALL_BUT_CASHIERS,
      url: '/api/v1/result-deliveries?state=failed',
    },
    'POST /api/v1/result-deliveries/:id/retry': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/result-deliveries/999/retry',
    },

    // ATOL Online groups: made-up ids for reads and changes (an allowed caller gets 404).
    'GET /api/v1/atol-groups': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/atol-groups/:id': { allowed: ALL_BUT_CASHIERS, url: '/api/v1/atol-groups/999' },
    'POST /api/v1/atol-groups': {
      allowed: ADMIN,
      body: () => ({
        source_id: f.sourceId,
        group_code: unique('group-').replace(/[^A-Za-z0-9_.-]/g, ''),
        login: unique('login-').replace(/\s/g, ''),
        password: 'atol-password-1',
      }),
    },
    'PATCH /api/v1/atol-groups/:id': {
      allowed: ADMIN,
      url: '/api/v1/atol-groups/999',
      body: () => ({ password: 'atol-password-2' }),
    },
    'DELETE /api/v1/atol-groups/:id': { allowed: ADMIN, url: '/api/v1/atol-groups/999' },

    // Payment channels: made-up ids (an allowed caller gets 404); the create names a made-up source (400).
    'GET /api/v1/channels': { allowed: ALL_BUT_CASHIERS },
    'GET /api/v1/channels/:id': { allowed: ALL_BUT_CASHIERS, url: '/api/v1/channels/999' },
    'POST /api/v1/channels': {
      allowed: ADMIN,
      body: () => ({ source_id: 999, slug: unique('ch-'), protocol: 'osmp', secret: 'channel-secret-1' }),
    },
    'PATCH /api/v1/channels/:id': {
      allowed: ADMIN,
      url: '/api/v1/channels/999',
      body: () => ({ enabled: false }),
    },
    'DELETE /api/v1/channels/:id': { allowed: ADMIN, url: '/api/v1/channels/999' },
    'GET /api/v1/channels/:id/transactions': {
      allowed: ALL_BUT_CASHIERS,
      url: '/api/v1/channels/999/transactions',
    },
    'POST /api/v1/channels/:id/transactions/:txnId/retry': {
      allowed: ADMIN_AND_TECHNICIAN,
      url: '/api/v1/channels/999/transactions/1/retry',
    },

    'GET /api/v1/metrics': { allowed: METRICS_READERS },
    'GET /api/v1/monitoring-tokens': { allowed: ADMIN },
    'POST /api/v1/monitoring-tokens': { allowed: ADMIN, body: () => ({ name: unique('scraper ') }) },
    'DELETE /api/v1/monitoring-tokens/:id': {
      allowed: ADMIN,
      url: `/api/v1/monitoring-tokens/${f.spareMonitoringTokenId}`,
    },

    // An admin's JSON body is refused as 415 (a bundle is octet-stream); a rollback without a previous
    // release is a 409: both reach the handler.
    'GET /api/v1/update': { allowed: ADMIN },
    'POST /api/v1/update': { allowed: ADMIN, body: () => ({ bundle: 'not one' }) },
    'POST /api/v1/update/rollback': { allowed: ADMIN },
  };
}
