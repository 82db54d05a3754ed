// Which driver talks to a register, chosen by its `driver` column (a lazy registry, STYLE:
// zigbee-herdsman's adapter.ts): adding a vendor means adding one entry here.
import type { FiscalRegistrar } from '../../drivers/fiscal-registrar.ts';
import { ShtrihRegistrar } from '../../drivers/shtrih/shtrih-registrar.ts';
import type { Logger } from '../logger.ts';
import type { RegisterRow } from '../storage/register-repository.ts';

const DRIVERS: Record<RegisterRow['driver'], (register: RegisterRow, logger: Logger) => FiscalRegistrar> = {
  shtrih: (register, logger) =>
    new ShtrihRegistrar({
      host: register.host,
      port: register.port,
      password: register.password,
      logger: logger.child({ driver: 'shtrih' }),
    }),
};

export function createRegistrar(register: RegisterRow, logger: Logger): FiscalRegistrar {
  return DRIVERS[register.driver](register, logger);
}
