import { toStorageError } from './errors';
import { JOURNAL_MAX_RECORD, type Journal } from './journal';

// Journal operations the terminal firmware does not use (so they stay out of the device
// bundle): the export walk and counts for tests, tools and the simulator, and the
// release of acknowledged segments that Storage compaction needs (hal/espruino).

export interface JournalEntry {
  seq: number;
  bytes: Uint8Array;
}

// Calls fn for each committed record with seq >= fromSeq, oldest first, until fn
// returns false.
export function forEachRecord(j: Journal, fromSeq: number, fn: (seq: number, bytes: Uint8Array) => boolean): void {
  for (let r = j.seek(fromSeq); r && fn(j.atSeq, r); r = j.seek(j.atSeq + 1));
}

// Up to `max` records with seq >= fromSeq.
export function readRecords(j: Journal, fromSeq: number, max: number): JournalEntry[] {
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
export function unackedCount(j: Journal): number {
  let n = 0;
  forEachRecord(j, j.ackedThrough + 1, () => {
    n++;
    return true;
  });
  return n;
}

// Records the journal can hold when empty, at `recordLength` bytes each.
export function journalCapacity(j: Journal, recordLength: number): number {
  const perPage = Math.floor((j.pageBytes - j.headerStride) / j.stride(recordLength));
  return recordLength >= 1 && recordLength <= JOURNAL_MAX_RECORD ? perPage * j.dev.geometry.pageCount : 0;
}

// Erases every segment whose records are all acknowledged, except the newest ones.
// On Storage-based boards this runs before compactStorage() (hal/espruino) so that
// compaction reclaims their space; elsewhere segments are erased when reused.
export function releaseAcknowledged(j: Journal): number {
  let n = 0;
  try {
    for (let p = 0; p < j.segs.length; p++) {
      const s = j.segs[p];
      if (!s || s === j.cur || s === j.lastSeg || s.lastSeq > j.ackedThrough) continue;
      j.segs[p] = null;
      j.dev.erasePage(p);
      n++;
    }
  } catch (e) {
    throw toStorageError(e);
  }
  return n;
}
