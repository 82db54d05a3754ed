// The notifier's own rules: when it sends at all, what half of WatchdogSec is, and that a failing
// systemd-notify never reaches the app (the protocol itself is tested against a real socket in
// test/integration/systemd/sd-notify.test.ts).
import { describe, expect, it, vi } from 'vitest';
import { SdNotify } from '../../../app/systemd/sd-notify.ts';
import { watchdogIntervalMs } from '../../../app/systemd/service-notifier.ts';

function logger() {
  return { warn: vi.fn(), debug: vi.fn() };
}

describe('watchdogIntervalMs', () => {
  it('is half of WATCHDOG_USEC, in ms', () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }, 42)).toBe(15_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, 42)).toBe(15_000);
  });

  it('is undefined without a watchdog, with a bad value, or when the watchdog is another process’s', () => {
    expect(watchdogIntervalMs({}, 42)).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '0' }, 42)).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30s' }, 42)).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '1' }, 42)).toBeUndefined();
  });
});

describe('SdNotify', () => {
  it('sends nothing without NOTIFY_SOCKET', async () => {
    const log = logger();
    const sd = new SdNotify({ env: {}, command: '/nonexistent/systemd-notify', logger: log });
    expect(sd.enabled).toBe(false);
    expect(await sd.send('READY=1')).toBe(false);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('resolves true when systemd-notify succeeds', async () => {
    const sd = new SdNotify({ env: { NOTIFY_SOCKET: '/run/x' }, command: 'true' });
    expect(await sd.send('READY=1', 'STATUS=up')).toBe(true);
  });

  it('a failing or missing systemd-notify resolves false, warns once, then only at debug', async () => {
    const log = logger();
    const sd = new SdNotify({
      env: { NOTIFY_SOCKET: '/run/x' },
      command: '/nonexistent/systemd-notify',
      logger: log,
    });
    expect(await sd.send('WATCHDOG=1')).toBe(false);
    expect(await sd.send('WATCHDOG=1')).toBe(false);
    const failing = new SdNotify({ env: { NOTIFY_SOCKET: '/run/x' }, command: 'false' });
    expect(await failing.send('READY=1')).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.debug).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toMatchObject({ variables: ['WATCHDOG'] });
  });
});
