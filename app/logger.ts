// One pino logger for the daemon (STYLE "Logs"): namespaced child loggers, and never a secret. Redaction
// is the safety net under the habit of not logging secrets at all: whatever object reaches the logger,
// these paths are censored before the line is written.
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

/** Field names that hold secrets wherever they appear (top level and up to three levels deep). */
const SECRET_FIELDS = [
  'password',
  'new_password',
  'current_password',
  'adminPassword',
  'password_hash',
  'passwordHash',
  'token',
  'token_hash',
  'tokenHash',
  'session_token',
  'sessionToken',
  'cookie',
  'authorization',
  'pin',
  'pin_hash',
  'pinHash',
  'csrf_token',
] as const;

const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'headers["set-cookie"]',
];

export const REDACTED = '[redacted]';

export const REDACT_PATHS: readonly string[] = [
  ...HEADER_PATHS,
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stdout (journald on the box) when omitted. Tests pass a memory stream. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'kassabox' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    options.destination ?? pino.destination(1),
  );
}
