import { putU32 } from '../../protocol/bytes';
import { Reason } from '../../protocol/reasons';
import { StorageError, toStorageError } from './errors';
import { MARKER_BYTES } from './entry';
import { CONTROL_PAYLOAD, Control, JOURNAL_MAX_RECORD } from './journal';
import type { FlashTerminalStore } from './terminal-store';

// Journal operations the terminal firmware does not use (so they stay out of the device
// bundle): appends that skip sequence numbers, the export walk and counts for tests,
// tools and the simulator, and the release of acknowledged segments that Storage
// compaction needs (hal/espruino). They read the store's segment table: rows of 5 u32
// [gen, prev, last, end, tail].
const COLUMNS = 5;
const GEN = 0;
const LAST = 2;
const END = 3;
const TAIL = 4;

// True when a `length`-byte record numbered `seq` follows in the newest segment behind
// a SEQ entry that moves the tail to seq - 1.
function followsAfterSeq(j: FlashTerminalStore, length: number, seq: number): boolean {
  const i = j.cur * COLUMNS;
  const T = j.segs;
  return length >= 1 && length <= JOURNAL_MAX_RECORD && !!j.appendable && seq > T[i + TAIL] + 1 && T[i + END] + j.stride(length) + j.stride(CONTROL_PAYLOAD) <= j.pageBytes;
}

// append() and canAppend() for record number `seq`, which may skip numbers (the
// device's are consecutive): run as though the newest record were seq - 1, so that the
// store either follows a SEQ entry written here or opens a fresh segment whose prev is
// seq - 1 (a tail that a cut SEQ entry left at or past seq also sends it there).
function asIfNewest<R>(j: FlashTerminalStore, seq: number, fn: () => R): R {
  const newest = j.newestSeq;
  j.newestSeq = seq - 1;
  try {
    return fn();
  } finally {
    if (j.newestSeq === seq - 1) j.newestSeq = newest;
  }
}

// Appends `bytes` as record `seq` (> lastSeq(), may skip numbers), with append()'s
// guarantees: durable when it returns, nothing written when it throws JOURNAL_FULL or
// MALFORMED.
export function appendAt(j: FlashTerminalStore, bytes: Uint8Array, seq: number): void {
  if (!(seq > j.newestSeq && seq % 1 === 0)) throw new StorageError(Reason.MALFORMED, 'journal record ' + seq + ' does not follow ' + j.newestSeq);
  if (followsAfterSeq(j, bytes.length, seq)) {
    const i = j.cur * COLUMNS;
    const T = j.segs;
    const b = new Uint8Array(CONTROL_PAYLOAD);
    b[0] = Control.Seq;
    putU32(b, 1, seq - 1);
    j.appendable = 0;
    T[i + END] += j.writeEntry(j.dev, j.cur * j.pageBytes + T[i + END], T[i + TAIL] + 1, 0, b);
    T[i + TAIL] = seq - 1;
    j.appendable = 1;
  }
  asIfNewest(j, seq, () => j.append(bytes));
}

// True when appendAt(j, <length bytes>, seq) would not throw JOURNAL_FULL.
export function canAppendAt(j: FlashTerminalStore, length: number, seq: number): boolean {
  return followsAfterSeq(j, length, seq) || asIfNewest(j, seq, () => j.canAppend(length));
}

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
