import type { Crc32, Flash } from '../../hal/ports/flash';
import { Reason } from '../../protocol/reasons';
import { StorageError, toStorageError } from './errors';
import { MARKER_BYTES, PageLog, putU32, u32 } from './entry';

// Append-only journal of opaque records (≤ 160 bytes) keyed by a caller-supplied,
// strictly increasing u32 sequence number, in segments of one flash page each.
//
// Segment: header [generation u32][prev u32][ack u32][check u16], then entries
// (firmware/storage/entry.ts). `prev` is the sequence number before the segment's first
// record; records are consecutive after it unless a SEQ entry moves it forward, so a
// 153-byte record costs 157 bytes and 26 fit a 4 KB page exactly. ACK entries and each
// header's ack field keep the acknowledged-through mark durable. Generations order the
// segments; the newest is never erased (it holds the newest record and the newest ack).
// Segments' sequence ranges never overlap and grow with their generation: records are
// appended in order and a segment is only opened above the newest one's tail.
// Operations the terminal does not need (export walk, counts, release before Storage
// compaction) are in journal-tools.ts.
export const JOURNAL_MAX_RECORD = 160;
export const SEGMENT_HEADER_BYTES = 14;
const HEADER_KIND = 0x4a; // 'J'
const CONTROL_PAYLOAD = 5; // [kind u8][value u32]
const KIND_SEQ = 1;
const KIND_ACK = 2;

export interface Segment {
  page: number;
  gen: number;
  prev: number; // the header's prev
  lastSeq: number; // last record's seq, 0 when none
  end: number; // offset after the last committed entry
  tail: number; // seq the next record would follow
  appendable: boolean; // the newest segment, and the rest of its page is erased
}

export class Journal extends PageLog {
  lastSeq: number; // the newest record's, 0 before the first
  ackedThrough: number;
  headerStride: number;
  segs: (Segment | null)[]; // by page
  cur: Segment | null; // the newest segment
  maxGen: number;
  lastAt: number; // flash address of the newest record's marker
  lastSeg: Segment | null; // the newest record's segment
  // Where seek() stopped, so that reading records in order costs one entry each.
  atSeg: Segment | null;
  atOff: number;
  atSeq: number;

  // Scans the flash and recovers exactly the committed state.
  constructor(flash: Flash, crc: Crc32) {
    super(flash, crc);
    const size = this.pageBytes;
    this.headerStride = this.stride(SEGMENT_HEADER_BYTES - MARKER_BYTES); // the header, aligned
    this.segs = [];
    this.cur = this.lastSeg = this.atSeg = null;
    this.lastSeq = this.ackedThrough = this.maxGen = this.atOff = this.atSeq = 0;
    this.lastAt = -1;
    for (let p = 0; p < flash.geometry.pageCount; p++) {
      const h = flash.read(p * size, SEGMENT_HEADER_BYTES);
      const gen = u32(h, 0);
      let s: Segment | null = null;
      if (gen && gen < 0xffffffff && !((this.headerCheck(h, 12, HEADER_KIND) ^ h[12] ^ (h[13] << 8)) & 0xffff)) {
        const prev = u32(h, 4);
        const ack = u32(h, 8);
        s = { page: p, gen: gen, prev: prev, lastSeq: 0, end: 0, tail: 0, appendable: false };
        if (ack > this.ackedThrough) this.ackedThrough = ack;
        if (gen > this.maxGen) {
          this.maxGen = gen;
          this.cur = s;
        }
        this.walk(s, this.headerStride, prev, 0);
      }
      this.segs.push(s);
    }
    const c = this.cur;
    if (c) c.appendable = this.isErased(flash.read(c.page * size + c.end, size - c.end));
    if (this.ackedThrough > this.lastSeq) this.ackedThrough = this.lastSeq;
  }

  // Sequence number of the oldest unacknowledged record, 0 when there is none.
  get firstUnackedSeq(): number {
    return this.seek(this.ackedThrough + 1) ? this.atSeq : 0;
  }

