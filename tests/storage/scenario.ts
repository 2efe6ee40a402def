// The power-cut scenario shared by tests/storage and tools/campaign/journal.ts: a
// terminal's life (sales with a request counter, exports, acknowledgements that let
// segments be reused, settings writes, reboots) on simulated flash, with power cut at
// chosen operations. After every cut it reboots from flash and checks the invariants
// of DESIGN.md §3 that storage owns.
import { PowerCut, PowerRail, SimFlash } from '../../hal/sim/flash';
import { Prng } from '../../hal/sim/prng';
import type { FlashGeometry } from '../../hal/ports/flash';
import { crc32 as zlibCrc32 } from 'node:zlib';
import type { Crc32 } from '../../hal/ports/flash';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { openStorage } from '../../firmware/storage/layout';
import { ackedThrough, appendAt, canAppendAt, counterIssued, lastRecord, readRecords, unackedCount } from '../../firmware/storage/journal-tools';
import { StorageError } from '../../firmware/storage/errors';
import { Reason } from '../../protocol/reasons';

export interface ScenarioOptions {
  seed: number;
  sales: number;
  journal: FlashGeometry;
  meta: FlashGeometry;
  counterBlock: number;
}

export interface Cut {
  op: number;
  torn: boolean;
}

export interface ScenarioResult {
  operations: number;
  cutsHit: number;
  reboots: number;
  violations: string[];
}

// Small pages so that 300 sales reuse every segment several times and move the meta log.
export const CI_SCENARIO: Omit<ScenarioOptions, 'seed'> = {
  sales: 300,
  journal: { pageSize: 1024, pageCount: 6, writeAlign: 1 },
  meta: { pageSize: 256, pageCount: 2, writeAlign: 1 },
  counterBlock: 4,
};

const HASH = 4;

// Node's native CRC-32 stands in for the device's E.CRC32 (the JS one in
// firmware/storage/crc32.ts is checked against it in tests/storage/crc32.test.ts).
const crc32: Crc32 = (b) => zlibCrc32(b);

function hash(b: Uint8Array): Uint8Array {
  const h = new Uint8Array(HASH);
  new DataView(h.buffer).setUint32(0, zlibCrc32(b) ^ 0x6b657262, true);
  return h;
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

// A record carries its seq and a check of the record before it: the chain the firmware
// keeps with its MAC tags (protocol/auth.ts), here without keys.
function makeRecord(rng: Prng, seq: number, prev: Uint8Array | undefined): Uint8Array {
  const len = rng.int(4) === 0 ? 24 + rng.int(137) : 153;
  const b = new Uint8Array(len);
  let x = (rng.next() * 0x7fffffff) | 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x;
  }
  new DataView(b.buffer).setUint32(0, seq, true);
  b.set(prev ? hash(prev) : new Uint8Array(HASH), 4);
  return b;
}

class Terminal {
  store!: FlashTerminalStore;
  constructor(readonly jf: SimFlash, readonly mf: SimFlash, readonly block: number) {
    this.boot();
  }
  boot(): void {
    this.store = new FlashTerminalStore(openStorage(this.jf, this.mf, crc32, this.block));
  }
}

