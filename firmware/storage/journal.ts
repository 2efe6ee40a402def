import type { Crc32, Flash } from '../../hal/ports/flash';
import { Reason } from '../../protocol/reasons';
import { StorageError, storageFailure } from './errors';
import { BAD, END, MARKER_BYTES, entryStride, isErased, parseEntry, roundUp, writeEntry } from './entry';

// Append-only journal of opaque records (≤ 160 bytes) keyed by a caller-supplied,
// strictly increasing u32 sequence number, in segments of one flash page each.
//
// Segment: header [generation u32][prev u32][ack u32][check u16], then entries
// (firmware/storage/entry.ts). `prev` is the sequence number before the segment's first
// record; records are consecutive after it unless a SEQ entry moves it forward, so a
// 153-byte record costs 157 bytes and 26 fit a 4 KB page exactly. ACK entries and each
// header's ack field keep the acknowledged-through mark durable. Generations order the
// segments; the newest is never erased (it holds the newest record and the newest ack).
export const JOURNAL_MAX_RECORD = 160;
export const SEGMENT_HEADER_BYTES = 14;
const CONTROL_PAYLOAD = 5;
const KIND_SEQ = 1;
const KIND_ACK = 2;
const NONE = -1;

interface Segment {
  page: number;
  gen: number;
  headerPrev: number;
  first: number; // first record's seq, 0 when none
  last: number; // last record's seq, 0 when none
  count: number;
  end: number; // offset after the last committed entry
  tail: number; // seq the next record would follow
  writable: boolean; // the rest of the page is erased
  lastAt: number; // flash address of the last record's marker
}

export interface JournalEntry {
  seq: number;
  bytes: Uint8Array;
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

function isSeq(v: number): boolean {
  return typeof v === 'number' && v >= 1 && v <= 0xffffffff && Math.floor(v) === v;
}

export class Journal {
  private flash: Flash;
  private crc: Crc32;
  private pageSize: number;
  private align: number;
  private headerStride: number;
  private segs: (Segment | null)[];
  private current: Segment | null;
  private maxGen: number;
  private ack: number;
  private lastRecordSeq: number;
  private lastRecordSeg: Segment | null;
  private lastRecordAt: number; // flash address of the newest record's marker
  private unacked: number;
  // Where get() stopped: reading records one by one in order costs one entry each.
  private cursorSeg: Segment | null;
  private cursorOff: number;
  private cursorTail: number;
  private firstUnacked: number; // cached firstUnackedSeq, -1 when unknown

  // Scans the flash and recovers exactly the committed state.
  constructor(flash: Flash, crc: Crc32) {
    const g = flash.geometry;
    if (!(g.writeAlign === 1 || g.writeAlign === 2 || g.writeAlign === 4)) throw new Error('journal needs a write alignment of 1, 2 or 4');
    if (g.pageCount < 2) throw new Error('journal needs at least 2 pages');
    this.flash = flash;
    this.crc = crc;
    this.pageSize = g.pageSize;
    this.align = g.writeAlign;
    this.headerStride = roundUp(SEGMENT_HEADER_BYTES, g.writeAlign);
    if (this.headerStride + entryStride(JOURNAL_MAX_RECORD, g.writeAlign) + entryStride(CONTROL_PAYLOAD, g.writeAlign) > g.pageSize) {
      throw new Error('journal pages are too small for one record');
    }
    this.segs = [];
    this.current = null;
    this.maxGen = 0;
    this.ack = 0;
    this.lastRecordSeq = 0;
    this.lastRecordSeg = null;
    this.lastRecordAt = -1;
    this.unacked = 0;
    this.cursorSeg = null;
    this.cursorOff = 0;
    this.cursorTail = 0;
    this.firstUnacked = -1;
    try {
      this.scan();
    } catch (e) {
      throw storageFailure('journal scan failed', e);
    }
  }

  get lastSeq(): number {
    return this.lastRecordSeq;
  }

  get ackedThrough(): number {
    return this.ack;
  }

  get unackedCount(): number {
    return this.unacked;
  }

