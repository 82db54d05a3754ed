// The sections of the UI, in menu order, each with the action a role needs to see it
// (session/permissions.ts). The layout shows only what the logged-in role may use.

import type { Role } from './api/types.ts';
import type { IconName } from './components/icons.ts';
import { type Action, roleCan } from './session/permissions.ts';

export interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  action: Action;
  group: 'work' | 'integrations' | 'setup';
  /** A live count next to the label (AppShell): `alerts` is the number of active alerts. */
  badge?: 'alerts';
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Обзор', icon: 'gauge', action: 'dashboard.read', group: 'work' },
  { href: '/cash-desk', label: 'Касса', icon: 'wallet', action: 'cashdesk.use', group: 'work' },
  { href: '/payments', label: 'Платежи и чеки', icon: 'receipt', action: 'payments.read', group: 'work' },
  { href: '/alerts', label: 'Тревоги', icon: 'alert', action: 'alerts.read', group: 'work', badge: 'alerts' },
  { href: '/queue', label: 'Очередь', icon: 'queue', action: 'queue.read', group: 'work' },
  { href: '/registers', label: 'Кассы (ККТ)', icon: 'printer', action: 'registers.read', group: 'work' },
  { href: '/reports', label: 'Отчёты', icon: 'chart', action: 'stats.read', group: 'work' },
  {
    href: '/integrations/billing',
    label: 'Подключения к биллингам',
    icon: 'database',
    action: 'integrations.read',
    group: 'integrations',
  },
  {
    href: '/integrations/channels',
    label: 'Платёжные каналы',
    icon: 'swap',
    action: 'integrations.read',
    group: 'integrations',
  },
  {
    href: '/integrations/deliveries',
    label: 'Доставка результатов',
    icon: 'send',
    action: 'integrations.read',
    group: 'integrations',
  },
  {
    href: '/organizations',
    label: 'Организации',
    icon: 'building',
    action: 'organizations.read',
    group: 'setup',
  },
  { href: '/sources', label: 'Источники', icon: 'plug', action: 'sources.read', group: 'setup' },
  { href: '/users', label: 'Пользователи', icon: 'users', action: 'users.manage', group: 'setup' },
  { href: '/audit', label: 'Журнал действий', icon: 'list', action: 'audit.read', group: 'setup' },
  { href: '/settings', label: 'Настройки', icon: 'settings', action: 'settings.edit', group: 'setup' },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => roleCan(role, item.action));
}

/** `/registers/3` belongs to «Кассы»; `/` is active only on the dashboard itself. */
export function isActive(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
