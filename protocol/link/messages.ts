import { Reader } from '../bytes';
import { fail } from '../errors';
import { frameHeader, sealFrame, FRAME_OVERHEAD, HEADER_BYTES } from './frame';
import type { Crc32 } from './crc32';

// Host-link message types and payloads (LINK.md §4). Requests go host → terminal; the
// terminal answers each with the request's type | 0x80 (RECORDS may take several
// frames) or with ERROR. All integers little-endian.
// Each type also as its own constant: the device build inlines those (property names
// are shortened there, so an enum or object member would cost a lookup).
export const HELLO = 0x01;
export const EXPORT = 0x02;
export const ACK = 0x03;
export const SETTINGS = 0x04;
export const ENROL = 0x05;
export const STATUS = 0x06;
export const RECORDS = 0x82;
export const ERROR = 0xff;
export const LinkType = {
  HELLO,
  EXPORT,
  ACK,
  SETTINGS,
  ENROL,
  STATUS,
  INFO: 0x81,
  RECORDS,
  ACK_RESULT: 0x83,
  SETTINGS_RESULT: 0x84,
  ENROL_RESULT: 0x85,
  STATUS_RESULT: 0x86,
  ERROR,
} as const;

export const LINK_VERSION = 1;
export const RESPONSE_BIT = 0x80;

// INFO/STATUS flags.
export const PROVISIONED = 1;
export const MAINTENANCE = 2;
export const CLOCK_SET = 4;
export const TerminalFlag = { PROVISIONED, MAINTENANCE, CLOCK_SET } as const;

// RECORDS flags.
export const RECORDS_LAST = 1;

export interface Hello {
  linkVersion: number;
  maxPayload: number; // the largest frame payload the host accepts
}

export interface JournalState {
  firstUnackedSeq: number; // oldest record still held, or lastSeq + 1 when none is
  lastSeq: number; // 0 before the first sale
  count: number; // records held (not yet acknowledged)
  unsyncedAmount: number; // their total, minor units of the settings currency
}

export interface TerminalInfo extends JournalState {
  linkVersion: number;
  flags: number;
  terminalId: number; // 0 while unprovisioned
  merchantId: number;
  settingsVersion: number; // 0 before the first settings
  time: number; // the terminal's estimate of unix time, 0 when unknown
  maxPayload: number; // the largest frame payload the terminal accepts
  firmware: string;
  board: string;
}

// What the terminal reports about itself in INFO; the link adds version and max payload.
export type TerminalIdentity = Omit<TerminalInfo, 'linkVersion' | 'maxPayload'>;

export interface TerminalStatus {
  flags: number;
  battery: number; // percent, 255 when unknown
  lastReason: number; // reason code of the last decision or failure
  uptime: number; // seconds
  time: number;
  count: number;
  unsyncedAmount: number;
}

export interface ExportRequest {
  fromSeq: number;
  maxRecords: number;
}

export interface RecordsPart {
  part: number; // 0, 1, … within one EXPORT answer
  last: boolean;
  records: Uint8Array[];
}

export interface Result {
  reason: number; // protocol/reasons.ts; 0 = OK
  value: number; // ACK: first unacked seq; SETTINGS: active version; ENROL: terminal id
  count: number; // ACK: records still held; otherwise 0
}

export interface LinkError {
  requestType: number;
  reason: number;
}

export function encodeHello(h: Hello): Uint8Array {
  return new Uint8Array(littleEndian('12', [h.linkVersion, h.maxPayload]));
}

export function decodeHello(b: Uint8Array): Hello {
  const r = new Reader(b);
  const h = { linkVersion: r.u8(), maxPayload: r.u16() };
  r.end();
  return h;
}

// The bytes of `values`, little-endian, value i `widths[i]` bytes wide: every fixed
// layout the terminal sends in one routine (none of them is on a budgeted path).
function littleEndian(widths: string, values: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    for (let k = +widths[i], v = values[i]; k > 0; k--, v >>>= 8) out.push(v & 0xff);
  }
  return out;
}

function getStr(r: Reader): string {
  const n = r.u8();
  if (n > 32) fail('link string too long');
  const b = r.take(n);
  let s = '';
  for (let i = 0; i < n; i++) {
    if (b[i] < 0x20 || b[i] > 0x7e) fail('link string is not printable ASCII');
    s += String.fromCharCode(b[i]);
  }
  return s;
}

