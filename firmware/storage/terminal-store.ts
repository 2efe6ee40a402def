import type { Crc32, Flash } from '../../hal/ports/flash';
import type { TerminalStore } from '../terminal/store';
import { GENESIS_TAG } from '../../protocol/auth';
import { TAG_BYTES } from '../../protocol/messages/record';
import { Reason } from '../../protocol/reasons';
import { StorageError, toStorageError } from './errors';
import { MARKER_BYTES } from './entry';
import { putU32, u32 } from '../../protocol/bytes';
import { CONTROL_PAYLOAD, Control, JOURNAL_HEADER_KIND, JOURNAL_MAX_RECORD, SEGMENT_HEADER_BYTES } from './journal';
import { ENROLMENT_KEY, META_HEADER_BYTES, META_HEADER_KIND, META_MAX_VALUE, REQUEST_COUNTER_KEY, SETTINGS_KEY } from './meta-log';
import type { OpenedStorage } from './layout';

// Columns of the segment table: one row of u32 per journal page, Gen 0 when the page
// holds no valid segment.
enum Seg {
  Gen = 0, // (read as T[row]: the first column)
  Prev = 1, // the header's prev
  Last = 2, // last record's seq, 0 when none
  End = 3, // offset after the last committed entry
  Tail = 4, // seq the next record would follow
  Columns = 5,
}

// What place() found room in besides a fresh page.
enum Room {
  None = -1,
  Current = -2, // after the newest segment's last entry
}

// Config slots the terminal names at run time.
function configKey(name: string): number {
  const k = ({ 'enrol': ENROLMENT_KEY, 'settings': SETTINGS_KEY } as Record<string, number>)[name];
  if (!k) throw new StorageError(Reason.MALFORMED, 'no config slot named ' + name);
  return k;
}

// The terminal's TerminalStore over flash, in one object so the device holds few
// functions: the journal (journal.ts: records with consecutive sequence numbers, never
// reused since the newest record's segment is never erased), the meta log (meta-log.ts:
// config blobs and the request counter's reserve) and the counter itself, which raises
// its reserved mark by a whole block before handing out the first value past it (one
// 9-byte entry per block, no erase; after a reboot counting resumes above the mark,
// skipping at most a block, never repeating a value). The boot scan is the constructor,
// its helpers nested so they are freed after boot. Host-only operations (export walk,
// counts, segment release) are in journal-tools.ts.
export class FlashTerminalStore implements TerminalStore {
  // Own properties in the order they are assigned: Espruino finds a property (and,
  // after them, a method) by scanning the object's own properties, so hot ones come
  // first; methods likewise, hot ones first (the boot scan's readEntry leads).
  crc32!: Crc32;
  align!: number;
  segs!: Uint32Array; // Seg columns by page
  cur!: number; // the newest segment's page, -1 when none
  appendable!: number; // 1: the newest segment, and the rest of its page is erased
  newestSeq!: number; // the newest record's, 0 before the first
  pageBytes!: number; // journal page
  dev!: Flash; // journal
  lastAt!: number; // flash address of the newest record's marker, -1 when none
  lastSeg!: number; // the newest record's page
  ackedThrough!: number;
  // Where the last read stopped (page, -1 when none or since open() may have reused it),
  // so that reading records in order costs one entry each.
  atSeg!: number;
  headerStride!: number; // the segment header, aligned
  maxGen!: number;
  issued!: number; // the last request counter handed out (or skipped after a reboot)
  limit!: number; // the reserved mark
  block!: number;
  cache!: Record<number, Uint8Array>; // meta entry payloads ([key][value]) by key
  meta!: Flash;
  metaPage!: number; // page in charge, -1 before the first put
  metaGen!: number;
  metaEnd!: number;
  metaAppendable!: number;
  // Set by the first read, with atSeg: offset after the record read last, and its seq.
  atOff!: number;
  atSeq!: number;

