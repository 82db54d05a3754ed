// Which driver talks to a register, chosen by its `driver` column (a lazy registry, STYLE:
// zigbee-herdsman's adapter.ts): adding a vendor means adding one entry here.
import type { FiscalRegistrar } from '../../drivers/fiscal-registrar.ts';
import { ShtrihRegistrar } from '../../drivers/shtrih/shtrih-registrar.ts';
import type { TransportTimeouts } from '../../drivers/shtrih/transport/message-transport.ts';
import type { Logger } from '../logger.ts';
import type { RegisterRow } from '../storage/register-repository.ts';

/** Device timeouts; the drivers' defaults suit real devices, tests shorten them. */
export type DeviceTimeouts = Partial<TransportTimeouts>;

type DriverFactory = (
  register: RegisterRow,
  logger: Logger,
  timeouts: DeviceTimeouts | undefined,
) => FiscalRegistrar;

const DRIVERS: Record<RegisterRow['driver'], DriverFactory> = {
  shtrih: (register, logger, timeouts) =>
    new ShtrihRegistrar({
      host: register.host,
      port: register.port,
      protocol: register.protocol,
      password: register.password,
      logger: logger.child({ driver: 'shtrih' }),
      ...(timeouts ? { timeouts } : {}),
    }),
};

export function createRegistrar(
  register: RegisterRow,
  logger: Logger,
  timeouts?: DeviceTimeouts,
): FiscalRegistrar {
  return DRIVERS[register.driver](register, logger, timeouts);
}