  // Sequence number of the oldest unacknowledged record, 0 when there is none.
  get firstUnackedSeq(): number {
    if (this.firstUnacked < 0) {
      let found = 0;
      this.forEach(this.ack + 1, (seq) => {
        found = seq;
        return false;
      });
      this.firstUnacked = found;
    }
    return this.firstUnacked;
  }

  // The record with sequence number `seq`, or undefined (never appended, or acknowledged
  // and its segment reused). In-order calls resume where the last one stopped.
  get(seq: number): Uint8Array | undefined {
    let seg = this.cursorSeg;
    if (!seg || this.segs[seg.page] !== seg || seq < seg.first || seq > seg.last) {
      seg = null;
      for (let p = 0; p < this.segs.length; p++) {
        const s = this.segs[p];
        if (s && s.count && s.first <= seq && seq <= s.last) seg = s;
      }
      if (!seg) return undefined;
    }
    let off = this.headerStride;
    let tail = seg.headerPrev;
    if (this.cursorSeg === seg && this.segs[seg.page] === seg && this.cursorTail < seq) {
      off = this.cursorOff;
      tail = this.cursorTail;
    }
    const base = seg.page * this.pageSize;
    while (off < seg.end) {
      const room = seg.end - off;
      const buf = this.flash.read(base + off, room < MARKER_BYTES + JOURNAL_MAX_RECORD ? room : MARKER_BYTES + JOURNAL_MAX_RECORD);
      const r = parseEntry(buf, 0, this.align, this.crc, tail + 1, JOURNAL_MAX_RECORD, CONTROL_PAYLOAD);
      if (r === END || r === BAD) throw new StorageError(Reason.STORAGE_FAILURE, 'journal entry after ' + tail + ' no longer reads back');
      const entry = r as Uint8Array;
      off += this.align === 1 ? entry.length : entryStride(entry.length - MARKER_BYTES, this.align);
      if (entry[0] === 0) {
        const value = u32(entry, MARKER_BYTES + 1);
        if (entry[MARKER_BYTES] === KIND_SEQ && value > tail) tail = value;
        continue;
      }
      tail++;
      if (tail >= seq) {
        this.cursorSeg = seg;
        this.cursorOff = off;
        this.cursorTail = tail;
        return tail === seq ? entry.subarray(MARKER_BYTES) : undefined;
      }
    }
    return undefined;
  }

  // Bytes of the newest record (its tag continues the firmware's hash chain).
  lastRecord(): Uint8Array | undefined {
    if (this.lastRecordAt < 0) return undefined;
    const len = this.flash.read(this.lastRecordAt, 1)[0];
    return this.flash.read(this.lastRecordAt + MARKER_BYTES, len);
  }

  // True when a record of `length` bytes (with sequence number `seq`, when known) can be
  // stored now, so that append will not throw JOURNAL_FULL.
  canAppend(length: number, seq?: number): boolean {
    if (!(length >= 1 && length <= JOURNAL_MAX_RECORD)) return false;
    return this.roomForRecord(length, seq ?? (this.current ? this.current.tail + 1 : this.lastRecordSeq + 1)) !== NONE;
  }

  // Durable when it returns. Throws StorageError before writing anything when the
  // record cannot be stored (JOURNAL_FULL) or the arguments are wrong (MALFORMED).
  append(seq: number, bytes: Uint8Array): void {
    if (!isSeq(seq) || seq <= this.lastRecordSeq) {
      throw new StorageError(Reason.MALFORMED, 'journal sequence ' + seq + ' does not follow ' + this.lastRecordSeq);
    }
    if (!(bytes instanceof Uint8Array) || bytes.length < 1 || bytes.length > JOURNAL_MAX_RECORD) {
      throw new StorageError(Reason.MALFORMED, 'journal record must be 1..' + JOURNAL_MAX_RECORD + ' bytes');
    }
    const room = this.roomForRecord(bytes.length, seq);
    if (room === NONE) throw new StorageError(Reason.JOURNAL_FULL, 'journal full: acknowledge records to free a segment');
    try {
      const seg = this.fitsCurrent(bytes.length, seq) ? (this.current as Segment) : this.openSegment(room, seq - 1);
      if (seq !== seg.tail + 1) this.writeControl(seg, KIND_SEQ, seq - 1);
      const at = seg.page * this.pageSize + seg.end;
      seg.end += writeEntry(this.flash, this.crc, at, seq, bytes.length, bytes);
      this.lastRecordAt = at;
      seg.tail = seq;
      if (!seg.first) seg.first = seq;
      seg.last = seq;
      seg.count++;
      this.lastRecordSeq = seq;
      this.lastRecordSeg = seg;
      this.unacked++;
      if (this.firstUnacked === 0) this.firstUnacked = seq;
    } catch (e) {
      if (this.current) this.current.writable = false;
      throw storageFailure('journal append failed', e);
    }
  }

