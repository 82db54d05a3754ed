import { describe, expect, it } from 'vitest';
import {
  accountNumber,
  firstMatch,
  type OrganizationRule,
  type OrganizationRuleInput,
  ruleProblems,
} from '../../../../app/organizations/organization-rules.ts';

const prefix = (position: number, value: string, organizationId: number): OrganizationRule => ({
  position,
  match: 'prefix',
  value,
  rangeFrom: null,
  rangeTo: null,
  organizationId,
});
const exact = (position: number, value: string, organizationId: number): OrganizationRule => ({
  ...prefix(position, value, organizationId),
  match: 'exact',
});
const range = (position: number, from: number, to: number, organizationId: number): OrganizationRule => ({
  position,
  match: 'range',
  value: null,
  rangeFrom: from,
  rangeTo: to,
  organizationId,
});

describe('the account of a range rule', () => {
  it('is the number of an account of digits only, leading zeros ignored', () => {
    expect(accountNumber('42')).toBe(42);
    expect(accountNumber('00042')).toBe(42);
    expect(accountNumber('0')).toBe(0);
    expect(accountNumber('000')).toBe(0);
    expect(accountNumber('999999999999999')).toBe(999_999_999_999_999);
  });

  it('is no number with anything besides digits, or more than 15 significant digits', () => {
    expect(accountNumber('12-34')).toBeUndefined();
    expect(accountNumber('A100')).toBeUndefined();
    expect(accountNumber('1e5')).toBeUndefined();
    expect(accountNumber(' 12')).toBeUndefined();
    expect(accountNumber('１２')).toBeUndefined(); // full-width digits are not digits here
    expect(accountNumber('1000000000000000')).toBeUndefined(); // 16 digits
    // Zeros in front do not make an account long: it is still 15 significant digits.
    expect(accountNumber('000999999999999999')).toBe(999_999_999_999_999);
  });
});

describe('the first matching rule', () => {
  const rules = [
    exact(0, '770123', 3),
    prefix(1, '77', 2),
    range(2, 500_000, 599_999, 2),
    range(3, 100, 200, 4),
  ];

  it('picks the lowest position among the rules that match', () => {
    expect(firstMatch(rules, '770123')?.position).toBe(0); // the exact exception before the prefix
    expect(firstMatch(rules, '770124')?.position).toBe(1);
    expect(firstMatch(rules, '77')?.position).toBe(1); // a prefix matches the whole account too
    expect(firstMatch(rules, '500000')?.position).toBe(2); // both ends of a range are included
    expect(firstMatch(rules, '599999')?.position).toBe(2);
    expect(firstMatch(rules, '0000150')?.position).toBe(3);
  });

  it('is the same whatever order the rules come in', () => {
    const shuffled = [rules[3]!, rules[1]!, rules[2]!, rules[0]!];
    for (const account of ['770123', '770124', '500000', '150', '7']) {
      expect(firstMatch(shuffled, account)).toEqual(firstMatch(rules, account));
    }
  });

  it('finds none outside every rule', () => {
    expect(firstMatch(rules, '600000')).toBeUndefined();
    expect(firstMatch(rules, '499999')).toBeUndefined();
    expect(firstMatch(rules, '7')).toBeUndefined(); // shorter than the prefix
    expect(firstMatch(rules, '87700')).toBeUndefined(); // the prefix is at the start only
    expect(firstMatch(rules, '50000A')).toBeUndefined(); // not digits only: no range
    expect(firstMatch(rules, '1000000000000150')).toBeUndefined(); // 16 digits
    expect(firstMatch([], '770123')).toBeUndefined();
  });

  it('compares text exactly, case included', () => {
    expect(firstMatch([prefix(0, 'ab', 1)], 'AB12')).toBeUndefined();
    expect(firstMatch([exact(0, 'ab12', 1)], 'AB12')).toBeUndefined();
    expect(firstMatch([exact(0, 'ab12', 1)], 'ab12')?.organizationId).toBe(1);
  });

  it('lets a later, overlapping rule catch what an earlier one leaves', () => {
    const overlapping = [range(0, 100, 200, 1), range(1, 150, 300, 2)];
    expect(firstMatch(overlapping, '180')?.organizationId).toBe(1);
    expect(firstMatch(overlapping, '250')?.organizationId).toBe(2);
  });
});

describe('checks of a rule list', () => {
  const known = (id: number) => id === 1 || id === 2;
  const check = (items: OrganizationRuleInput[]) => ruleProblems(items, known);

  it('accepts every kind, overlaps included', () => {
    expect(
      check([
        { match: 'exact', value: '770123', organizationId: 1 },
        { match: 'prefix', value: '77', organizationId: 2, rangeFrom: null, rangeTo: null },
        { match: 'range', rangeFrom: 5, rangeTo: 5, organizationId: 1, value: null },
        { match: 'range', rangeFrom: 0, rangeTo: 10, organizationId: 2, position: 3 },
      ]),
    ).toEqual([]);
  });

  it('names the item and field of each problem', () => {
    expect(
      check([
        { match: 'prefix', value: '77', organizationId: 9 },
        { match: 'range', rangeFrom: 10, rangeTo: 9, organizationId: 1 },
        { match: 'range', value: '77', rangeFrom: 1, rangeTo: 2, organizationId: 1 },
        { match: 'range', rangeFrom: 1, organizationId: 1 },
        { match: 'prefix', value: '77', rangeFrom: 1, organizationId: 1 },
        { match: 'exact', value: '   ', organizationId: 1 },
        { match: 'exact', organizationId: 1 },
        { match: 'exact', value: ' 12', organizationId: 1 },
        { match: 'exact', value: 'X1', organizationId: 1 },
        { match: 'exact', value: 'X1', organizationId: 2 },
        { match: 'prefix', value: 'Z', organizationId: 1, position: 3 },
      ]),
    ).toEqual([
      { path: '/items/0/organization_id', message: 'organization 9 does not exist' },
      { path: '/items/1/range_to', message: 'must not be less than range_from (10)' },
      { path: '/items/2/value', message: expect.stringMatching(/null for a range/) },
      { path: '/items/3/range_to', message: 'is required for a range rule' },
      { path: '/items/4/range_from', message: 'must be null for a prefix rule' },
      { path: '/items/5/value', message: expect.stringMatching(/must not be blank/) },
      { path: '/items/6/value', message: expect.stringMatching(/is required/) },
      { path: '/items/7/value', message: expect.stringMatching(/start or end with a space/) },
      { path: '/items/9/value', message: 'repeats the account of /items/8 ("X1")' },
      { path: '/items/10/position', message: expect.stringMatching(/must be 10/) },
    ]);
  });
});