  // Scans both flashes and recovers exactly the committed state.
  constructor(o: OpenedStorage) {
    const st = this;
    const jf = o.journal;
    const mf = o.meta;
    const crc = o.crc;
    const size = jf.geometry.pageSize;
    const msize = mf.geometry.pageSize;
    // Compares CRCs so that the device does the work in its native CRC rather than an
    // interpreted loop.
    const erased = (b: Uint8Array) => +(crc(b) === crc(new Uint8Array(b.length).fill(0xff)));
    st.crc32 = crc;
    st.align = jf.geometry.writeAlign;
    const T = (st.segs = new Uint32Array(jf.geometry.pageCount * Seg.Columns));
    st.cur = -1;
    st.appendable = st.newestSeq = 0;
    st.pageBytes = size;
    st.dev = jf;
    st.lastAt = st.lastSeg = st.atSeg = -1;
    st.ackedThrough = 0;
    st.headerStride = st.stride(SEGMENT_HEADER_BYTES - MARKER_BYTES);
    st.maxGen = 0;
    st.block = o.block;
    for (let p = 0, i = 0; i < T.length; p++, i += Seg.Columns) {
      const h = st.header(jf, p, JOURNAL_HEADER_KIND);
      if (h) {
        const gen = u32(h, 0);
        const ack = u32(h, 8);
        T[i] = gen;
        T[i + Seg.Prev] = u32(h, 4);
        if (ack > st.ackedThrough) st.ackedThrough = ack;
        if (gen > st.maxGen) {
          st.maxGen = gen;
          st.cur = p;
        }
        st.walk(p, st.headerStride, T[i + Seg.Prev], 0);
      }
    }
    const c = st.cur;
    if (c >= 0) {
      const end = T[c * Seg.Columns + Seg.End];
      st.appendable = erased(jf.read(c * size + end, size - end));
    }
    if (st.ackedThrough > st.newestSeq) st.ackedThrough = st.newestSeq;

    st.cache = {};
    st.meta = mf;
    st.metaPage = -1;
    st.metaGen = st.metaEnd = st.metaAppendable = 0;
    for (let p = 0; p < 2; p++) {
      const h = st.header(mf, p, META_HEADER_KIND);
      if (h && u32(h, 0) > st.metaGen) {
        st.metaGen = u32(h, 0);
        st.metaPage = p;
      }
    }
    if (st.metaPage >= 0) {
      const page = mf.read(st.metaPage * msize, msize);
      let off = META_HEADER_BYTES;
      for (let r; (r = st.readEntry(page, off, st.metaGen, META_MAX_VALUE + 1, -1)); off += st.stride(r.length - MARKER_BYTES)) {
        st.cache[r[MARKER_BYTES]] = new Uint8Array(r.subarray(MARKER_BYTES));
      }
      st.metaEnd = off;
      st.metaAppendable = erased(page.subarray(off));
    }
    const v = st.cache[REQUEST_COUNTER_KEY];
    st.issued = st.limit = v && v.length > 1 ? u32(v, 1) : 0;
  }

  // Parses the entry at `off` in `buf` (bytes read in one go). Returns the marker and
  // payload as a view (byte 0 is the length byte, the payload starts at MARKER_BYTES), or
  // undefined when nothing committed is there: the erased end of the log, or a torn or
  // foreign entry. Length bytes 1..maxLength give the payload size; 0 gives `zeroLength`
  // (-1: not allowed). Written flat: this runs once per entry at every boot.
  readEntry(buf: Uint8Array, off: number, context: number, maxLength: number, zeroLength: number): Uint8Array | undefined {
    const lb = buf[off];
    const len = lb === 0 ? zeroLength : lb <= maxLength ? lb : -1;
    if (len < 0 || ((MARKER_BYTES + len + this.align - 1) & -this.align) > buf.length - off) return undefined;
    const c = this.crc32(buf.subarray(off + MARKER_BYTES, off + MARKER_BYTES + len)) ^ context ^ (context >>> 24);
    if ((c & 0xffffff) !== u32(buf, off) >>> 8) return undefined;
    return buf.subarray(off, off + MARKER_BYTES + len);
  }

  // Bytes an entry with a `payloadLength`-byte payload occupies.
  stride(payloadLength: number): number {
    return (MARKER_BYTES + payloadLength + this.align - 1) & -this.align;
  }

  // Programs payload then marker at `at` of flash `d`, durably. Returns the bytes the
  // entry occupies. A failing flash becomes a StorageError here and in header(): the
  // callers clear their appendable flag while they write, so that a failed write leaves
  // the page closed to appends (its end is unknown).
  writeEntry(d: Flash, at: number, context: number, lengthByte: number, payload: Uint8Array): number {
    const n = payload.length;
    const stride = this.stride(n);
    let body = payload;
    if (stride !== MARKER_BYTES + n) {
      body = new Uint8Array(stride - MARKER_BYTES).fill(0xff);
      body.set(payload);
    }
    const marker = new Uint8Array(MARKER_BYTES);
    // The check is computed over the payload as it will lie in flash, so checking an
    // entry needs no copy (one native CRC call).
    putU32(marker, 0, lengthByte | ((this.crc32(payload) ^ context ^ (context >>> 24)) << 8));
    try {
      if (n) d.program(at + MARKER_BYTES, body);
      d.program(at, marker);
      if (d.sync) d.sync();
    } catch (e) {
      throw toStorageError(e);
    }
    return stride;
  }

