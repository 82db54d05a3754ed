import { describe, expect, it } from 'vitest';
import type { DeviceRefusal } from '../../../../drivers/shtrih/simulator/device-errors.ts';
import { type DeviceFault, FaultPlan } from '../../../../drivers/shtrih/simulator/faults.ts';
import { lineSum, settle } from '../../../../drivers/shtrih/simulator/open-receipt.ts';

describe('FaultPlan', () => {
  it('drops the FF45 answer by default, once, and closes the link', () => {
    const plan = new FaultPlan(() => {});
    plan.add({ kind: 'drop_answer' });
    expect(plan.effectsFor(0xff46).drop).toBeUndefined();
    expect(plan.effectsFor(0xff45).drop).toBe('close');
    expect(plan.effectsFor(0xff45).drop).toBeUndefined();
    expect(plan.pending()).toEqual([]);
  });

  it('disconnects after FF46 by default, after skipping the given number of matching commands', () => {
    const plan = new FaultPlan(() => {});
    plan.add({ kind: 'disconnect', skip: 1 });
    expect(plan.effectsFor(0xff46).disconnectAfter).toBe(false);
    expect(plan.effectsFor(0x10).disconnectAfter).toBe(false);
    expect(plan.effectsFor(0xff46).disconnectAfter).toBe(true);
  });

  it('matches a command given as hex text, any command when unset, and repeats `times`', () => {
    const plan = new FaultPlan(() => {});
    plan.add({ kind: 'delay', ms: 50, command: 'FF01', times: 2 });
    plan.add({ kind: 'garbage', placement: 'instead', times: Number.POSITIVE_INFINITY });
    expect(plan.effectsFor(0xff01)).toMatchObject({ delayMs: 50 });
    expect(plan.effectsFor(0x10)).toMatchObject({ delayMs: 0 });
    expect(plan.effectsFor(0xff01).delayMs).toBe(50);
    expect(plan.effectsFor(0xff01).delayMs).toBe(0);
    expect(plan.effectsFor(0xff01).garbageInstead?.length).toBeGreaterThan(0);
    expect(() => plan.add({ kind: 'delay', ms: 1, command: 'zz' })).toThrow(/hex code/);
  });

  it('hands device faults to the device at once', () => {
    const applied: DeviceFault[] = [];
    const plan = new FaultPlan((fault) => applied.push(fault));
    plan.add({ kind: 'paper_out', whilePrinting: true });
    plan.add({ kind: 'fn_full' });
    expect(applied).toEqual([{ kind: 'paper_out', whilePrinting: true }, { kind: 'fn_full' }]);
    expect(plan.pending()).toEqual([]);
  });
});

describe('receipt arithmetic', () => {
  it('rounds price × quantity half up to the kopeck in integers, beyond 2^53', () => {
    expect(lineSum(3333, 1_500_000)).toBe(5000);
    expect(lineSum(3333, 1_499_999)).toBe(4999);
    expect(lineSum(99_999_999_999, 1_000_000)).toBe(99_999_999_999);
    expect(lineSum(1, 500_000)).toBe(1);
  });

  it('settles: change from cash, rounding off the total, refusals by code', () => {
    expect(settle(10_050, [11_000, 0], 50)).toEqual({
      totalKopecks: 10_000,
      cashKopecks: 11_000,
      electronicKopecks: 0,
      changeKopecks: 1_000,
    });
    const code = (action: () => unknown) => {
      try {
        action();
      } catch (error) {
        return (error as DeviceRefusal).code;
      }
    };
    expect(code(() => settle(0, [0], 0))).toBe(0x8e);
    expect(code(() => settle(100, [99], 0))).toBe(0x45);
    expect(code(() => settle(100, [0, 60, 50], 0))).toBe(0x4d);
  });
});
