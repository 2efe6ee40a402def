import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SimFlash } from '../../hal/sim/flash';
import { Prng } from '../../hal/sim/prng';
import { JOURNAL_MAX_RECORD } from '../../firmware/storage/journal';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { StorageError } from '../../firmware/storage/errors';
import { openStorage, type StorageLayout } from '../../firmware/storage/layout';
import { ackedThrough, appendAt, canAppendAt, journalCapacity, lastRecord, readRecords, releaseAcknowledged, unackedCount } from '../../firmware/storage/journal-tools';
import { Reason } from '../../protocol/reasons';

const crc = (b: Uint8Array) => crc32(b) >>> 0;
// 8 pages of 4 KB: the shape the journal's round-robin and capacity figures are stated
// for (the boards' own layouts are checked in layout.test.ts and tools/storage-fit.mjs).
const FOUR_KB: StorageLayout = { journal: { pageSize: 4096, pageCount: 8 }, meta: { pageSize: 1024, pageCount: 2 }, writeAlign: 1 };
const fourKbFlash = () => new SimFlash({ ...FOUR_KB.journal, writeAlign: FOUR_KB.writeAlign });
// The journal of a store whose meta log has flash of its own.
const Journal = (f: SimFlash, c: typeof crc) => new FlashTerminalStore(openStorage(f, new SimFlash({ ...FOUR_KB.meta, writeAlign: f.geometry.writeAlign }), c));
const rec = (seq: number, len = 153) => new Uint8Array(len).map((_, i) => (seq * 31 + i) & 0xff);

function storageError(fn: () => void): StorageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StorageError);
    return e as StorageError;
  }
  throw new Error('expected a StorageError');
}