export function runScenario(o: ScenarioOptions, cuts: Cut[]): ScenarioResult {
  const rail = new PowerRail();
  const jf = new SimFlash(o.journal, { rail, seed: o.seed ^ 0x5a5a });
  const mf = new SimFlash(o.meta, { rail, seed: o.seed ^ 0xa5a5 });
  const rng = new Prng(o.seed);
  const t = new Terminal(jf, mf, o.counterBlock);
  const violations: string[] = [];
  const committed = new Map<number, Uint8Array>();
  const seen = new Map<number, Uint8Array>(); // every record ever observed, by seq
  const issued = new Set<number>();
  let maxIssued = 0;
  let pending: { seq: number; bytes: Uint8Array } | null = null;
  let ackReturned = 0;
  let ackAttempted = 0;
  let config: Uint8Array | undefined;
  let configPending: Uint8Array | undefined;
  let configInFlight = false;
  let reboots = 0;
  let cutsHit = 0;
  const queue = cuts.slice().sort((a, b) => a.op - b.op);
  const v = (m: string) => violations.push(`[seed ${o.seed} op ${rail.operations} reboot ${reboots}] ${m}`);

  const armNextCut = () => {
    while (queue.length && queue[0].op < rail.operations) queue.shift();
    if (queue.length) {
      const c = queue.shift()!;
      rail.scheduleCut(c.op, c.torn);
    }
  };

  const checkJournal = () => {
    const j = t.store;
    const all = readRecords(j, 1, 1 << 30);
    let prevSeq = 0;
    let prev: Uint8Array | undefined;
    for (const e of all) {
      if (e.seq <= prevSeq) v(`records out of order: ${e.seq} after ${prevSeq}`);
      const want = committed.get(e.seq);
      if (want) {
        if (!same(want, e.bytes)) v(`record ${e.seq} altered`);
      } else if (pending && pending.seq === e.seq && same(pending.bytes, e.bytes)) {
        committed.set(e.seq, pending.bytes);
        pending = null;
      } else {
        v(`record ${e.seq} present but never appended (${e.bytes.length} bytes)`);
      }
      const before = seen.get(e.seq);
      if (before && !same(before, e.bytes)) v(`sequence number ${e.seq} issued twice with different records`);
      seen.set(e.seq, e.bytes);
      if (prev && prevSeq && !same(e.bytes.subarray(4, 4 + HASH), hash(prev))) v(`chain broken at ${e.seq}`);
      prevSeq = e.seq;
      prev = e.bytes;
    }
    pending = null;
    const present = new Set(all.map((e) => e.seq));
    // Random access (the terminal's read(seq)) agrees with the export walk.
    for (const e of all) if (!same(j.read(e.seq) ?? undefined, e.bytes)) v(`read(${e.seq}) differs from the export`);
    if (all.length && j.read(all[all.length - 1].seq + 1) !== null) v('read() past the last record returned bytes');
    let last = 0;
    for (const [seq] of committed) {
      last = Math.max(last, seq);
      if (seq > ackAttempted && !present.has(seq)) v(`committed record ${seq} lost (acked through ${ackReturned}/${ackAttempted})`);
    }
    if (j.lastSeq() !== last) v(`lastSeq ${j.lastSeq()}, expected ${last}`);
    if (ackedThrough(j) < Math.min(ackReturned, last) || ackedThrough(j) > Math.max(ackAttempted, ackReturned)) {
      v(`acked through ${ackedThrough(j)}, expected ${ackReturned}..${ackAttempted}`);
    }
    ackReturned = Math.max(ackReturned, ackedThrough(j));
    const unacked = all.filter((e) => e.seq > ackedThrough(j));
    if (unackedCount(j) !== unacked.length) v(`unackedCount ${unackedCount(j)}, ${unacked.length} unacknowledged records present`);
    if (j.firstUnackedSeq() !== (unacked.length ? unacked[0].seq : j.lastSeq() + 1)) v(`firstUnackedSeq ${j.firstUnackedSeq()}`);
    if (last && !same(lastRecord(j), committed.get(last))) v('lastRecord is not the newest record');
  };

  const checkAfterBoot = () => {
    checkJournal();
    if (counterIssued(t.store) < maxIssued) v(`request counter resumed at ${counterIssued(t.store)}, below issued ${maxIssued}`);
    const cfg = t.store.loadConfig('settings') ?? undefined;
    if (configInFlight) {
      if (same(cfg, configPending)) config = configPending;
      else if (!same(cfg, config)) v('settings neither old nor new after a cut');
    } else if (!same(cfg, config)) v('settings changed without a write');
    configInFlight = false;
  };

  const reboot = () => {
    rail.powerOn();
    reboots++;
    t.boot();
    checkAfterBoot();
    armNextCut();
  };

  const exportAndAck = (all: boolean) => {
    const j = t.store;
    const got = readRecords(j, ackedThrough(j) + 1, all ? 1 << 30 : 1 + rng.int(40));
    for (const e of got) if (!same(committed.get(e.seq), e.bytes)) v(`export of ${e.seq} differs from what was appended`);
    if (!got.length) return;
    const through = all ? got[got.length - 1].seq : got[rng.int(got.length)].seq;
    ackAttempted = Math.max(ackAttempted, through);
    j.acknowledge(through);
    ackReturned = Math.max(ackReturned, through);
  };

  const sale = () => {
    const value = t.store.nextRequestCounter();
    if (issued.has(value) || value <= maxIssued) v(`request counter ${value} issued twice (max so far ${maxIssued})`);
    issued.add(value);
    maxIssued = Math.max(maxIssued, value);
    const j = t.store;
    const seq = j.lastSeq() + 1 + (rng.int(10) === 0 ? rng.int(5) : 0);
    const bytes = makeRecord(rng, seq, lastRecord(j));
    if (!canAppendAt(j, bytes.length, seq)) {
      exportAndAck(true);
      if (!canAppendAt(j, bytes.length, seq)) {
        v(`journal refuses a ${bytes.length}-byte record with everything acknowledged`);
        return;
      }
    }
    pending = { seq, bytes };
    appendAt(j, bytes, seq);
    committed.set(seq, bytes);
    pending = null;
  };

  const writeSettings = () => {
    const b = new Uint8Array(20 + rng.int(60)).map(() => rng.int(256));
    configPending = b;
    configInFlight = true;
    t.store.saveConfig('settings', b);
    config = b;
    configInFlight = false;
  };

  armNextCut();
  let sales = 0;
  while (sales < o.sales) {
    const r = rng.int(100);
    try {
      if (r < 80) {
        sales++;
        sale();
      } else if (r < 93) exportAndAck(false);
      else if (r < 96) writeSettings();
      else {
        reboots++;
        t.boot();
        checkAfterBoot();
      }
    } catch (e) {
      if (e instanceof PowerCut || rail.frozen) {
        cutsHit++;
        reboot();
      } else if (e instanceof StorageError && e.reason === Reason.JOURNAL_FULL && r >= 80 && r < 93) {
        // A partial acknowledgement that frees no segment cannot be recorded when the
        // newest one is full: refused, and the host acknowledges more later.
      } else if (e instanceof StorageError) {
        v(`storage refused: ${e.message}`);
      } else {
        v(`unexpected error: ${(e as Error).stack ?? e}`);
        break;
      }
    }
  }
  // Final boot, and the journal must still take a record (a cut scheduled this late
  // lands here too).
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      if (rail.frozen) {
        cutsHit++;
        rail.powerOn();
      }
      reboots++;
      t.boot();
      checkAfterBoot();
      sale();
      reboots++;
      t.boot();
      checkAfterBoot();
      break;
    } catch (e) {
      if (!(e instanceof PowerCut || rail.frozen)) {
        v(`after the scenario: ${(e as Error).message ?? e}`);
        break;
      }
    }
  }
  return { operations: rail.operations, cutsHit, reboots, violations };
}

