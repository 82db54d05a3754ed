// The people roles (ARCHITECTURE §1). Issue 2 needs only 'admin'; the others come with the UI issue,
// which grants them routes in app/http/access-policy.ts.
export const ROLES = ['admin', 'technician', 'cashier', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