// INFO for the terminal `i` that accepts frame payloads up to `maxPayload` bytes.
export function encodeInfo(i: TerminalIdentity, maxPayload: number): Uint8Array {
  const out = littleEndian('11444444442', [
    LINK_VERSION, i.flags, i.terminalId, i.merchantId, i.firstUnackedSeq, i.lastSeq, i.count, i.unsyncedAmount,
    i.settingsVersion, i.time, maxPayload,
  ]);
  for (const s of [i.firmware, i.board]) {
    const n = Math.min(s.length, 32);
    out.push(n);
    for (let k = 0; k < n; k++) out.push(s.charCodeAt(k) & 0x7f);
  }
  return new Uint8Array(out);
}

export function decodeInfo(b: Uint8Array): TerminalInfo {
  const r = new Reader(b);
  const i: TerminalInfo = {
    linkVersion: r.u8(),
    flags: r.u8(),
    terminalId: r.u32(),
    merchantId: r.u32(),
    firstUnackedSeq: r.u32(),
    lastSeq: r.u32(),
    count: r.u32(),
    unsyncedAmount: r.u32(),
    settingsVersion: r.u32(),
    time: r.u32(),
    maxPayload: r.u16(),
    firmware: getStr(r),
    board: getStr(r),
  };
  r.end();
  return i;
}

export function encodeStatus(s: TerminalStatus): Uint8Array {
  return new Uint8Array(littleEndian('1114444', [s.flags, s.battery, s.lastReason, s.uptime, s.time, s.count, s.unsyncedAmount]));
}

export function decodeStatus(b: Uint8Array): TerminalStatus {
  const r = new Reader(b);
  const s = { flags: r.u8(), battery: r.u8(), lastReason: r.u8(), uptime: r.u32(), time: r.u32(), count: r.u32(), unsyncedAmount: r.u32() };
  r.end();
  return s;
}

export function encodeExportRequest(q: ExportRequest): Uint8Array {
  return new Uint8Array(littleEndian('42', [q.fromSeq, q.maxRecords]));
}

export function decodeExportRequest(b: Uint8Array): ExportRequest {
  const r = new Reader(b);
  const q = { fromSeq: r.u32(), maxRecords: r.u16() };
  r.end();
  return q;
}

// Bytes a RECORDS payload takes for these records.
export function recordsSize(records: Uint8Array[]): number {
  let n = 3 + records.length;
  for (const rec of records) n += rec.length;
  return n;
}

// Builds one byte array from bytes and byte arrays in order: on Espruino the native
// E.toUint8Array can be passed in, about half the cost of the interpreted copy below.
export type Concat = (parts: Array<number | Uint8Array>) => Uint8Array;

function join(parts: Array<number | Uint8Array>, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    if (typeof p === 'number') out[o++] = p;
    else {
      out.set(p, o);
      o += p.length;
    }
  }
  return out;
}

// A whole RECORDS frame, the records copied once, straight into it: two interpreted
// statements and one copy per record (LINK.md §6 gives the measured cost).
export function encodeRecordsFrame(crc: Crc32, seq: number, p: RecordsPart, concat?: Concat): Uint8Array {
  const recs = p.records;
  if (recs.length > 255) fail('too many records in one part');
  const len = recordsSize(recs);
  const parts: Array<number | Uint8Array> = frameHeader(RECORDS, seq, len);
  parts.push(p.part, p.last ? RECORDS_LAST : 0, recs.length);
  for (const rec of recs) {
    if (rec.length > 255) fail('record too large for the link');
    parts.push(rec.length, rec);
  }
  parts.push(0, 0, 0, 0);
  return sealFrame(crc, concat ? concat(parts) : join(parts, FRAME_OVERHEAD + len));
}

export function encodeRecords(p: RecordsPart): Uint8Array {
  const f = encodeRecordsFrame(() => 0, 0, p);
  return f.slice(HEADER_BYTES, f.length - 4);
}

export function decodeRecords(b: Uint8Array): RecordsPart {
  const r = new Reader(b);
  const part = r.u8();
  const flags = r.u8();
  if (flags & ~RECORDS_LAST) fail('unknown RECORDS flags');
  const n = r.u8();
  const records: Uint8Array[] = [];
  for (let i = 0; i < n; i++) records.push(r.take(r.u8()));
  r.end();
  return { part, last: (flags & RECORDS_LAST) !== 0, records };
}

export function encodeResult(reason: number, value: number, count: number): Uint8Array {
  return new Uint8Array(littleEndian('144', [reason, value, count]));
}

export function decodeResult(b: Uint8Array): Result {
  const r = new Reader(b);
  const x = { reason: r.u8(), value: r.u32(), count: r.u32() };
  r.end();
  return x;
}

export function decodeLinkError(b: Uint8Array): LinkError {
  const r = new Reader(b);
  const e = { requestType: r.u8(), reason: r.u8() };
  r.end();
  return e;
}
