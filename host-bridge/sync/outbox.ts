import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from '../../protocol/link/crc32';

// The bridge's durable outbox for one terminal (README "Host bridge"): an append-only
// log in <stateDir>/<terminalId>/outbox.log. Each entry is
//   u32 length ‖ u32 CRC-32(body) ‖ body,  body = u8 kind ‖ fields
// and is fsync'd before the bridge acts on it, so after a crash or power cut the log
// replays to the last complete entry (a torn tail is cut off). A record exported from the
// terminal is in here before anything else happens to it; the terminal is asked to free
// it only after the ledger's durable acknowledgement, which is logged here too.
export const Entry = {
  RECORD: 1, // record bytes as exported
  LEDGER: 2, // u32 ledger cursor lastSeq ‖ ack message (0 or 42 bytes)
  FREED: 3, // u32 terminal's first unacked seq after an acknowledgement
  DROP: 4, // u32 seq: forget held records from this seq on (the ledger said they are corrupt)
  BASE: 5, // u32 lastSeq ‖ u32 ledger lastSeq ‖ u32 first unacked ‖ ack: the state a compaction kept
} as const;

const HEAD = 8;
// A single entry never exceeds this: anything larger in the length field is corruption.
const MAX_ENTRY = 64 * 1024;

function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

function entry(kind: number, fields: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEAD + 1 + fields.length);
  const v = new DataView(out.buffer);
  out[HEAD] = kind;
  out.set(fields, HEAD + 1);
  v.setUint32(0, 1 + fields.length, true);
  v.setUint32(4, crc32(out.subarray(HEAD)), true);
  return out;
}

function words(values: number[], tail?: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(values.length * 4 + (tail ? tail.length : 0));
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x, true));
  if (tail) out.set(tail, values.length * 4);
  return out;
}

export interface OutboxState {
  lastSeq: number; // highest record seq ever logged
  ledgerThrough: number; // the ledger durably holds every record through this seq
  ack: Uint8Array | null; // the ledger's ack message through ledgerThrough
  firstUnacked: number; // the terminal's first held seq, as last confirmed (0: unknown)
}

export class Outbox {
  dir: string;
  file: string;
  fd: number;
  size: number;
  records = new Map<number, Uint8Array>(); // seq → bytes, appended in ascending seq
  state: OutboxState = { lastSeq: 0, ledgerThrough: 0, ack: null, firstUnacked: 0 };
  tornBytes = 0; // cut off a torn tail when opened
  onAppend: ((kind: number, count: number) => void) | null = null;

  constructor(dir: string) {
    this.dir = dir;
    this.file = join(dir, 'outbox.log');
    const fresh = !existsSync(this.file);
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(this.file, 'a+');
    if (fresh) syncDir(dir);
    const bytes = new Uint8Array(readFileSync(this.file));
    this.size = this.replay(bytes);
    if (this.size < bytes.length) {
      this.tornBytes = bytes.length - this.size;
      ftruncateSync(this.fd, this.size);
      fsyncSync(this.fd);
    }
  }

  static forTerminal(stateDir: string, terminalId: number): Outbox {
    return new Outbox(join(stateDir, String(terminalId)));
  }

  replay(bytes: Uint8Array): number {
    let p = 0;
    while (p + HEAD <= bytes.length) {
      const len = u32(bytes, p);
      if (len < 1 || len > MAX_ENTRY || p + HEAD + len > bytes.length) break;
      const body = bytes.subarray(p + HEAD, p + HEAD + len);
      if (crc32(body) !== u32(bytes, p + 4)) break;
      if (!this.apply(body[0], body.subarray(1))) break;
      p += HEAD + len;
    }
    return p;
  }

  apply(kind: number, f: Uint8Array): boolean {
    const s = this.state;
    if (kind === Entry.RECORD) {
      if (f.length < 6) return false;
      const seq = u32(f, 2);
      this.records.set(seq, f.slice());
      s.lastSeq = Math.max(s.lastSeq, seq);
    } else if (kind === Entry.LEDGER) {
      if (f.length < 4) return false;
      const through = u32(f, 0);
      if (through >= s.ledgerThrough) {
        s.ledgerThrough = through;
        s.ack = f.length > 4 ? f.slice(4) : s.ack;
      }
      for (const seq of [...this.records.keys()]) if (seq <= s.ledgerThrough) this.records.delete(seq);
    } else if (kind === Entry.FREED) {
      if (f.length !== 4) return false;
      s.firstUnacked = Math.max(s.firstUnacked, u32(f, 0));
    } else if (kind === Entry.DROP) {
      if (f.length !== 4) return false;
      const from = u32(f, 0);
      for (const seq of [...this.records.keys()]) if (seq >= from) this.records.delete(seq);
      s.lastSeq = Math.max(s.ledgerThrough, from - 1, ...this.records.keys());
    } else if (kind === Entry.BASE) {
      if (f.length < 12) return false;
      s.lastSeq = u32(f, 0);
      s.ledgerThrough = u32(f, 4);
      s.firstUnacked = u32(f, 8);
      s.ack = f.length > 12 ? f.slice(12) : null;
    } else return false;
    return true;
  }

  // Appends entries with one write and one fsync; applied in memory only once durable.
  append(entries: Array<[number, Uint8Array]>): void {
    if (!entries.length) return;
    const encoded = entries.map(([k, f]) => entry(k, f));
    const all = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
    let o = 0;
    for (const e of encoded) {
      all.set(e, o);
      o += e.length;
    }
    let w = 0;
    while (w < all.length) w += writeSync(this.fd, all, w, all.length - w);
    fsyncSync(this.fd);
    this.size += all.length;
    for (const [k, f] of entries) this.apply(k, f);
    this.onAppend?.(entries[0][0], entries.length);
  }

  appendRecords(records: Uint8Array[]): void {
    this.append(records.map((r) => [Entry.RECORD, r]));
  }

  noteLedger(lastSeq: number, ack: Uint8Array | null): void {
    this.append([[Entry.LEDGER, words([lastSeq], ack)]]);
  }

  noteFreed(firstUnacked: number): void {
    this.append([[Entry.FREED, words([firstUnacked])]]);
  }

  drop(fromSeq: number): void {
    this.append([[Entry.DROP, words([fromSeq])]]);
  }

  // Records the ledger does not hold yet, ascending.
  pending(): Uint8Array[] {
    return [...this.records.entries()].filter(([seq]) => seq > this.state.ledgerThrough).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  }

  // Once everything logged is at the ledger, starts a fresh log holding only the state
  // (written beside, fsync'd, renamed over, directory fsync'd: atomic on POSIX).
  compact(): boolean {
    if (this.pending().length || this.size < 64 * 1024) return false;
    const s = this.state;
    const base = entry(Entry.BASE, words([s.lastSeq, s.ledgerThrough, s.firstUnacked], s.ack));
    const tmp = this.file + '.tmp';
    const fd = openSync(tmp, 'w');
    writeSync(fd, base);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.file);
    syncDir(this.dir);
    closeSync(this.fd);
    this.fd = openSync(this.file, 'a+');
    this.size = base.length;
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
