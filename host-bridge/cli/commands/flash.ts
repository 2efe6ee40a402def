import type { Command } from 'commander';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, EXIT_CODES_HELP } from '../exit-codes';

// `kerb flash`: uploads the board's flash image (dist/device/<board>.tok, the bundle
// pretokenised as the Espruino IDE does: tools/pretokenise.mjs) with the espruino CLI
// package and makes it start at boot: the image is written to Storage as `.bootcde` (what
// Espruino runs at power-on) and load() restarts into it. Works over a serial port, a
// Bluetooth address, or tcp:// (an Espruino Linux build started with --telnet).
export const BOARDS = ['pixljs', 'puckjs', 'banglejs2', 'linux'];

function packageRoot(): string {
  // dist/node/kerb.mjs or host-bridge/cli/commands/flash.ts: walk up to package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function espruinoCli(): string {
  return createRequire(join(packageRoot(), 'package.json')).resolve('espruino/bin/espruino-cli.js');
}

export interface FlashOptions {
  board: string;
  port: string;
  file?: string;
  baud?: number;
  start?: boolean;
  timeoutMs?: number;
}

export interface FlashResult {
  ok: boolean;
  output: string;
  bytes: number;
}

// The espruino CLI arguments that write `file` as .bootcde and restart into it.
export function flashArgs(o: FlashOptions, file: string): string[] {
  const args = [espruinoCli(), '--no-ble', '-p', o.port, '--config', 'SERIAL_THROTTLE_SEND=1', '--storage', `.bootcde:${file}`];
  if (o.baud) args.push('-b', String(o.baud));
  // -e runs after the upload; load() reboots into .bootcde, which then takes the console
  // off the link line, so the CLI's connection goes quiet: --sleep bounds its wait.
  args.push('-e', o.start === false ? 'print("KERB-FLASHED")' : 'print("KERB-FLASHED");setTimeout(load,200)');
  return args;
}

export function bundlePath(board: string, file?: string): string {
  return file ? resolve(file) : join(packageRoot(), 'dist', 'device', `${board}.tok`);
}

export function buildBundle(board: string): void {
  const root = packageRoot();
  const r = spawnSync(process.execPath, [join(root, 'esbuild.config.mjs'), board], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`device build failed:\n${r.stderr || r.stdout}`);
}

export async function flashBoard(o: FlashOptions): Promise<FlashResult> {
  const file = bundlePath(o.board, o.file);
  if (!o.file) buildBundle(o.board);
  if (!existsSync(file)) throw new Error(`no bundle at ${file}`);
  const size = statSync(file).size;
  const child = spawn(process.execPath, flashArgs(o, file), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const done = await new Promise<boolean>((res) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); res(false); }, o.timeoutMs ?? 120_000);
    const poll = setInterval(() => {
      // The CLI stays connected after -e; once the marker is back the job is done.
      if (/KERB-FLASHED/.test(output.replace(/print\("KERB-FLASHED"\)/g, ''))) {
        clearInterval(poll);
        clearTimeout(timer);
        setTimeout(() => { child.kill('SIGTERM'); res(true); }, o.start === false ? 100 : 1500);
      }
    }, 100);
    child.once('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      res(/KERB-FLASHED/.test(output.replace(/print\("KERB-FLASHED"\)/g, '')));
    });
  });
  return { ok: done, output, bytes: size };
}

export function register(program: Command): void {
  program.command('flash')
    .description('upload the device bundle to a board and make it start at boot')
    .requiredOption('--board <board>', `board profile: ${BOARDS.join(', ')}`)
    .requiredOption('--port <port>', 'serial port (/dev/ttyACM0), Bluetooth address, or tcp://host:port')
    .option('--file <bundle>', 'upload this file as it is instead of building dist/device/<board>.tok (e.g. the plain dist/device/<board>.js)')
    .option('--baud <n>', 'serial baud rate', (v) => Number(v))
    .option('--no-start', 'write .bootcde but do not restart into it')
    .addHelpText('after', `
Hold BTN1 while powering a Pixl.js or Puck.js to boot without the saved code and get
the JavaScript console back (e.g. to flash again).${EXIT_CODES_HELP}`)
    .action(async (opts: { board: string; port: string; file?: string; baud?: number; start: boolean }) => {
      if (!BOARDS.includes(opts.board)) {
        console.error(`unknown board '${opts.board}' (one of ${BOARDS.join(', ')})`);
        process.exitCode = ExitCode.USAGE;
        return;
      }
      try {
        const r = await flashBoard({ board: opts.board, port: opts.port, file: opts.file, baud: opts.baud, start: opts.start });
        if (!r.ok) {
          console.error(`flashing ${opts.board} at ${opts.port} did not complete:\n${r.output.trim().split('\n').slice(-8).join('\n')}`);
          process.exitCode = /Unable to connect|ECONNREFUSED|not found|No such file/i.test(r.output) ? ExitCode.UNREACHABLE : ExitCode.FAILED;
          return;
        }
        console.log(`flashed ${r.bytes} bytes to ${opts.board} at ${opts.port} as .bootcde${opts.start ? ' and restarted into it' : ''}`);
      } catch (e) {
        console.error((e as Error).message);
        process.exitCode = ExitCode.FAILED;
      }
    });
}
