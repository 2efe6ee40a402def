// Bundled by tools/bench/storage.ts for instruction counts in the Espruino interpreter:
// opens a journal of 8 x 4 KB pages and a 2 x 1 KB meta log on Storage files (the
// geometry the figures have been measured on; the Pixl.js layout's 4 x 1 KB journal
// holds too few records for these runs), appends APPENDS records of 153 bytes
// (each after a request-counter increment), reboots the store (journal and meta log) BOOTS times, then reads
// every record in order READS times (as the terminal rebuilds its totals at boot).
import { StorageFlash } from '../../hal/espruino/storage-flash';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { openStorage } from '../../firmware/storage/layout';

declare function print(s: string): void;
declare function quit(): void;
declare const E: { CRC32(d: Uint8Array): number };
declare const APPENDS: number;
declare const BOOTS: number;
declare const READS: number;

const crc = (b: Uint8Array) => E.CRC32(b) >>> 0;
const jf = new StorageFlash('kj', { pageSize: 4096, pageCount: 8, writeAlign: 1 });
const mf = new StorageFlash('km', { pageSize: 1024, pageCount: 2, writeAlign: 1 });
let store = new FlashTerminalStore(openStorage(jf, mf, crc));
const rec = new Uint8Array(153).fill(0x5a);
for (let i = 0; i < APPENDS; i++) {
  store.nextRequestCounter();
  store.append(rec);
}
for (let b = 0; b < BOOTS; b++) store = new FlashTerminalStore(openStorage(jf, mf, crc));
for (let r = 0; r < READS; r++) {
  for (let seq = 1; seq <= store.lastSeq(); seq++) store.read(seq);
}
print('@@' + store.lastSeq());
quit();
