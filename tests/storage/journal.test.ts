import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SimFlash } from '../../hal/sim/flash';
import { Prng } from '../../hal/sim/prng';
import { Journal, JOURNAL_MAX_RECORD } from '../../firmware/storage/journal';
import { StorageError } from '../../firmware/storage/errors';
import { layoutFor } from '../../firmware/storage/layout';
import { journalCapacity, readRecords, releaseAcknowledged, unackedCount } from '../../firmware/storage/journal-tools';
import { Reason } from '../../protocol/reasons';

const crc = (b: Uint8Array) => crc32(b) >>> 0;
const PIXL = layoutFor('pixljs');
const pixlFlash = () => new SimFlash({ ...PIXL.journal, writeAlign: PIXL.writeAlign });
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

describe('journal on the Pixl.js layout', () => {
  it('holds 208 records of 153 bytes: 157.5 flash bytes each, 26 per 4 KB page', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    let seq = 0;
    while (j.canAppend(153)) j.append(++seq, rec(seq));
    expect(seq).toBe(208);
    expect(journalCapacity(j, 153)).toBe(208);
    expect(f.bytesProgrammed).toBe(PIXL.journal.pageSize * PIXL.journal.pageCount);
  });

  it('refuses with JOURNAL_FULL before writing anything', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    for (let s = 1; s <= 208; s++) j.append(s, rec(s));
    const ops = f.operations;
    const image = f.bytes.slice();
    const e = storageError(() => j.append(209, rec(209)));
    expect(e.reason).toBe(Reason.JOURNAL_FULL);
    expect(f.operations).toBe(ops);
    expect(f.bytes).toEqual(image);
    expect(e instanceof Error).toBe(false);
  });

  it('recovers exactly what was appended, with acknowledgements, after a reboot', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    for (let s = 1; s <= 60; s++) j.append(s, rec(s, 100 + (s % 60)));
    j.acknowledge(30);
    const k = new Journal(f, crc);
    expect(k.lastSeq).toBe(60);
    expect(k.ackedThrough).toBe(30);
    expect(unackedCount(k)).toBe(30);
    expect(k.firstUnackedSeq).toBe(31);
    const all = readRecords(k, 1, 1000);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const e of all) expect(e.bytes).toEqual(rec(e.seq, 100 + (e.seq % 60)));
    expect(readRecords(k, 45, 3).map((e) => e.seq)).toEqual([45, 46, 47]);
    expect(k.lastRecord()).toEqual(rec(60, 100));
  });

  it('reuses acknowledged segments round-robin and never erases the newest record', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    let seq = 0;
    for (let round = 0; round < 20; round++) {
      while (j.canAppend(153)) j.append(++seq, rec(seq));
      j.acknowledge(seq);
      expect(unackedCount(j)).toBe(0);
      expect(j.firstUnackedSeq).toBe(0);
      expect(j.lastRecord()).toEqual(rec(seq));
      expect(new Journal(f, crc).lastSeq).toBe(seq);
    }
    const counts = Array.from(f.eraseCounts);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    // One erase per 26 records once the journal wraps, nothing more.
    expect(f.totalErases()).toBeLessThanOrEqual(Math.ceil(seq / 26) + 1);
  });

  it('keeps sequence jumps (counters that skipped after a cut)', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    const seqs = [5, 6, 40, 41, 1000, 70000, 70001];
    for (const s of seqs) j.append(s, rec(s));
    const k = new Journal(f, crc);
    expect(readRecords(k, 1, 100).map((e) => e.seq)).toEqual(seqs);
    expect(k.lastSeq).toBe(70001);
  });

  it('reads single records by sequence number, in order or not, around gaps and reuse', () => {
    const f = new SimFlash({ pageSize: 1024, pageCount: 4, writeAlign: 1 });
    const j = new Journal(f, crc);
    const seqs: number[] = [];
    let seq = 0;
    for (let i = 0; i < 40; i++) {
      seq += i % 7 === 0 ? 3 : 1;
      if (!j.canAppend(120, seq)) j.acknowledge(j.lastSeq);
      j.append(seq, rec(seq, 120));
      seqs.push(seq);
    }
    const k = new Journal(f, crc);
    const held = readRecords(k, 1, 1000).map((e) => e.seq);
    expect(held.length).toBeGreaterThan(10);
    for (const s of held) expect(k.get(s)).toEqual(rec(s, 120));
    for (const s of held.slice().reverse()) expect(k.get(s)).toEqual(rec(s, 120));
    expect(k.get(seqs[0])).toBeUndefined(); // acknowledged and reused
    expect(k.get(seq + 1)).toBeUndefined();
    const gap = seqs.find((s, i) => i > 0 && s - seqs[i - 1] > 1 && held.includes(s)) as number;
    expect(k.get(gap - 1)).toBeUndefined();
    expect(k.firstUnackedSeq).toBe(held.find((s) => s > k.ackedThrough));
  });

  it('works with 4-byte write alignment', () => {
    const f = new SimFlash({ pageSize: 1024, pageCount: 4, writeAlign: 4 });
    const j = new Journal(f, crc);
    for (let s = 1; s <= 20; s++) j.append(s * 2, rec(s, 1 + s * 7));
    j.acknowledge(10);
    const k = new Journal(f, crc);
    expect(readRecords(k, 1, 100).map((e) => e.bytes.length)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + (i + 1) * 7));
    expect(k.ackedThrough).toBe(10);
  });

  it('validates its inputs with reason codes', () => {
    const j = new Journal(pixlFlash(), crc);
    j.append(10, rec(10));
    expect(storageError(() => j.append(10, rec(10))).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.append(11.5, rec(11))).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.append(11, new Uint8Array(0))).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.append(11, new Uint8Array(JOURNAL_MAX_RECORD + 1))).reason).toBe(Reason.MALFORMED);
    expect(storageError(() => j.acknowledge(11)).reason).toBe(Reason.UNKNOWN_RECORD);
    expect(j.canAppend(0)).toBe(false);
    expect(j.canAppend(JOURNAL_MAX_RECORD + 1)).toBe(false);
  });

  it('opens over garbage flash without inventing records, and appends', () => {
    const f = pixlFlash();
    const rng = new Prng(3);
    for (let i = 0; i < f.bytes.length; i++) f.bytes[i] = rng.int(256);
    const j = new Journal(f, crc);
    expect(j.lastSeq).toBe(0);
    expect(readRecords(j, 1, 10)).toEqual([]);
    j.append(1, rec(1));
    expect(readRecords(new Journal(f, crc), 1, 10).map((e) => e.seq)).toEqual([1]);
  });

  it('turns a failing flash into STORAGE_FAILURE', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    f.program = () => {
      throw new Error('flash controller error');
    };
    const e = storageError(() => j.append(1, rec(1)));
    expect(e.reason).toBe(Reason.STORAGE_FAILURE);
    expect(e.message).toMatch(/flash controller error/);
  });

  it('releases acknowledged segments for Storage compaction, keeping the newest', () => {
    const f = pixlFlash();
    const j = new Journal(f, crc);
    for (let s = 1; s <= 100; s++) j.append(s, rec(s));
    j.acknowledge(100);
    expect(releaseAcknowledged(j)).toBe(3);
    const k = new Journal(f, crc);
    expect(k.lastSeq).toBe(100);
    expect(k.ackedThrough).toBe(100);
    expect(k.lastRecord()).toEqual(rec(100));
  });
});