  // Records through `throughSeq` are safely at the ledger; their segments may be reused.
  // Durable when it returns.
  acknowledge(throughSeq: number): void {
    if (!isSeq(throughSeq) || throughSeq > this.lastRecordSeq) {
      throw new StorageError(Reason.UNKNOWN_RECORD, 'acknowledgement ' + throughSeq + ' is beyond the last record ' + this.lastRecordSeq);
    }
    if (throughSeq <= this.ack) return;
    this.firstUnacked = -1;
    const freed = this.countBetween(this.ack, throughSeq);
    const stride = entryStride(CONTROL_PAYLOAD, this.align);
    const cur = this.current as Segment;
    try {
      if (cur.writable && cur.end + stride <= this.pageSize) {
        this.writeControl(cur, KIND_ACK, throughSeq);
        this.ack = throughSeq;
      } else {
        // No room for the mark in the newest segment: a fresh segment's header carries
        // it. The erase may use the new mark: those records are at the ledger already.
        const old = this.ack;
        this.ack = throughSeq;
        const room = this.roomFor(this.pageSize);
        if (room === NONE) {
          this.ack = old;
          throw new StorageError(Reason.JOURNAL_FULL, 'no segment free to record the acknowledgement');
        }
        this.openSegment(room, cur.tail);
      }
    } catch (e) {
      if (this.current) this.current.writable = false;
      throw storageFailure('journal acknowledgement failed', e);
    }
    this.unacked -= freed;
  }

  // Records with before < seq <= through. Only a segment straddling a bound is read.
  private countBetween(before: number, through: number): number {
    let n = 0;
    for (let p = 0; p < this.segs.length; p++) {
      const s = this.segs[p];
      if (!s || !s.count || s.last <= before || s.first > through) continue;
      if (s.first > before && s.last <= through) {
        n += s.count;
        continue;
      }
      n += this.countIn(s, before, through);
    }
    return n;
  }

  private countIn(seg: Segment, before: number, through: number): number {
    let n = 0;
    this.walk(seg, before + 1, (seq) => {
      if (seq > through) return false;
      n++;
      return true;
    });
    return n;
  }

  // Erases every segment whose records are all acknowledged, except the newest ones.
  // On Storage-based boards this runs before compactStorage() (hal/espruino) so that
  // compaction reclaims their space; elsewhere segments are erased when reused.
  releaseAcknowledged(): number {
    let n = 0;
    try {
      for (let p = 0; p < this.segs.length; p++) {
        const s = this.segs[p];
        if (!s || s === this.current || s === this.lastRecordSeg || (s.count && s.last > this.ack)) continue;
        this.segs[p] = null;
        this.flash.erasePage(p);
        n++;
      }
    } catch (e) {
      throw storageFailure('journal segment release failed', e);
    }
    return n;
  }

  // Calls fn for each committed record with seq >= fromSeq, oldest first, until fn
  // returns false. Used as the export cursor and to rebuild totals at boot.
  forEach(fromSeq: number, fn: (seq: number, bytes: Uint8Array) => boolean): void {
    const order = this.ordered();
    for (let i = 0; i < order.length; i++) {
      const s = order[i];
      if (!s.count || s.last < fromSeq) continue;
      if (!this.walk(s, fromSeq, fn)) return;
    }
  }

