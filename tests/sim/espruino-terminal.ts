// The `linux` device bundle running in the real Espruino interpreter, its host link on
// the process's stdio, wrapped as a ByteTransport so the bridge's LinkClient talks to
// it. Shared by tests/sim/espruino-linux.test.ts and tools/bench/firmware.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteTransport } from '../../host-bridge/transport/transport';
// @ts-expect-error plain ESM build script without type declarations
import { buildDevice } from '../../esbuild.config.mjs';

export interface EspruinoTerminal {
  transport: ByteTransport;
  process: ChildProcess;
  dir: string;
  output(): string; // everything the interpreter wrote that was not a frame reply
  kill(): void;
}

// The Linux interpreter exits on 0x04 (Ctrl-D) on stdin and may break into its debugger
// on 0x03 (Ctrl-C): the link bytes are stuffed as hal/espruino/serial.ts expects (0x10
// escapes, then the byte xor 0x20).
export function stuff(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0x03 || b === 0x04 || b === 0x10) out.push(0x10, b ^ 0x20);
    else out.push(b);
  }
  return new Uint8Array(out);
}

export async function linuxBundle(): Promise<string> {
  return (await buildDevice('linux')) as string;
}

// Starts `code` (the bundle, plus anything appended) in a fresh directory, so the
// interpreter's emulated flash (./espruino.flash) starts erased unless `dir` is reused.
// With code null the interpreter starts bare and runs what is flashed (.bootcde).
export function startEspruinoTerminal(espruino: string, code: string | null, dir?: string): EspruinoTerminal {
  const cwd = dir ?? mkdtempSync(join(tmpdir(), 'kerb-linux-'));
  if (code !== null) writeFileSync(join(cwd, 'terminal.js'), code);
  const child = spawn(espruino, code !== null ? ['terminal.js'] : [], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const dataListeners: Array<(c: Uint8Array) => void> = [];
  const closeListeners: Array<(e?: Error) => void> = [];
  let text = '';
  child.stdout!.on('data', (b: Buffer) => {
    text += b.toString('latin1');
    for (const l of dataListeners) l(new Uint8Array(b));
  });
  child.stderr!.on('data', (b: Buffer) => { text += b.toString('latin1'); });
  child.on('exit', () => { for (const l of closeListeners) l(); });
  const transport: ByteTransport = {
    description: `espruino ${cwd}`,
    write: (bytes) => new Promise((res, rej) => child.stdin!.write(stuff(bytes), (e) => (e ? rej(e) : res()))),
    onData: (l) => { dataListeners.push(l); },
    onClose: (l) => { closeListeners.push(l); },
    close: async () => { child.kill('SIGKILL'); },
  };
  return { transport, process: child, dir: cwd, output: () => text, kill: () => { child.kill('SIGKILL'); } };
}
