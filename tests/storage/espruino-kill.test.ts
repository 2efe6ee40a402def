// The journal and a counter on real Espruino Storage (hal/espruino/storage-flash.ts) in
// the Espruino Linux build: the process is SIGKILLed at ≥ 50 random points while it
// appends, restarted on the same flash file, and checked for the storage invariants.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { deviceOptions } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { checkEspruinoSubset } from '../../tools/espruino-subset.mjs';
import { ESPRUINO, ESPRUINO_SKIP_REASON } from '../support/espruino';
import { Prng } from '../../hal/sim/prng';

const KILLS = 60;
const SEED = 20261121;

// The same records as tests/storage/espruino-journal-entry.ts writes.
function record(seq: number, prevCrc: number): Uint8Array {
  const b = new Uint8Array(153);
  const d = new DataView(b.buffer);
  d.setUint32(0, seq, true);
  d.setUint32(4, prevCrc, true);
  for (let i = 8; i < 153; i += 4) d.setUint32(i - (i + 4 > 153 ? i + 4 - 153 : 0), (Math.imul(seq, 2654435761) + i) >>> 0, true);
  return b;
}

const expectedCrc: number[] = [0];
function expectedCrcOf(seq: number): number {
  for (let n = expectedCrc.length; n <= seq; n++) expectedCrc.push(crc32(record(n, n > 1 ? expectedCrc[n - 1] : 0)) >>> 0);
  return expectedCrc[seq];
}

async function bundle(): Promise<string> {
  const r = await esbuild.build({ ...deviceOptions('linux'), entryPoints: [join(__dirname, 'espruino-journal-entry.ts')] });
  const code = (r.outputFiles ?? [])[0].text;
  expect(checkEspruinoSubset(code, 'espruino-journal-entry')).toEqual([]);
  return code;
}

interface Run {
  lines: string[];
}

// Starts the script; kills it `delayMs` after it reports READY (or lets it be killed at
// `limitMs` whatever happens).
function runUntilKilled(dir: string, delayMs: number, limitMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(ESPRUINO as string, ['run.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    const lines: string[] = [];
    let buf = '';
    const kill = () => p.kill('SIGKILL');
    const limit = setTimeout(kill, limitMs);
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        if (!line.startsWith('@@')) continue;
        lines.push(line.slice(2));
        if (line === '@@READY') setTimeout(kill, delayMs);
      }
    });
    p.on('exit', () => {
      clearTimeout(limit);
      resolve({ lines });
    });
  });
}

describe(ESPRUINO ? 'journal on real Espruino Storage, killed mid-append' : `journal on real Espruino Storage — skipped: ${ESPRUINO_SKIP_REASON}`, () => {
  if (!ESPRUINO) console.log(`tests/storage/espruino-kill: ${ESPRUINO_SKIP_REASON}`);

  it.skipIf(!ESPRUINO)(`survives ${KILLS} SIGKILLs at random points during appends (seed ${SEED})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerb-storage-kill-'));
    writeFileSync(join(dir, 'run.js'), await bundle());
    const rng = new Prng(SEED);
    const ok = new Set<number>();
    const counters = new Set<number>();
    let maxCounter = 0;
    let ackAttempted = 0;
    let ackReturned = 0;
    let killsDuringAppends = 0;
    const violations: string[] = [];
    for (let k = 0; k <= KILLS; k++) {
      const run = await runUntilKilled(dir, k === KILLS ? 400 : rng.int(120), 30_000);
      const v = (m: string) => violations.push(`run ${k}: ${m}`);
      const boot = run.lines.find((l) => l.startsWith('BOOT '));
      if (!boot) {
        v(`no boot report: ${run.lines.slice(0, 3).join(' | ')}`);
        continue;
      }
      const [lastSeq, acked, , counter] = boot.split(' ').slice(1).map(Number);
      const present = new Set<number>();
      let prev = 0;
      for (const l of run.lines) {
        if (!l.startsWith('REC ')) continue;
        const [seq, crc] = l.split(' ').slice(1).map(Number);
        if (seq <= prev) v(`record ${seq} after ${prev}`);
        if (crc !== expectedCrcOf(seq)) v(`record ${seq} is not the record appended (chain or bytes differ)`);
        present.add(seq);
        prev = seq;
      }
      for (const seq of ok) if (seq > ackAttempted && !present.has(seq)) v(`record ${seq} lost after its append returned`);
      if (lastSeq < Math.max(0, ...ok)) v(`lastSeq ${lastSeq} below an appended record`);
      if (acked < Math.min(ackReturned, lastSeq)) v(`acknowledged through ${acked}, below ${ackReturned}`);
      if (counter < maxCounter) v(`counter resumed at ${counter}, below ${maxCounter} already issued`);
      let appendsThisRun = 0;
      for (const l of run.lines) {
        const [what, n] = [l.split(' ')[0], Number(l.split(' ')[1])];
        if (what === 'CTR') {
          if (counters.has(n) || n <= maxCounter) v(`counter value ${n} issued twice`);
          counters.add(n);
          maxCounter = Math.max(maxCounter, n);
        } else if (what === 'OK') {
          ok.add(n);
          appendsThisRun++;
        } else if (what === 'ACKING') ackAttempted = Math.max(ackAttempted, n);
        else if (what === 'ACK') ackReturned = Math.max(ackReturned, n);
      }
      const last = run.lines[run.lines.length - 1] ?? '';
      if (last.startsWith('CTR') || last.startsWith('OK') || last.startsWith('ACK')) killsDuringAppends++;
      if (k === KILLS && appendsThisRun === 0) v('no append accepted after the last restart');
      if (run.lines.some((l) => l.startsWith('Uncaught'))) v('uncaught error');
    }
    console.log(`espruino storage kill test: ${KILLS} kills (${killsDuringAppends} after appends had started), ${ok.size} records appended, ${counters.size} counter values, ${violations.length} violations`);
    expect(violations.slice(0, 10)).toEqual([]);
    expect(killsDuringAppends).toBeGreaterThanOrEqual(50);
    expect(ok.size).toBeGreaterThan(100);
  }, 600_000);
});
