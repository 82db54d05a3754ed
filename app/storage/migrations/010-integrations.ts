// Version 10: billing integration and payment channels (issue 5). One step of the ladder, written in
// parts, one per concern, so each reads on its own; the parts run in this order in one transaction.
// Conventions as in 001: STRICT tables, money in kopecks, instants as ISO-8601 UTC text.
import type { Migration } from './index.ts';
import { atolOnlineTables } from './integrations/atol-online.ts';
import { billingTables } from './integrations/billing.ts';
import { channelTables } from './integrations/channels.ts';
import { organizationRuleTables } from './integrations/organization-rules.ts';
import { resultTables } from './integrations/results.ts';

export const integrations: Migration = {
  name: 'integrations',
  sql: [organizationRuleTables, billingTables, resultTables, atolOnlineTables, channelTables].join('\n'),
};