  // Up to `max` records with seq >= fromSeq.
  read(fromSeq: number, max: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    if (max <= 0) return out;
    this.forEach(fromSeq, (seq, bytes) => {
      out.push({ seq: seq, bytes: bytes });
      return out.length < max;
    });
    return out;
  }

  // Records the journal can hold when empty, at `recordLength` bytes each.
  capacity(recordLength: number): number {
    const per = Math.floor((this.pageSize - this.headerStride) / entryStride(recordLength, this.align));
    return per * this.flash.geometry.pageCount;
  }

  private ordered(): Segment[] {
    const list: Segment[] = [];
    for (let p = 0; p < this.segs.length; p++) {
      const s = this.segs[p];
      if (s) list.push(s);
    }
    return list.sort((a, b) => a.gen - b.gen);
  }

  // Page for a record: the newest segment when the record can follow its last entry
  // (a sequence number at or below its tail — left by a cut append — cannot), else a
  // fresh segment whose header starts just below `seq`.
  private roomForRecord(length: number, seq: number): number {
    return this.fitsCurrent(length, seq) ? (this.current as Segment).page : this.roomFor(this.pageSize);
  }

  private fitsCurrent(length: number, seq: number): boolean {
    const cur = this.current;
    if (!cur || !cur.writable || seq <= cur.tail) return false;
    const jump = seq !== cur.tail + 1 ? entryStride(CONTROL_PAYLOAD, this.align) : 0;
    return cur.end + entryStride(length, this.align) + jump <= this.pageSize;
  }

  // Page to write the next `need` bytes in: the newest segment when it has room,
  // else a page that may be erased, else NONE.
  private roomFor(need: number): number {
    const cur = this.current;
    if (cur && cur.writable && cur.end + need <= this.pageSize) return cur.page;
    let best = NONE;
    let bestGen = 0;
    for (let p = 0; p < this.segs.length; p++) {
      const s = this.segs[p];
      if (!s) return p;
      // The newest segment is kept (it holds the newest record, ack and tail) unless a cut
      // left it torn and empty.
      if ((s === cur && (s.count || s.writable)) || s === this.lastRecordSeg || (s.count && s.last > this.ack)) continue;
      if (best === NONE || s.gen < bestGen) {
        best = p;
        bestGen = s.gen;
      }
    }
    return best;
  }

  private openSegment(page: number, prev: number): Segment {
    this.segs[page] = null;
    this.flash.erasePage(page);
    const gen = this.maxGen + 1;
    const h = new Uint8Array(this.headerStride).fill(0xff);
    this.fillHeader(h, gen, prev, this.ack);
    this.flash.program(page * this.pageSize, h);
    if (this.flash.sync) this.flash.sync();
    const seg: Segment = { page: page, gen: gen, headerPrev: prev, first: 0, last: 0, count: 0, end: this.headerStride, tail: prev, writable: true, lastAt: -1 };
    this.segs[page] = seg;
    this.maxGen = gen;
    this.current = seg;
    return seg;
  }

  private fillHeader(h: Uint8Array, gen: number, prev: number, ack: number): void {
    putU32(h, 0, gen);
    putU32(h, 4, prev);
    putU32(h, 8, ack);
    h[12] = 0x4b; // 'K'
    h[13] = 0x4a; // 'J'
    const c = this.crc(h.subarray(0, SEGMENT_HEADER_BYTES));
    h[12] = c & 0xff;
    h[13] = (c >>> 8) & 0xff;
  }

  private writeControl(seg: Segment, kind: number, value: number): void {
    const p = new Uint8Array(CONTROL_PAYLOAD);
    p[0] = kind;
    putU32(p, 1, value);
    seg.end += writeEntry(this.flash, this.crc, seg.page * this.pageSize + seg.end, seg.tail + 1, 0, p);
    if (kind === KIND_SEQ) seg.tail = value;
  }

