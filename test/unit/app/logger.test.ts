import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../../../app/logger.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } });
  return { logger, text: () => lines.join('') };
}

describe('logger', () => {
  it('never writes a password, token or cookie, wherever it sits in the logged object', () => {
    const { logger, text } = capture();
    logger.info({ password: 'hunter2-top' }, 'top level');
    logger.info({ body: { username: 'admin', password: 'hunter2-nested' } }, 'nested');
    logger.info({ a: { b: { c: { token: 'kbx_deep_token' } } } }, 'deep');
    logger.info({ config: { adminPassword: 'hunter2-config' } }, 'config');
    logger.info(
      {
        req: {
          headers: { authorization: 'Bearer kbx_header_token', cookie: 'kassabox_session=cookie-token' },
        },
      },
      'request',
    );
    logger.child({ module: 'x' }).warn({ user: { password_hash: '$scrypt$ln=15$salt$hash' } }, 'child');
    const output = text();
    for (const secret of ['hunter2', 'kbx_deep_token', 'kbx_header_token', 'cookie-token', '$scrypt$']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain(REDACTED);
    expect(output).toContain('"username":"admin"');
  });

  it('writes JSON lines with an ISO time and the level', () => {
    const { logger, text } = capture();
    logger.info({ module: 'test' }, 'hello');
    const line = JSON.parse(text().trim());
    expect(line).toMatchObject({ level: 30, msg: 'hello', module: 'test', service: 'kassabox' });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
