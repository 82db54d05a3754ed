// `promtool check metrics` (Debian package prometheus; `make test-tools` installs it) over a metrics
// text on stdin. Any line it prints is a problem (lint or parse); a clean text gives exit 0 and silence.
import { spawn } from 'node:child_process';

export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

export interface PromtoolVerdict {
  exitCode: number | null;
  /** Everything promtool printed, stdout and stderr: empty when the text is clean. */
  problems: string;
}

export function promtoolCheckMetrics(text: string): Promise<PromtoolVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, problems: output.trim() }));
    child.stdin.end(text);
  });
}
