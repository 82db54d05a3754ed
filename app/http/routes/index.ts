// Every route module of /api/v1, in registration order, then the foreign-protocol modules mounted at
// their own paths (PROTOCOL_ROUTE_MODULES, access `protocol` in access-policy.ts). A new resource: write app/http/routes/<name>.ts
// exporting a RouteModule, add it here, and give each of its routes an entry in access-policy.ts.
import type { RouteModule } from '../api-types.ts';
import { alertRoutes } from './alerts.ts';
import { atolGroupRoutes } from './atol-groups.ts';
import { atolOnlineRoutes } from './atol-online.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { billingConnectionRoutes } from './billing-connections.ts';
import { billingPollerRoutes } from './billing-pollers.ts';
import { cashDeskRoutes } from './cash-desk.ts';
import { channelEndpointRoutes } from './channel-endpoint.ts';
import { channelRoutes } from './channels.ts';
import { dashboardRoutes } from './dashboard.ts';
import { fiscalJobRoutes } from './fiscal-jobs.ts';
import { healthRoutes } from './health.ts';
import { journalRoutes } from './journal.ts';
import { monitoringRoutes } from './monitoring.ts';
import { notificationRoutes } from './notifications.ts';
import { openApiRoutes } from './openapi.ts';
import { organizationRuleRoutes } from './organization-rules.ts';
import { organizationRoutes } from './organizations.ts';
import { paymentRoutes } from './payments.ts';
import { registerConnectionRoutes } from './register-connection.ts';
import { registerDeviceRoutes } from './register-devices.ts';
import { registerLifecycleRoutes } from './register-lifecycle.ts';
import { registerRoutes } from './registers.ts';
import { resultDeliveryRoutes } from './result-deliveries.ts';
import { settingsRoutes } from './settings.ts';
import { setupRoutes } from './setup.ts';
import { sourceRoutes } from './sources.ts';
import { statsRoutes } from './stats.ts';
import { updateRoutes } from './update.ts';
import { userRoutes } from './users.ts';

export const ROUTE_MODULES: readonly RouteModule[] = [
  healthRoutes,
  openApiRoutes,
  setupRoutes,
  authRoutes,
  userRoutes,
  organizationRoutes,
  sourceRoutes,
  organizationRuleRoutes,
  registerRoutes,
  registerDeviceRoutes,
  registerLifecycleRoutes,
  paymentRoutes,
  fiscalJobRoutes,
  journalRoutes,
  auditRoutes,
  cashDeskRoutes,
  dashboardRoutes,
  statsRoutes,
  registerConnectionRoutes,
  settingsRoutes,
  alertRoutes,
  notificationRoutes,
  monitoringRoutes,
  billingConnectionRoutes,
  billingPollerRoutes,
  resultDeliveryRoutes,
  channelRoutes,
  atolGroupRoutes,
  updateRoutes,
];

// ATOL Online v4 for billings (/possystem/v4/…) and payment channels (/channel/…): docs/integrations.md.
export const PROTOCOL_ROUTE_MODULES: readonly RouteModule[] = [atolOnlineRoutes, channelEndpointRoutes];