  // Where a `length`-byte record numbered newestSeq + 1 goes: Room.Current when it can
  // follow the newest segment's last entry (not when that segment's tail is past the
  // newest record: a SEQ entry left by a cut appendAt, journal-tools.ts), else the page
  // of a fresh segment: an empty one, else the oldest segment that holds neither
  // unacknowledged records nor the newest record, nor is the newest segment (unless a
  // cut left that one torn and empty); Room.None when there is none.
  place(length: number): number {
    const T = this.segs;
    const c = this.cur;
    const r = c * Seg.Columns;
    // Only read c's row when there is one: Espruino throws on a negative index.
    if (this.appendable && T[r + Seg.Tail] === this.newestSeq && T[r + Seg.End] + this.stride(length) <= this.pageBytes) return Room.Current;
    let best = Room.None;
    for (let p = 0, i = 0; i < T.length; p++, i += Seg.Columns) {
      if (!T[i]) return p;
      if ((p === c && (T[i + Seg.Last] || this.appendable)) || p === this.lastSeg || T[i + Seg.Last] > this.ackedThrough) continue;
      if (best < 0 || T[i] < T[best * Seg.Columns]) best = p;
    }
    return best;
  }

  // Reads the segment on `page` from byte `off`, where the sequence number before the
  // next entry is `tail`, one page read parsed in RAM. With `until` 0 (boot): every
  // committed entry, rebuilding the segment's row and the journal's marks. Otherwise: up
  // to the first record numbered `until` or more, returned as a view after the cursor is
  // moved past it; every entry is checked again (flash may have decayed since boot), and
  // one that no longer verifies is a STORAGE_FAILURE.
  private walk(page: number, off: number, tail: number, until: number): Uint8Array | undefined {
    const T = this.segs;
    const i = page * Seg.Columns;
    const base = page * this.pageBytes;
    const buf = this.dev.read(base + off, (until ? T[i + Seg.End] : this.pageBytes) - off);
    const align = this.align;
    let at = 0;
    let last = 0; // boot: the last record's seq and offset, kept in locals until the end
    let lastAt = 0;
    for (;;) {
      const r = this.readEntry(buf, at, tail + 1, JOURNAL_MAX_RECORD, CONTROL_PAYLOAD);
      if (!r) {
        if (until) throw new StorageError(Reason.STORAGE_FAILURE, 'journal entry after ' + tail + ' no longer reads back');
        T[i + Seg.End] = off + at;
        T[i + Seg.Tail] = tail;
        T[i + Seg.Last] = last;
        if (last > this.newestSeq) {
          this.newestSeq = last;
          this.lastAt = base + off + lastAt;
          this.lastSeg = page;
        }
        return undefined;
      }
      const next = at + ((r.length + align - 1) & -align);
      if (r[0]) {
        tail++;
        if (!until) {
          last = tail;
          lastAt = at;
        } else if (tail >= until) {
          this.atSeg = page;
          this.atOff = off + next;
          this.atSeq = tail;
          return r.subarray(MARKER_BYTES);
        }
      } else {
        const v = u32(r, MARKER_BYTES + 1);
        if (r[MARKER_BYTES] === Control.Seq) {
          if (v > tail) tail = v;
          // (An ACK is never above the mark booted from: reads may pass it again.)
        } else if (r[MARKER_BYTES] === Control.Ack && v > this.ackedThrough) this.ackedThrough = v;
      }
      at = next;
    }
  }

  // The record numbered `seq`, or null (never appended, or acknowledged and its segment
  // reused). With `atLeast`: the first record numbered `seq` or more (its number then in
  // atSeq). In-order calls resume where the last one stopped.
  read(seq: number, atLeast?: boolean): Uint8Array | null {
    const T = this.segs;
    let p = this.atSeg;
    let r: Uint8Array | undefined;
    if (p >= 0 && this.atSeq < seq && seq <= T[p * Seg.Columns + Seg.Last]) {
      r = this.walk(p, this.atOff, this.atSeq, seq);
    } else {
      p = -1;
      for (let q = 0, i = 0; i < T.length; q++, i += Seg.Columns) {
        if (T[i] && T[i + Seg.Last] >= seq && (p < 0 || T[i + Seg.Last] < T[p * Seg.Columns + Seg.Last])) p = q;
      }
      if (p >= 0) r = this.walk(p, this.headerStride, T[p * Seg.Columns + Seg.Prev], seq);
    }
    return r && (atLeast || this.atSeq === seq) ? r : null;
  }