  // The record with sequence number `seq`, or undefined (never appended, or acknowledged
  // and its segment reused).
  get(seq: number): Uint8Array | undefined {
    const r = this.seek(seq);
    return r && this.atSeq === seq ? r : undefined;
  }

  // The first record numbered `seq` or more (its number then in atSeq), or undefined.
  // In-order calls resume where the last one stopped.
  seek(seq: number): Uint8Array | undefined {
    let s = this.atSeg;
    if (s && this.segs[s.page] === s && this.atSeq < seq && seq <= s.lastSeq) return this.walk(s, this.atOff, this.atSeq, seq);
    s = null;
    for (const t of this.segs) if (t && t.lastSeq >= seq && (!s || t.lastSeq < s.lastSeq)) s = t;
    return s ? this.walk(s, this.headerStride, s.prev, seq) : undefined;
  }

  // Bytes of the newest record (its tag continues the firmware's hash chain).
  lastRecord(): Uint8Array | undefined {
    const at = this.lastAt;
    return at < 0 ? undefined : this.dev.read(at + MARKER_BYTES, this.dev.read(at, 1)[0]);
  }

  // True when a record of `length` bytes (numbered `seq`, by default the one after the
  // newest) can be stored now, so that append will not throw JOURNAL_FULL.
  canAppend(length: number, seq?: number): boolean {
    return length >= 1 && length <= JOURNAL_MAX_RECORD && this.place(length, seq ?? this.lastSeq + 1) !== -1;
  }

  // Durable when it returns. Throws StorageError before writing anything when the
  // record cannot be stored (JOURNAL_FULL) or the arguments are wrong (MALFORMED).
  append(seq: number, bytes: Uint8Array): void {
    const n = bytes.length;
    if (!(seq > this.lastSeq && seq % 1 === 0 && n >= 1 && n <= JOURNAL_MAX_RECORD)) {
      throw new StorageError(Reason.MALFORMED, 'journal record ' + seq + ' does not follow ' + this.lastSeq + ' or is not 1..' + JOURNAL_MAX_RECORD + ' bytes');
    }
    const room = this.place(n, seq);
    if (room === -1) throw new StorageError(Reason.JOURNAL_FULL, 'journal full: acknowledge records to free a segment');
    try {
      const s = typeof room === 'number' ? this.open(room, seq - 1) : room;
      if (seq !== s.tail + 1) this.control(s, KIND_SEQ, seq - 1);
      const at = s.end;
      s.end += this.writeEntry(s.page, at, seq, n, bytes);
      this.lastAt = s.page * this.pageBytes + at;
      s.tail = s.lastSeq = this.lastSeq = seq;
      this.lastSeg = s;
    } catch (e) {
      throw this.fail(e);
    }
  }

  // Records through `throughSeq` are safely at the ledger; their segments may be reused.
  // Durable when it returns.
  acknowledge(throughSeq: number): void {
    const old = this.ackedThrough;
    if (!(throughSeq >= 1 && throughSeq <= this.lastSeq)) {
      throw new StorageError(Reason.UNKNOWN_RECORD, 'acknowledgement ' + throughSeq + ' is beyond the last record ' + this.lastSeq);
    }
    if (throughSeq <= old) return;
    const c = this.cur as Segment;
    try {
      if (c.appendable && c.end + this.stride(CONTROL_PAYLOAD) <= this.pageBytes) {
        this.control(c, KIND_ACK, throughSeq);
        this.ackedThrough = throughSeq;
      } else {
        // No room for the mark in the newest segment: a fresh segment's header carries
        // it. The erase may use the new mark: those records are at the ledger already.
        this.ackedThrough = throughSeq;
        const room = this.free();
        if (room === -1) {
          this.ackedThrough = old;
          throw new StorageError(Reason.JOURNAL_FULL, 'no segment free to record the acknowledgement');
        }
        this.open(room, c.tail);
      }
    } catch (e) {
      throw this.fail(e);
    }
  }

  private fail(e: unknown): StorageError {
    if (this.cur) this.cur.appendable = false;
    return toStorageError(e);
  }

