// Flash budgets of the journal + counters (issue 3), on the simulated layouts of
// firmware/storage/layout.ts (Pixl.js: what fits beside its image; Bangle.js 2: 4 KB pages
// with room): flash bytes and page erases per stored sale, projected lifetime at 500
// sales/day until the most-worn page reaches 10,000 erases, and capacity before a sync is
// needed. On Storage-file boards a page erase deletes a file; the NOR erases happen when
// Storage compacts. With ESPRUINO (and valgrind): interpreter instructions per append and
// per boot scan, on real Espruino Storage.
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { SimFlash } from '../../hal/sim/flash';
import { layoutFor, openStorage } from '../../firmware/storage/layout';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { RECORD_BYTES } from '../../protocol/messages/record';
import { ESPRUINO, ESPRUINO_SKIP_REASON, countInstructions, hasValgrind } from '../../tests/support/espruino';
// @ts-expect-error plain ESM build script without type declarations
import { deviceOptions } from '../../esbuild.config.mjs';

const SALES_PER_DAY = 500;
const ERASE_LIMIT = 10_000;
const SALES = 100_000;
const SYNC_EVERY = 100; // sales between syncs (at most half the capacity): acknowledge everything, new settings
const crc = (b: Uint8Array) => crc32(b) >>> 0;

function simulate(board: string): void {
  const l = layoutFor(board);
  const jf = new SimFlash({ ...l.journal, writeAlign: l.writeAlign });
  const mf = new SimFlash({ ...l.meta, writeAlign: l.writeAlign });
  const s = new FlashTerminalStore(openStorage(jf, mf, crc));
  const record = new Uint8Array(RECORD_BYTES).fill(0x5a);
  const settings = new Uint8Array(96).fill(1);
  let capacity = 0;
  while (s.canAppend(RECORD_BYTES)) {
    s.append(record);
    capacity++;
  }
  s.acknowledge(capacity);
  const syncEvery = Math.min(SYNC_EVERY, Math.floor(capacity / 2));
  const j0 = { bytes: jf.bytesProgrammed, erases: jf.totalErases(), wear: Array.from(jf.eraseCounts) };
  const m0 = { bytes: mf.bytesProgrammed, erases: mf.totalErases(), wear: Array.from(mf.eraseCounts) };
  for (let i = 1; i <= SALES; i++) {
    s.nextRequestCounter();
    s.append(record);
    if (i % syncEvery === 0) {
      s.acknowledge(s.lastSeq());
      s.saveConfig('settings', settings);
    }
  }
  const jBytes = (jf.bytesProgrammed - j0.bytes) / SALES;
  const mBytes = (mf.bytesProgrammed - m0.bytes) / SALES;
  const jErases = (jf.totalErases() - j0.erases) / SALES;
  const mErases = (mf.totalErases() - m0.erases) / SALES;
  const jWorst = Math.max(...Array.from(jf.eraseCounts).map((c, p) => c - j0.wear[p])) / SALES;
  const mWorst = Math.max(...Array.from(mf.eraseCounts).map((c, p) => c - m0.wear[p])) / SALES;
  const worstPerDay = Math.max(jWorst, mWorst) * SALES_PER_DAY;
  const years = ERASE_LIMIT / worstPerDay / 365;
  const footprint = (l.journal.pageSize * l.journal.pageCount) / capacity;
  console.log(`${board} layout: journal ${l.journal.pageCount} x ${l.journal.pageSize} B, meta ${l.meta.pageCount} x ${l.meta.pageSize} B; ${RECORD_BYTES}-byte records; ${SALES} sales, sync every ${syncEvery}`);
  console.log(`flash per stored sale: ${(jBytes + mBytes).toFixed(1)} bytes programmed (journal ${jBytes.toFixed(1)}, counters+settings ${mBytes.toFixed(2)}); journal space per record ${footprint.toFixed(1)} B  [budget 160]`);
  console.log(`page erases per sale: journal ${jErases.toFixed(4)} (1 per ${(1 / jErases).toFixed(1)} sales), counters+settings ${mErases.toFixed(5)} (1 per ${(1 / mErases).toFixed(0)} sales, settings moves included)`);
  console.log(`most-worn page: journal ${(jWorst * SALES_PER_DAY).toFixed(3)} erases/day, meta ${(mWorst * SALES_PER_DAY).toFixed(3)} erases/day at ${SALES_PER_DAY} sales/day -> ${years.toFixed(1)} years to ${ERASE_LIMIT} erases  [target >= 10]`);
  console.log(`capacity: ${capacity} sales before a sync is needed (${l.journal.pageCount} segments x ${capacity / l.journal.pageCount})`);
}

