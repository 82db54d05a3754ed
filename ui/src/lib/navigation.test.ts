import { describe, expect, it } from 'vitest';
import { isActive, navFor } from './navigation.ts';

describe('navFor', () => {
  it('shows an admin every section', () => {
    expect(navFor('admin').map((item) => item.href)).toContain('/users');
    expect(navFor('admin').map((item) => item.href)).toContain('/settings');
  });

  it('shows a cashier the desk but no setup sections', () => {
    const hrefs = navFor('cashier').map((item) => item.href);
    expect(hrefs).toEqual(['/', '/cash-desk', '/payments', '/registers']);
  });

  it('hides people, audit and settings from a viewer', () => {
    const hrefs = navFor('viewer').map((item) => item.href);
    expect(hrefs).not.toContain('/users');
    expect(hrefs).not.toContain('/audit');
    expect(hrefs).not.toContain('/settings');
    expect(hrefs).not.toContain('/cash-desk');
    expect(hrefs).toContain('/queue');
    expect(hrefs).toContain('/alerts');
    expect(hrefs).toContain('/integrations/channels');
  });
});

describe('isActive', () => {
  it('matches a section and its sub-pages, the dashboard only exactly', () => {
    expect(isActive('/registers', '/registers/3')).toBe(true);
    expect(isActive('/registers', '/registers-old')).toBe(false);
    expect(isActive('/', '/registers')).toBe(false);
    expect(isActive('/', '/')).toBe(true);
  });
});
