// `npm run sim:shtrih -- --port 7778 [--host 127.0.0.1] [--state-file f] [--fn-number 16 digits]
// [--ofd-offline] [--log-level debug]`: runs the simulated PAYONLINE-01-ФА until SIGINT/SIGTERM.
// At debug level every byte on the wire is logged in hex.

import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ShtrihSimulator } from './shtrih-simulator.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '7778' },
    'state-file': { type: 'string' },
    'fn-number': { type: 'string' },
    'ofd-offline': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
  },
  strict: true,
});

const log = pino({ name: 'shtrih-simulator', level: values['log-level'] });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  log.error({ port: values.port }, 'invalid --port');
  process.exit(2);
}

const simulator = new ShtrihSimulator({
  host: values.host,
  port,
  ofdOnline: !values['ofd-offline'],
  log,
  ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
  ...(values['fn-number'] ? { fnNumber: values['fn-number'] } : {}),
});

await simulator.start();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stopping');
    void simulator.stop().then(() => process.exit(0));
  });
}
