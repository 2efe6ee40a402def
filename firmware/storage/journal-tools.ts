import { toStorageError } from './errors';
import { MARKER_BYTES } from './entry';
import { JOURNAL_MAX_RECORD } from './journal';
import type { FlashTerminalStore } from './terminal-store';

// Journal operations the terminal firmware does not use (so they stay out of the device
// bundle): the export walk and counts for tests, tools and the simulator, and the
// release of acknowledged segments that Storage compaction needs (hal/espruino).
// They read the store's segment table: rows of 5 u32 [gen, prev, last, end, tail].
const COLUMNS = 5;
const GEN = 0;
const LAST = 2;

// The acknowledged-through mark.
export function ackedThrough(j: FlashTerminalStore): number {
  return j.ackedThrough;
}

// The last request counter handed out (or skipped after a reboot).
export function counterIssued(j: FlashTerminalStore): number {
  return j.issued;
}

export interface JournalEntry {
  seq: number;
  bytes: Uint8Array;
}

// Calls fn for each committed record with seq >= fromSeq, oldest first, until fn
// returns false.
export function forEachRecord(j: FlashTerminalStore, fromSeq: number, fn: (seq: number, bytes: Uint8Array) => boolean): void {
  for (let r = j.read(fromSeq, true); r && fn(j.atSeq, r); r = j.read(j.atSeq + 1, true));
}

// Up to `max` records with seq >= fromSeq.
export function readRecords(j: FlashTerminalStore, fromSeq: number, max: number): JournalEntry[] {
  const out: JournalEntry[] = [];
  if (max > 0) {
    forEachRecord(j, fromSeq, (seq, bytes) => {
      out.push({ seq: seq, bytes: bytes });
      return out.length < max;
    });
  }
  return out;
}

// Records held that are not acknowledged yet.
export function unackedCount(j: FlashTerminalStore): number {
  let n = 0;
  forEachRecord(j, j.ackedThrough + 1, () => {
    n++;
    return true;
  });
  return n;
}

// Bytes of the newest record, undefined before the first.
export function lastRecord(j: FlashTerminalStore): Uint8Array | undefined {
  const at = j.lastAt;
  return at < 0 ? undefined : j.dev.read(at + MARKER_BYTES, j.dev.read(at, 1)[0]);
}

// Records the journal can hold when empty, at `recordLength` bytes each.
export function journalCapacity(j: FlashTerminalStore, recordLength: number): number {
  const perPage = Math.floor((j.pageBytes - j.headerStride) / j.stride(recordLength));
  return recordLength >= 1 && recordLength <= JOURNAL_MAX_RECORD ? perPage * j.dev.geometry.pageCount : 0;
}

// Erases every segment whose records are all acknowledged, except the newest ones.
// On Storage-based boards this runs before compactStorage() (hal/espruino) so that
// compaction reclaims their space; elsewhere segments are erased when reused.
export function releaseAcknowledged(j: FlashTerminalStore): number {
  const T = j.segs;
  let n = 0;
  try {
    for (let p = 0; p < j.dev.geometry.pageCount; p++) {
      const i = p * COLUMNS;
      if (!T[i + GEN] || p === j.cur || p === j.lastSeg || T[i + LAST] > j.ackedThrough) continue;
      T.fill(0, i, i + COLUMNS);
      j.dev.erasePage(p);
      n++;
    }
  } catch (e) {
    throw toStorageError(e);
  }
  return n;
}