  // Where a `length`-byte record numbered `seq` goes: the newest segment when it can
  // follow its last entry (with a SEQ entry before it unless it is the next number; one
  // at or below the tail — left by a cut append — cannot), else the page of a fresh
  // segment (free()), or -1.
  private place(length: number, seq: number): Segment | number {
    const c = this.cur;
    if (c && c.appendable && seq > c.tail && c.end + this.stride(length) + (seq > c.tail + 1 ? this.stride(CONTROL_PAYLOAD) : 0) <= this.pageBytes) return c;
    return this.free();
  }

  // A page that may be erased: an empty one, else the oldest segment that holds neither
  // unacknowledged records nor the newest record, nor is the newest segment (unless a
  // cut left that one torn and empty); -1 when there is none.
  private free(): number {
    let best: Segment | null = null;
    for (let p = 0; p < this.segs.length; p++) {
      const s = this.segs[p];
      if (!s) return p;
      if ((s === this.cur && (s.lastSeq || s.appendable)) || s === this.lastSeg || s.lastSeq > this.ackedThrough) continue;
      if (!best || s.gen < best.gen) best = s;
    }
    return best ? best.page : -1;
  }

  private open(page: number, prev: number): Segment {
    this.segs[page] = null;
    this.dev.erasePage(page);
    const gen = ++this.maxGen;
    const h = new Uint8Array(this.headerStride).fill(0xff);
    putU32(h, 0, gen);
    putU32(h, 4, prev);
    putU32(h, 8, this.ackedThrough);
    const c = this.headerCheck(h, 12, HEADER_KIND);
    h[12] = c;
    h[13] = c >>> 8;
    this.commit(page * this.pageBytes, h);
    return (this.segs[page] = this.cur = { page: page, gen: gen, prev: prev, lastSeq: 0, end: this.headerStride, tail: prev, appendable: true });
  }

  private control(s: Segment, kind: number, value: number): void {
    const p = new Uint8Array(CONTROL_PAYLOAD);
    p[0] = kind;
    putU32(p, 1, value);
    s.end += this.writeEntry(s.page, s.end, s.tail + 1, 0, p);
    if (kind === KIND_SEQ) s.tail = value;
  }

  // Reads segment s from byte `off`, where the sequence number before the next entry is
  // `tail`, one page read parsed in RAM. With `until` 0 (boot): every committed entry,
  // rebuilding the segment's summary and the journal's marks. Otherwise: up to the first
  // record numbered `until` or more, returned as a view after the cursor is moved past
  // it; every entry is checked again (flash may have decayed since boot), and one that
  // no longer verifies is a STORAGE_FAILURE.
  private walk(s: Segment, off: number, tail: number, until: number): Uint8Array | undefined {
    const base = s.page * this.pageBytes;
    const buf = this.dev.read(base + off, (until ? s.end : this.pageBytes) - off);
    const align = this.align;
    let at = 0;
    for (;;) {
      const r = this.readEntry(buf, at, tail + 1, JOURNAL_MAX_RECORD, CONTROL_PAYLOAD);
      if (!r) {
        if (until) throw new StorageError(Reason.STORAGE_FAILURE, 'journal entry after ' + tail + ' no longer reads back');
        s.end = off + at;
        s.tail = tail;
        return undefined;
      }
      const next = at + ((r.length + align - 1) & -align);
      if (r[0]) {
        tail++;
        if (!until) {
          s.lastSeq = tail;
          if (tail > this.lastSeq) {
            this.lastSeq = tail;
            this.lastAt = base + off + at;
            this.lastSeg = s;
          }
        } else if (tail >= until) {
          this.atSeg = s;
          this.atOff = off + next;
          this.atSeq = tail;
          return r.subarray(MARKER_BYTES);
        }
      } else {
        const v = u32(r, MARKER_BYTES + 1);
        if (r[MARKER_BYTES] === KIND_SEQ) {
          if (v > tail) tail = v;
        } else if (!until && r[MARKER_BYTES] === KIND_ACK && v > this.ackedThrough) this.ackedThrough = v;
      }
      at = next;
    }
  }
}
