// Runs inside the real Espruino interpreter (tests/storage/espruino-kill.test.ts): opens
// the store (journal, meta log, counter) on Storage files, reports what it recovered, then appends
// chained records until the test SIGKILLs the process.
import { StorageFlash } from '../../hal/espruino/storage-flash';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { openStorage } from '../../firmware/storage/layout';
import { ackedThrough, counterIssued, forEachRecord, lastRecord, unackedCount } from '../../firmware/storage/journal-tools';

declare function print(s: string): void;
declare const E: { CRC32(d: Uint8Array): number };

const crc = (b: Uint8Array) => E.CRC32(b) >>> 0;

// Record n: [n u32][CRC-32 of record n-1 u32][filler derived from n], 153 bytes.
function record(seq: number, prevCrc: number): Uint8Array {
  const b = new Uint8Array(153);
  const d = new DataView(b.buffer);
  d.setUint32(0, seq, true);
  d.setUint32(4, prevCrc, true);
  for (let i = 8; i < 153; i += 4) d.setUint32(i - (i + 4 > 153 ? i + 4 - 153 : 0), (seq * 2654435761 + i) >>> 0, true);
  return b;
}

const journal = new FlashTerminalStore(
  openStorage(new StorageFlash('kj', { pageSize: 1024, pageCount: 6, writeAlign: 1 }), new StorageFlash('km', { pageSize: 256, pageCount: 2, writeAlign: 1 }), crc, 4),
);
print('@@BOOT ' + journal.lastSeq() + ' ' + ackedThrough(journal) + ' ' + unackedCount(journal) + ' ' + counterIssued(journal));
forEachRecord(journal, 1, (seq, bytes) => {
  print('@@REC ' + seq + ' ' + crc(bytes));
  return true;
});
print('@@READY');
for (;;) {
  const v = journal.nextRequestCounter();
  print('@@CTR ' + v);
  const last = lastRecord(journal);
  const seq = journal.lastSeq() + 1;
  if (!journal.canAppend(153)) {
    print('@@ACKING ' + journal.lastSeq());
    journal.acknowledge(journal.lastSeq());
    print('@@ACK ' + journal.lastSeq());
  }
  journal.append(record(seq, last ? crc(last) : 0));
  print('@@OK ' + seq);
  if (seq % 17 === 0) {
    print('@@ACKING ' + (seq - 8));
    journal.acknowledge(seq - 8);
    print('@@ACK ' + (seq - 8));
  }
}
