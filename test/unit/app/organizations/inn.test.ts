import { describe, expect, it } from 'vitest';
import { innProblem } from '../../../../app/organizations/inn.ts';

describe('INN check digits', () => {
  it('accepts real 10- and 12-digit INNs', () => {
    expect(innProblem('7707083893')).toBeUndefined(); // a company
    expect(innProblem('500100732259')).toBeUndefined(); // an individual
  });

  it('refuses a wrong length or non-digits', () => {
    expect(innProblem('123')).toMatch(/10 digits/);
    expect(innProblem('77070838931')).toMatch(/10 digits/);
    expect(innProblem('77070838 3')).toMatch(/10 digits/);
  });

  it('refuses a typo that breaks a check digit', () => {
    expect(innProblem('7707083894')).toMatch(/check digit/);
    expect(innProblem('500100732258')).toMatch(/check digit/);
    expect(innProblem('500100732269')).toMatch(/check digit/);
  });
});