  // Appends the record numbered newestSeq + 1 (appendAt in journal-tools.ts skips
  // numbers for tests and tools), durable when it returns. Throws StorageError before
  // writing anything when the record cannot be stored (JOURNAL_FULL) or its length is
  // wrong (MALFORMED).
  append(bytes: Uint8Array): void {
    const n = bytes.length;
    const T = this.segs;
    const seq = this.newestSeq + 1;
    if (!(n >= 1 && n <= JOURNAL_MAX_RECORD)) throw new StorageError(Reason.MALFORMED, 'journal record is not 1..' + JOURNAL_MAX_RECORD + ' bytes');
    let p = this.place(n);
    if (p === Room.None) throw new StorageError(Reason.JOURNAL_FULL, 'journal full: acknowledge records to free a segment');
    if (p === Room.Current) p = this.cur;
    else this.open(p, seq - 1);
    this.appendable = 0;
    const i = p * Seg.Columns;
    const at = p * this.pageBytes + T[i + Seg.End];
    T[i + Seg.End] += this.writeEntry(this.dev, at, seq, n, bytes);
    this.lastAt = at;
    T[i + Seg.Tail] = T[i + Seg.Last] = this.newestSeq = seq;
    this.lastSeg = p;
    this.appendable = 1;
  }

  // True when a record of `length` bytes can be appended now without JOURNAL_FULL.
  canAppend(length: number): boolean {
    return length >= 1 && length <= JOURNAL_MAX_RECORD && this.place(length) !== Room.None;
  }

  // The newest record's tag continues the firmware's hash chain.
  lastTag(): Uint8Array {
    const at = this.lastAt;
    const d = this.dev;
    return at < 0 ? GENESIS_TAG : new Uint8Array(d.read(at + MARKER_BYTES + d.read(at, 1)[0] - TAG_BYTES, TAG_BYTES));
  }

  lastSeq(): number {
    return this.newestSeq;
  }

  // Durable before it returns: the value will never be returned again.
  nextRequestCounter(): number {
    const v = this.issued + 1;
    if (v > this.limit) {
      if (v > 0xffffffff) throw new StorageError(Reason.STORAGE_FAILURE, 'request counter exhausted');
      const limit = Math.min(this.issued + this.block, 0xffffffff);
      const b = new Uint8Array(4);
      putU32(b, 0, limit);
      this.put(REQUEST_COUNTER_KEY, b);
      this.limit = limit;
    }
    return (this.issued = v);
  }

  // Sequence number of the oldest unacknowledged record; lastSeq() + 1 when there is none.
  firstUnackedSeq(): number {
    const st = this;
    return st.read(st.ackedThrough + 1, true) ? st.atSeq : st.newestSeq + 1;
  }

  // Records through `throughSeq` are safely at the ledger; their segments may be reused.
  // Durable when it returns.
  acknowledge(throughSeq: number): void {
    const st = this;
    const old = st.ackedThrough;
    const c = st.cur;
    if (!(throughSeq >= 1 && throughSeq <= st.newestSeq)) {
      throw new StorageError(Reason.UNKNOWN_RECORD, 'acknowledgement ' + throughSeq + ' is beyond the last record ' + st.newestSeq);
    }
    if (throughSeq <= old) return;
    const T = st.segs;
    const i = c * Seg.Columns;
    if (st.appendable && T[i + Seg.End] + st.stride(CONTROL_PAYLOAD) <= st.pageBytes) {
      const b = new Uint8Array(CONTROL_PAYLOAD);
      b[0] = Control.Ack;
      putU32(b, 1, throughSeq);
      st.appendable = 0;
      T[i + Seg.End] += st.writeEntry(st.dev, c * st.pageBytes + T[i + Seg.End], T[i + Seg.Tail] + 1, 0, b);
      st.appendable = 1;
      st.ackedThrough = throughSeq;
    } else {
      // No room for the mark in the newest segment: a fresh segment's header carries
      // it (a page-long record fits no segment's remainder, so place() names a fresh
      // one). The erase may use the new mark: those records are at the ledger already.
      st.ackedThrough = throughSeq;
      const room = st.place(st.pageBytes);
      if (room === Room.None) {
        st.ackedThrough = old;
        throw new StorageError(Reason.JOURNAL_FULL, 'no segment free to record the acknowledgement');
      }
      st.open(room, T[i + Seg.Tail]);
    }
  }

