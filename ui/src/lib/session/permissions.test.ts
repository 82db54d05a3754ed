import { describe, expect, it } from 'vitest';
import { ACTIONS, canOperateRegister, roleCan } from './permissions.ts';

describe('roleCan', () => {
  it('lets an admin do everything', () => {
    for (const action of ACTIONS) expect(roleCan('admin', action)).toBe(true);
  });

  it('lets a technician operate registers and the queue but not people, settings or sources', () => {
    expect(roleCan('technician', 'registers.edit')).toBe(true);
    expect(roleCan('technician', 'queue.act')).toBe(true);
    expect(roleCan('technician', 'audit.read')).toBe(true);
    expect(roleCan('technician', 'users.manage')).toBe(false);
    expect(roleCan('technician', 'settings.edit')).toBe(false);
    expect(roleCan('technician', 'sources.edit')).toBe(false);
    expect(roleCan('technician', 'organizations.edit')).toBe(false);
  });

  it('gives a cashier the cash desk and register operation only', () => {
    expect(roleCan('cashier', 'cashdesk.use')).toBe(true);
    expect(roleCan('cashier', 'registers.operate')).toBe(true);
    expect(roleCan('cashier', 'registers.edit')).toBe(false);
    expect(roleCan('cashier', 'queue.act')).toBe(false);
    expect(roleCan('cashier', 'audit.read')).toBe(false);
  });

  it('keeps a viewer read-only', () => {
    const writes = ACTIONS.filter((action) => !action.endsWith('.read'));
    for (const action of writes) expect(roleCan('viewer', action), action).toBe(false);
    expect(roleCan('viewer', 'dashboard.read')).toBe(true);
    expect(roleCan('viewer', 'audit.read')).toBe(false);
  });
});

describe('alerts', () => {
  it('lets admins and technicians acknowledge, viewers only read, cashiers neither', () => {
    expect(roleCan('technician', 'alerts.ack')).toBe(true);
    expect(roleCan('viewer', 'alerts.read')).toBe(true);
    expect(roleCan('viewer', 'alerts.ack')).toBe(false);
    expect(roleCan('cashier', 'alerts.read')).toBe(false);
  });
});

describe('integrations', () => {
  it('lets everyone but cashiers read them, technicians also run checks and retries, only admins edit', () => {
    for (const role of ['admin', 'technician', 'viewer'] as const)
      expect(roleCan(role, 'integrations.read')).toBe(true);
    expect(roleCan('cashier', 'integrations.read')).toBe(false);
    expect(roleCan('technician', 'integrations.run')).toBe(true);
    expect(roleCan('technician', 'integrations.edit')).toBe(false);
    expect(roleCan('viewer', 'integrations.run')).toBe(false);
  });
});

describe('canOperateRegister', () => {
  it('limits a cashier to the assigned registers', () => {
    expect(canOperateRegister({ role: 'cashier', register_ids: [2] }, 2)).toBe(true);
    expect(canOperateRegister({ role: 'cashier', register_ids: [2] }, 3)).toBe(false);
    expect(canOperateRegister({ role: 'technician' }, 3)).toBe(true);
    expect(canOperateRegister({ role: 'viewer' }, 3)).toBe(false);
  });
});
