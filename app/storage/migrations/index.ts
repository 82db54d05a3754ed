// The ladder: MIGRATIONS[i] brings the schema from version i to i + 1. Never edit a step that has
// shipped; add a new one (and its test in test/integration/storage/migrations.test.ts).
import { core } from './001-core.ts';
import { access } from './002-access.ts';
import { people } from './003-people.ts';
import { operations } from './004-operations.ts';
import { cashDesk } from './005-cash-desk.ts';
import { lifecycle } from './006-lifecycle.ts';
import { alerts } from './007-alerts.ts';
import { notifications } from './008-notifications.ts';
import { monitoringTokens } from './009-monitoring-tokens.ts';
import { integrations } from './010-integrations.ts';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  core,
  access,
  people,
  operations,
  cashDesk,
  lifecycle,
  alerts,
  notifications,
  monitoringTokens,
  integrations,
];