describe('journal on 8 pages of 4 KB', () => {
  it('holds 208 records of 153 bytes: 157.5 flash bytes each, 26 per 4 KB page', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    let seq = 0;
    while (j.canAppend(153)) j.append(rec(++seq));
    expect(seq).toBe(208);
    expect(journalCapacity(j, 153)).toBe(208);
    expect(f.bytesProgrammed).toBe(FOUR_KB.journal.pageSize * FOUR_KB.journal.pageCount);
  });

  it('refuses with JOURNAL_FULL before writing anything', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    for (let s = 1; s <= 208; s++) j.append(rec(s));
    const ops = f.operations;
    const image = f.bytes.slice();
    const e = storageError(() => j.append(rec(209)));
    expect(e.reason).toBe(Reason.JOURNAL_FULL);
    expect(f.operations).toBe(ops);
    expect(f.bytes).toEqual(image);
    expect(e instanceof Error).toBe(false);
  });

  it('recovers exactly what was appended, with acknowledgements, after a reboot', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    for (let s = 1; s <= 60; s++) j.append(rec(s, 100 + (s % 60)));
    j.acknowledge(30);
    const k = Journal(f, crc);
    expect(k.lastSeq()).toBe(60);
    expect(ackedThrough(k)).toBe(30);
    expect(unackedCount(k)).toBe(30);
    expect(k.firstUnackedSeq()).toBe(31);
    const all = readRecords(k, 1, 1000);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const e of all) expect(e.bytes).toEqual(rec(e.seq, 100 + (e.seq % 60)));
    expect(readRecords(k, 45, 3).map((e) => e.seq)).toEqual([45, 46, 47]);
    expect(lastRecord(k)).toEqual(rec(60, 100));
  });

  it('reuses acknowledged segments round-robin and never erases the newest record', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    let seq = 0;
    for (let round = 0; round < 20; round++) {
      while (j.canAppend(153)) j.append(rec(++seq));
      j.acknowledge(seq);
      expect(unackedCount(j)).toBe(0);
      expect(j.firstUnackedSeq()).toBe(seq + 1);
      expect(lastRecord(j)).toEqual(rec(seq));
      expect(Journal(f, crc).lastSeq()).toBe(seq);
    }
    const counts = Array.from(f.eraseCounts);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    // One erase per 26 records once the journal wraps, nothing more.
    expect(f.totalErases()).toBeLessThanOrEqual(Math.ceil(seq / 26) + 1);
  });

  it('keeps sequence jumps (counters that skipped after a cut)', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    const seqs = [5, 6, 40, 41, 1000, 70000, 70001];
    for (const s of seqs) appendAt(j, rec(s), s);
    const k = Journal(f, crc);
    expect(readRecords(k, 1, 100).map((e) => e.seq)).toEqual(seqs);
    expect(k.lastSeq()).toBe(70001);
  });

  it('reads single records by sequence number, in order or not, around gaps and reuse', () => {
    const f = new SimFlash({ pageSize: 1024, pageCount: 4, writeAlign: 1 });
    const j = Journal(f, crc);
    const seqs: number[] = [];
    let seq = 0;
    for (let i = 0; i < 40; i++) {
      seq += i % 7 === 0 ? 3 : 1;
      if (!canAppendAt(j, 120, seq)) j.acknowledge(j.lastSeq());
      appendAt(j, rec(seq, 120), seq);
      seqs.push(seq);
    }
    const k = Journal(f, crc);
    const held = readRecords(k, 1, 1000).map((e) => e.seq);
    expect(held.length).toBeGreaterThan(10);
    for (const s of held) expect(k.read(s)).toEqual(rec(s, 120));
    for (const s of held.slice().reverse()) expect(k.read(s)).toEqual(rec(s, 120));
    expect(k.read(seqs[0])).toBeNull(); // acknowledged and reused
    expect(k.read(seq + 1)).toBeNull();
    const gap = seqs.find((s, i) => i > 0 && s - seqs[i - 1] > 1 && held.includes(s)) as number;
    expect(k.read(gap - 1)).toBeNull();
    expect(k.firstUnackedSeq()).toBe(held.find((s) => s > ackedThrough(k)));
  });

  it('works with 4-byte write alignment', () => {
    const f = new SimFlash({ pageSize: 1024, pageCount: 4, writeAlign: 4 });
    const j = Journal(f, crc);
    for (let s = 1; s <= 20; s++) appendAt(j, rec(s, 1 + s * 7), s * 2);
    j.acknowledge(10);
    const k = Journal(f, crc);
    expect(readRecords(k, 1, 100).map((e) => e.bytes.length)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + (i + 1) * 7));
    expect(ackedThrough(k)).toBe(10);
  });

  it('validates its inputs with reason codes', () => {
    const j = Journal(fourKbFlash(), crc);
    appendAt(j, rec(10), 10);
    expect(storageError(() => appendAt(j, rec(10), 10)).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => appendAt(j, rec(11), 11.5)).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.append(new Uint8Array(0))).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.append(new Uint8Array(JOURNAL_MAX_RECORD + 1))).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.acknowledge(11)).reason).toBe(Reason.UNKNOWN_RECORD);
    expect(j.canAppend(0)).toBe(false);
    expect(j.canAppend(JOURNAL_MAX_RECORD + 1)).toBe(false);
  });

  it('opens over garbage flash without inventing records, and appends', () => {
    const f = fourKbFlash();
    const rng = new Prng(3);
    for (let i = 0; i < f.bytes.length; i++) f.bytes[i] = rng.int(256);
    const j = Journal(f, crc);
    expect(j.lastSeq()).toBe(0);
    expect(readRecords(j, 1, 10)).toEqual([]);
    j.append(rec(1));
    expect(readRecords(Journal(f, crc), 1, 10).map((e) => e.seq)).toEqual([1]);
  });

  it('turns a failing flash into STORAGE_FAILURE', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    f.program = () => {
      throw new Error('flash controller error');
    };
    const e = storageError(() => j.append(rec(1)));
    expect(e.reason).toBe(Reason.STORAGE_FAILURE);
    expect(e.message).toMatch(/flash controller error/);
  });

  it('releases acknowledged segments for Storage compaction, keeping the newest', () => {
    const f = fourKbFlash();
    const j = Journal(f, crc);
    for (let s = 1; s <= 100; s++) j.append(rec(s));
    j.acknowledge(100);
    expect(releaseAcknowledged(j)).toBe(3);
    const k = Journal(f, crc);
    expect(k.lastSeq()).toBe(100);
    expect(ackedThrough(k)).toBe(100);
    expect(lastRecord(k)).toEqual(rec(100));
  });
});
