// Spawning the bridge and the ledger as real processes (node + tsx) for the campaigns.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { BridgeRunOptions } from '../../host-bridge/cli/bridge-run';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

export function runBridgeChild(options: BridgeRunOptions, env: Record<string, string> = {}): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'bridge-child.ts'), JSON.stringify(options)], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l));
    } catch {
      lines.push({ raw: l });
    }
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, lines, stderr })));
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface LedgerChild {
  url: string;
  process: ChildProcess;
  kill(): Promise<void>; // SIGKILL, as a crash
}

export async function startLedgerChild(dataDir: string, port: number): Promise<LedgerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'ledger-child.ts'), dataDir, String(port)], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) => resolve(l.replace(/^ready /, '')));
    child.once('exit', (code) => reject(new Error(`ledger child exited (${code}): ${stderr.slice(-500)}`)));
  });
  return {
    url,
    process: child,
    kill: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}
