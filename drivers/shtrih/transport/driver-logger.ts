// The logger the driver accepts: the pino call shape `logger.debug(obj, msg)`, so a pino child logger
// can be passed as is. Device traffic goes to debug as hex; stale answers and resyncs go to warn.

export interface DriverLogger {
  debug(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

export const silentLogger: DriverLogger = { debug() {} };

export function hexDump(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
}

export function warn(logger: DriverLogger, obj: object, msg: string): void {
  (logger.warn ?? logger.debug).call(logger, obj, msg);
}