  // Boot scan of one segment: verifies every entry and rebuilds the summary. The page
  // is read once (one native call) and parsed in RAM.
  private scanSegment(seg: Segment, isCurrent: boolean): void {
    let off = this.headerStride;
    let tail = seg.headerPrev;
    const base = seg.page * this.pageSize;
    const page = this.flash.read(base, this.pageSize);
    for (;;) {
      const r = parseEntry(page, off, this.align, this.crc, tail + 1, JOURNAL_MAX_RECORD, CONTROL_PAYLOAD);
      if (r === END || r === BAD) {
        seg.end = off;
        seg.tail = tail;
        seg.writable = isCurrent && r === END && isErased(this.crc, page.subarray(off));
        return;
      }
      const entry = r as Uint8Array;
      if (entry[0] === 0) {
        const value = u32(entry, MARKER_BYTES + 1);
        if (entry[MARKER_BYTES] === KIND_SEQ && value > tail) tail = value;
        else if (entry[MARKER_BYTES] === KIND_ACK && value > this.ack) this.ack = value;
      } else {
        tail++;
        seg.lastAt = base + off;
        if (!seg.first) seg.first = tail;
        seg.last = tail;
        seg.count++;
      }
      off += this.align === 1 ? entry.length : entryStride(entry.length - MARKER_BYTES, this.align);
    }
  }

  // Visits the records of one segment from `fromSeq`; false when fn stopped it. Every
  // entry is checked again (flash may have decayed since boot); a record that no longer
  // verifies is a STORAGE_FAILURE. The bytes handed out are views of one page read.
  private walk(seg: Segment, fromSeq: number, fn: (seq: number, bytes: Uint8Array) => boolean): boolean {
    let off = this.headerStride;
    let tail = seg.headerPrev;
    const page = this.flash.read(seg.page * this.pageSize, seg.end);
    while (off < seg.end) {
      const r = parseEntry(page, off, this.align, this.crc, tail + 1, JOURNAL_MAX_RECORD, CONTROL_PAYLOAD);
      if (r === END || r === BAD) throw new StorageError(Reason.STORAGE_FAILURE, 'journal entry after ' + tail + ' no longer reads back');
      const entry = r as Uint8Array;
      if (entry[0] === 0) {
        const value = u32(entry, MARKER_BYTES + 1);
        if (entry[MARKER_BYTES] === KIND_SEQ && value > tail) tail = value;
      } else {
        tail++;
        if (tail >= fromSeq && !fn(tail, entry.subarray(MARKER_BYTES))) return false;
      }
      off += this.align === 1 ? entry.length : entryStride(entry.length - MARKER_BYTES, this.align);
    }
    return true;
  }

  private scan(): void {
    const n = this.flash.geometry.pageCount;
    for (let p = 0; p < n; p++) {
      const h = this.flash.read(p * this.pageSize, SEGMENT_HEADER_BYTES);
      const gen = u32(h, 0);
      if (gen === 0xffffffff) {
        this.segs.push(null); // erased (or a missing Storage file): no check to compute
        continue;
      }
      const copy = new Uint8Array(this.headerStride).fill(0xff);
      this.fillHeader(copy, gen, u32(h, 4), u32(h, 8));
      if (gen === 0 || copy[12] !== h[12] || copy[13] !== h[13]) {
        this.segs.push(null);
        continue;
      }
      const ack = u32(h, 8);
      if (ack > this.ack) this.ack = ack;
      if (gen > this.maxGen) this.maxGen = gen;
      this.segs.push({ page: p, gen: gen, headerPrev: u32(h, 4), first: 0, last: 0, count: 0, end: 0, tail: 0, writable: false, lastAt: -1 });
    }
    const order = this.ordered();
    const cur = order.length ? order[order.length - 1] : null;
    for (let i = 0; i < order.length; i++) {
      const s = order[i];
      this.scanSegment(s, s === cur);
      if (s.count && s.last > this.lastRecordSeq) {
        this.lastRecordSeq = s.last;
        this.lastRecordSeg = s;
        this.lastRecordAt = s.lastAt;
      }
    }
    this.current = cur;
    if (this.ack > this.lastRecordSeq) this.ack = this.lastRecordSeq;
    this.unacked = this.countBetween(this.ack, this.lastRecordSeq);
  }
}
