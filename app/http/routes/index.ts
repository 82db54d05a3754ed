// Every route module of /api/v1, in registration order. A new resource: write app/http/routes/<name>.ts
// exporting a RouteModule, add it here, and give each of its routes an entry in access-policy.ts.
import type { RouteModule } from '../api-types.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { healthRoutes } from './health.ts';
import { openApiRoutes } from './openapi.ts';
import { organizationRoutes } from './organizations.ts';
import { registerRoutes } from './registers.ts';
import { sourceRoutes } from './sources.ts';

export const ROUTE_MODULES: readonly RouteModule[] = [
  healthRoutes,
  openApiRoutes,
  authRoutes,
  organizationRoutes,
  sourceRoutes,
  registerRoutes,
  auditRoutes,
];
