import { afterEach, describe, expect, it } from 'vitest';
import { DrainLoop, type DrainLoopOptions, type DrainPass } from '../../../../app/background/drain-loop.ts';
import { createLogger } from '../../../../app/logger.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } });
  return { logger, text: () => lines.join('') };
}

/** A pass the test releases by hand, to hold a pass in flight. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const loops: DrainLoop[] = [];
function loop(pass: () => Promise<DrainPass>, options: Partial<DrainLoopOptions> = {}): DrainLoop {
  const made = new DrainLoop({
    pass,
    pollMs: 60_000,
    logger: capture().logger,
    failureMessage: 'test loop failed',
    ...options,
  });
  loops.push(made);
  return made;
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

afterEach(async () => {
  await Promise.all(loops.splice(0).map((made) => made.stop()));
});

describe('DrainLoop', () => {
  it('runDue sums the tries of every pass and goes round while a pass says more are due', async () => {
    const answers: DrainPass[] = [
      { tried: 50, more: true },
      { tried: 50, more: true },
      { tried: 3, more: false },
    ];
    let passes = 0;
    const drain = loop(async () => answers[passes++]!);
    expect(await drain.runDue()).toBe(103);
    expect(passes).toBe(3);
  });

  it('is single-flight: runDue during a pass joins it and makes it go round once more', async () => {
    const first = gate();
    let passes = 0;
    let concurrent = 0;
    let most = 0;
    const drain = loop(async () => {
      passes++;
      concurrent++;
      most = Math.max(most, concurrent);
      if (passes === 1) await first.opened;
      concurrent--;
      return { tried: 1, more: false };
    });
    const a = drain.runDue();
    const b = drain.runDue();
    expect(b).toBe(a);
    first.open();
    expect(await a).toBe(2);
    expect(passes).toBe(2);
    expect(most).toBe(1);
  });

  it('does nothing until started; start runs a pass at once and wake runs another', async () => {
    let passes = 0;
    const drain = loop(async () => {
      passes++;
      return { tried: 0, more: false };
    });
    drain.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(passes).toBe(0);
    drain.start();
    await until(() => passes === 1);
    drain.wake();
    await until(() => passes === 2);
  });

  it('looks again every pollMs without a wake', async () => {
    let passes = 0;
    const drain = loop(
      async () => {
        passes++;
        return { tried: 0, more: false };
      },
      { pollMs: 10 },
    );
    drain.start();
    await until(() => passes >= 3);
  });

  it('logs a failing pass and keeps polling', async () => {
    const { logger, text } = capture();
    let passes = 0;
    const drain = loop(
      async () => {
        passes++;
        if (passes === 1) throw new Error('database is locked');
        return { tried: 0, more: false };
      },
      { pollMs: 10, logger },
    );
    drain.start();
    await until(() => passes >= 2);
    expect(text()).toContain('test loop failed');
    expect(text()).toContain('database is locked');
  });

  it('stop waits for the pass in flight and no pass starts after it', async () => {
    const held = gate();
    let passes = 0;
    let finished = false;
    const drain = loop(
      async () => {
        passes++;
        await held.opened;
        finished = true;
        return { tried: 1, more: false };
      },
      { pollMs: 5 },
    );
    drain.start();
    await until(() => passes === 1);
    const stopped = drain.stop();
    setTimeout(held.open, 20);
    await stopped;
    expect(finished).toBe(true);
    drain.wake();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(passes).toBe(1);
  });
});