  open(page: number, prev: number): void {
    const st = this;
    const T = st.segs;
    T[page * Seg.Columns] = 0;
    st.atSeg = -1;
    const gen = ++st.maxGen;
    st.header(st.dev, page, JOURNAL_HEADER_KIND, [gen, prev, st.ackedThrough]);
    T.set([gen, prev, 0, st.headerStride, prev], page * Seg.Columns);
    st.cur = page;
    st.appendable = 1;
  }

  // The header of page `p` of flash `d` for the log of `kind` (journal: 3 words and
  // the check's low 16 bits; meta log: 1 word and all 32). Without `words`: its bytes
  // when the check holds and the generation is neither 0 nor erased, else undefined.
  // With them: erases the page, lets `fill` program its entries, then programs the
  // header, durably.
  header(d: Flash, p: number, kind: number, words?: number[], fill?: () => void): Uint8Array | undefined {
    const n = kind === JOURNAL_HEADER_KIND ? 12 : 4; // bytes of words
    const at = p * d.geometry.pageSize;
    let h: Uint8Array;
    if (words) {
      h = new Uint8Array(n + 4);
      for (let k = 0; k < n; k += 4) putU32(h, k, words[k >> 2]);
    } else {
      h = d.read(at, n + 4);
      // An erased page costs no CRC (boot reads every page's header).
      const gen = u32(h, 0);
      if (!gen || !~gen) return undefined;
    }
    const t = new Uint8Array(n + 2);
    t.set(h.subarray(0, n));
    t[n] = 0x4b;
    t[n + 1] = kind;
    const c = this.crc32(t);
    const s = n === 12 ? 16 : 0; // bits of the CRC-32 the check leaves out
    if (!words) return (c ^ u32(h, n)) << s ? undefined : h;
    putU32(h, n, c);
    h.fill(0xff, n + 4 - s / 8);
    try {
      d.erasePage(p);
      if (fill) fill();
      d.program(at, h.subarray(0, this.stride(n - s / 8)));
      if (d.sync) d.sync();
    } catch (e) {
      throw toStorageError(e);
    }
  }

  // Meta log: durable when it returns; throws StorageError (nothing changed) when it
  // cannot be kept. An empty value removes the key.
  private put(key: number, value: Uint8Array): void {
    const st = this;
    if (value.length > META_MAX_VALUE) throw new StorageError(Reason.MALFORMED, 'settings entry ' + key + ' is longer than ' + META_MAX_VALUE + ' bytes');
    const e = new Uint8Array(value.length + 1);
    e[0] = key;
    e.set(value, 1);
    const c = st.cache;
    const d = st.meta;
    const size = d.geometry.pageSize;
    const write = (v: Uint8Array, at: number, gen: number) => st.writeEntry(d, at, gen, v.length, v);
    if (st.metaAppendable && st.metaEnd + st.stride(e.length) <= size) {
      st.metaAppendable = 0;
      st.metaEnd += write(e, st.metaPage * size + st.metaEnd, st.metaGen);
    } else {
      // Copies the live values to the other page (page 0 before the first put); its
      // header goes last. (for…in, not Object.assign/keys: those fail an assertion in
      // Espruino 2v29 on integer keys.)
      const target = +!st.metaPage;
      const gen = st.metaGen + 1;
      let off = META_HEADER_BYTES;
      st.header(d, target, META_HEADER_KIND, [gen], () => {
        for (const k in c) if (+k !== key) off += write(c[k], target * size + off, gen);
        off += write(e, target * size + off, gen);
      });
      st.metaPage = target;
      st.metaGen = gen;
      st.metaEnd = off;
    }
    st.metaAppendable = 1;
    c[key] = e;
  }

  loadConfig(name: string): Uint8Array | null {
    const v = this.cache[configKey(name)];
    return v && v.length > 1 ? v.subarray(1) : null;
  }

  saveConfig(name: string, value: Uint8Array): void {
    this.put(configKey(name), value);
  }

  // Sequence numbers carry on after a wipe: the journal's records are all acknowledged
  // (the caller guarantees it) and stay until their segments are reused.
  erase(): void {
    const st = this;
    if (st.newestSeq > st.ackedThrough) st.acknowledge(st.newestSeq);
    for (const k of [SETTINGS_KEY, ENROLMENT_KEY]) {
      const v = st.cache[k];
      if (v && v.length > 1) st.put(k, new Uint8Array(0));
    }
  }
}
