// Version 5: the office cash desk (issue 3, docs/api.md "Cash desk"). A payment taken at the desk
// is fiscalized on the register the cashier stands at, so its job is pinned: only that register's worker
// takes it, and a refusal of that register's FN fails it instead of handing it to another register
// (the customer is at this desk, waiting for this printer's receipt). Each organization has at most one
// built-in desk source, which the cash desk creates on first use.
import type { Migration } from './index.ts';

export const cashDesk: Migration = {
  name: 'cash-desk',
  sql: `
ALTER TABLE fiscal_job ADD COLUMN pinned_register_id INTEGER REFERENCES register (id);

CREATE UNIQUE INDEX source_cash_desk_of_organization ON source (organization_id) WHERE kind = 'cash_desk';
`,
};
