import { describe, expect, it } from 'vitest';
import { queueHint, waitingJobs } from './waiting.ts';

describe('the no-register hint', () => {
  it('counts pending and half-sent jobs as waiting, not the ones that need a person', () => {
    expect(
      waitingJobs({ pending: 2, sending: 1, outcome_unknown: 4, failed: 5, oldest_pending_at: null }),
    ).toBe(3);
  });

  it('says how many payments already wait, or that none will be lost', () => {
    expect(queueHint(3)).toBe(
      'Принятые платежи ждут в очереди (сейчас: 3) и станут чеками, как только касса их возьмёт.',
    );
    expect(queueHint(0)).toMatch(/не потеряются: они подождут в очереди/);
  });
});
