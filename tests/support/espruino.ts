// Runs JavaScript in the real Espruino Linux build (DESIGN.md §4). The binary's path
// comes from ESPRUINO; tests that need it skip, saying so, when it is unset. Espruino's
// own code and build recipe stay outside this repository.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ESPRUINO = process.env.ESPRUINO && existsSync(process.env.ESPRUINO) ? process.env.ESPRUINO : undefined;
export const ESPRUINO_SKIP_REASON = 'ESPRUINO is not set to an Espruino Linux binary: skipping the real-interpreter checks';

// Lines the script prints with this prefix are returned; the banner and REPL noise are not.
export const OUT = '@@';

export interface EspruinoRun {
  lines: string[];
  raw: string;
  status: number | null;
  dir: string;
}

// `code` must end by calling quit() (or the timeout ends it). Use `out(x)` to report.
export function runEspruino(code: string, options: { dir?: string; timeoutMs?: number } = {}): EspruinoRun {
  if (!ESPRUINO) throw new Error(ESPRUINO_SKIP_REASON);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kerb-espruino-'));
  const file = join(dir, 'run.js');
  writeFileSync(file, prelude() + code);
  const r = spawnSync(ESPRUINO, [file], { cwd: dir, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, input: '' });
  return { lines: pick(r.stdout ?? ''), raw: r.stdout ?? '', status: r.status, dir };
}

// Instructions executed by the interpreter for the whole run (valgrind callgrind,
// deterministic). Subtract a baseline run to isolate one operation.
export function countInstructions(code: string, options: { timeoutMs?: number } = {}): { instructions: number; lines: string[] } {
  if (!ESPRUINO) throw new Error(ESPRUINO_SKIP_REASON);
  const dir = mkdtempSync(join(tmpdir(), 'kerb-callgrind-'));
  const file = join(dir, 'run.js');
  writeFileSync(file, prelude() + code);
  const out = join(dir, 'callgrind.out');
  const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, ESPRUINO, file], {
    cwd: dir, encoding: 'utf8', timeout: options.timeoutMs ?? 600_000, input: '',
  });
  if (!existsSync(out)) throw new Error(`callgrind produced no output (is valgrind installed?): ${r.stderr?.slice(0, 400)}`);
  const m = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(out, 'utf8'));
  if (!m) throw new Error('no instruction total in callgrind output');
  return { instructions: Number(m[1]), lines: pick(r.stdout ?? '') };
}

export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version']).status === 0;
}

function prelude(): string {
  return `function out(x){print("${OUT}"+x);}\n`;
}

function pick(stdout: string): string[] {
  return stdout.replace(/\r/g, '').split('\n').filter((l) => l.startsWith(OUT)).map((l) => l.slice(OUT.length));
}

export function flashFiles(dir: string): string[] {
  return readdirSync(dir);
}