// The counters alone: one request-counter increment per sale, no settings writes.
function countersOnly(): void {
  const l = layoutFor('pixljs');
  const jf = new SimFlash({ ...l.journal, writeAlign: l.writeAlign });
  const mf = new SimFlash({ ...l.meta, writeAlign: l.writeAlign });
  const s = new FlashTerminalStore(openStorage(jf, mf, crc));
  s.nextRequestCounter();
  const b0 = mf.bytesProgrammed;
  const e0 = mf.totalErases();
  for (let i = 0; i < SALES; i++) s.nextRequestCounter();
  const erases = mf.totalErases() - e0;
  console.log(`counters alone: ${((mf.bytesProgrammed - b0) / SALES).toFixed(2)} bytes and ${(erases / SALES).toFixed(6)} page erases per increment (${erases} erases in ${SALES} increments, none per increment)`);
}

async function instructions(): Promise<void> {
  if (!ESPRUINO || !hasValgrind()) {
    console.log(`instructions per append: skipped (${ESPRUINO ? 'valgrind not installed' : ESPRUINO_SKIP_REASON})`);
    return;
  }
  const r = await esbuild.build({ ...deviceOptions('pixljs'), entryPoints: [join(import.meta.dirname, '../../tests/storage/espruino-append-entry.ts')] });
  const code = (r.outputFiles ?? [])[0].text;
  const at = (appends: number, boots: number, reads?: number) => countInstructions(`var APPENDS=${appends};var BOOTS=${boots};var READS=${reads ?? 0};\n${code}`).instructions;
  const base = at(0, 0);
  const appends = 52;
  const withAppends = at(appends, 0);
  const perAppend = (withAppends - base) / appends;
  const emptyBoot = (at(0, 4) - base) / 4;
  const fullBoot = (at(appends, 4) - withAppends) / 4;
  const perRecord = (fullBoot - emptyBoot) / appends;
  const capacity = 208; // 8 pages of 26
  const bootAtCapacity = emptyBoot + capacity * perRecord;
  const perGet = (at(appends, 0, 2) - withAppends) / (2 * appends);
  console.log(`Espruino (${ESPRUINO}), journal of 8 x 4 KB on Storage files:`);
  console.log(`  append incl. request counter: ${(perAppend / 1e6).toFixed(2)} M instructions (≈ ${(perAppend / 64e3).toFixed(0)} ms on a 64 MHz nRF52)`);
  console.log(`  boot scan (journal + meta log; per record includes the request counter's meta entries): ${(emptyBoot / 1e6).toFixed(1)} M + ${(perRecord / 1e6).toFixed(2)} M per record; ${(bootAtCapacity / 1e6).toFixed(0)} M (≈ ${(bootAtCapacity / 64e6).toFixed(1)} s) with ${capacity} records`);
  console.log(`  reading records one by one in order (get): ${(perGet / 1e6).toFixed(2)} M per record; ≈ ${((perGet * capacity) / 64e6).toFixed(1)} s for ${capacity}`);
}

export async function run(): Promise<void> {
  simulate('pixljs');
  simulate('banglejs2');
  countersOnly();
  await instructions();
}
