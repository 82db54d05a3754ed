// Debian's Net-SNMP and libsmi tools (packages snmp, snmptrapd, smitools; `make test-tools` installs them)
// driven from the tests: snmpget/snmpwalk against the box's agent, snmptrapd as the manager receiving
// traps, smilint on the MIB. The standard SMIv2 modules (SNMPv2-SMI, -TC, -CONF) come from the net-snmp
// npm package's lib/mibs: Debian's libsmi and snmp ship them only through the non-free
// snmp-mibs-downloader, which fetches them from the internet.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const MIB_FILE = join(REPO_DIR, 'docs', 'KASSABOX-MIB.txt');
export const STANDARD_MIB_DIR = join(REPO_DIR, 'node_modules', 'net-snmp', 'lib', 'mibs');
/** -M for the Net-SNMP tools: our MIB and the standard modules it imports, nothing else. */
export const MIB_DIRS = `${join(REPO_DIR, 'docs')}:${STANDARD_MIB_DIR}`;

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** smilint -l 3 on the MIB; libsmi exits 0 even on errors, so the caller looks at the output. */
export function smilint(file = MIB_FILE): Promise<ToolRun> {
  return run('smilint', ['-l', '3', '-s', file], { SMIPATH: STANDARD_MIB_DIR });
}

/** A UDP port that was free a moment ago (net-snmp's agent cannot bind port 0 and report it). */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Common options: no retries and a short timeout, so a refused request fails in a second. */
export function snmp(tool: 'snmpget' | 'snmpwalk', args: readonly string[]): Promise<ToolRun> {
  return run(tool, ['-M', MIB_DIRS, '-m', 'KASSABOX-MIB', '-t', '1', '-r', '0', ...args]);
}

export interface TrapReceiver {
  port: number;
  output(): string;
  /** Resolves once the output contains `text`, fails after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** snmptrapd in the foreground on 127.0.0.1, accepting any community, printing to stdout. */
export async function startTrapReceiver(dir: string): Promise<TrapReceiver> {
  const port = await freeUdpPort();
  const config = join(dir, 'snmptrapd.conf');
  await writeFile(config, 'disableAuthorization yes\n');
  let output = '';
  const child: ChildProcess = spawn(
    'snmptrapd',
    [
      '-f',
      '-Lo',
      '-n',
      '-C',
      '-c',
      config,
      '-M',
      MIB_DIRS,
      '-m',
      'KASSABOX-MIB',
      '-On',
      `udp:127.0.0.1:${port}`,
    ],
    // Its persistent state (engine boots, cert indexes) stays in the test's dir, not /var/lib/snmp.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SNMP_PERSISTENT_DIR: dir } },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const waitFor = async (text: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`snmptrapd did not print "${text}"; it printed:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return output;
  };
  // snmptrapd prints "NET-SNMP version …" once it listens; one that never does is not left behind.
  try {
    await waitFor('NET-SNMP version', 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    output: () => output,
    waitFor,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