// Every operation of the clean run, cut cleanly and torn: 2 × operations runs.
export function sweep(o: ScenarioOptions, onRun?: (r: ScenarioResult, cut: Cut) => void): { cutPoints: number; violations: string[]; operations: number } {
  const clean = runScenario(o, []);
  const violations = clean.violations.slice();
  let cutPoints = 0;
  for (let op = 0; op < clean.operations; op++) {
    for (const torn of [false, true]) {
      const r = runScenario(o, [{ op, torn }]);
      if (r.cutsHit !== 1) violations.push(`[seed ${o.seed}] cut at ${op} did not happen`);
      cutPoints++;
      violations.push(...r.violations);
      if (onRun) onRun(r, { op, torn });
    }
  }
  return { cutPoints, violations, operations: clean.operations };
}

// `runs` scenarios with 2–3 random cuts each (some torn).
export function randomCuts(o: ScenarioOptions, runs: number): { cutPoints: number; violations: string[] } {
  const ops = runScenario(o, []).operations;
  const rng = new Prng(o.seed ^ 0x1234567);
  let cutPoints = 0;
  const violations: string[] = [];
  for (let i = 0; i < runs; i++) {
    const n = 2 + rng.int(2);
    const cuts: Cut[] = [];
    for (let k = 0; k < n; k++) cuts.push({ op: rng.int(ops), torn: rng.int(2) === 0 });
    const r = runScenario({ ...o, seed: o.seed + i }, cuts);
    cutPoints += r.cutsHit;
    violations.push(...r.violations);
  }
  return { cutPoints, violations };
}
