// What each role may do, as the UI needs to know it to hide buttons and menu sections a person could not
// use anyway. This only spares people a 403: the server enforces every route itself
// (app/http/access-policy.ts), so a wrong entry here can hide too much but never let anyone through.
import type { Role } from '../api/types.ts';

export const ACTIONS = [
  'dashboard.read',
  'registers.read',
  'registers.edit', // add, edit, test connection
  'registers.operate', // open/close shift, X-report (cashiers: their own registers only)
  'queue.read',
  'queue.act', // requeue, resolve by hand
  'payments.read',
  'stats.read', // reports: receipts per day, FN fill
  'cashdesk.use',
  'organizations.read',
  'organizations.edit',
  'sources.read',
  'sources.edit', // sources and their API tokens
  'users.manage',
  'audit.read',
  'settings.read',
  'settings.edit',
  'alerts.read',
  'alerts.ack', // acknowledge an alert
  'integrations.read', // billing connections, payment channels, a source's integrations, result deliveries
  'integrations.edit', // add, change and delete them
  'integrations.run', // «Проверить счёт», «Опросить сейчас», «Повторить» a delivery
] as const;
export type Action = (typeof ACTIONS)[number];

const READ_ALL: Action[] = [
  'dashboard.read',
  'stats.read',
  'registers.read',
  'queue.read',
  'payments.read',
  'organizations.read',
  'sources.read',
  'settings.read',
  'alerts.read',
  'integrations.read',
];

const ALLOWED: Record<Role, ReadonlySet<Action>> = {
  admin: new Set(ACTIONS),
  technician: new Set<Action>([
    ...READ_ALL,
    'registers.edit',
    'registers.operate',
    'queue.act',
    'cashdesk.use',
    'audit.read',
    'alerts.ack',
    'integrations.run',
  ]),
  cashier: new Set<Action>([
    'dashboard.read',
    'registers.read',
    'registers.operate',
    'payments.read',
    'cashdesk.use',
    'settings.read',
  ]),
  viewer: new Set<Action>(READ_ALL),
};

export function roleCan(role: Role, action: Action): boolean {
  return ALLOWED[role].has(action);
}

/** Cashiers operate only the registers assigned to them; other roles that may operate do so everywhere. */
export function canOperateRegister(
  user: { role: Role; register_ids?: readonly number[] },
  registerId: number,
): boolean {
  if (!roleCan(user.role, 'registers.operate')) return false;
  if (user.role !== 'cashier') return true;
  return (user.register_ids ?? []).includes(registerId);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Администратор',
  technician: 'Техник',
  cashier: 'Кассир',
  viewer: 'Наблюдатель',
};
