import { Reader, Writer } from '../bytes';
import { fail } from '../errors';
import { frameHeader, frameShell, sealFrame, HEADER_BYTES } from './frame';
import type { Crc32 } from './crc32';

// Host-link message types and payloads (LINK.md §4). Requests go host → terminal; the
// terminal answers each with the request's type | 0x80 (RECORDS may take several
// frames) or with ERROR. All integers little-endian.
export const LinkType = {
  HELLO: 0x01,
  EXPORT: 0x02,
  ACK: 0x03,
  SETTINGS: 0x04,
  ENROL: 0x05,
  STATUS: 0x06,
  INFO: 0x81,
  RECORDS: 0x82,
  ACK_RESULT: 0x83,
  SETTINGS_RESULT: 0x84,
  ENROL_RESULT: 0x85,
  STATUS_RESULT: 0x86,
  ERROR: 0xff,
} as const;

export const LINK_VERSION = 1;
export const RESPONSE_BIT = 0x80;

// INFO/STATUS flags.
export const TerminalFlag = {
  PROVISIONED: 1,
  MAINTENANCE: 2,
  CLOCK_SET: 4,
} as const;

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
  const w = new Writer(3);
  w.u8(h.linkVersion);
  w.u16(h.maxPayload);
  return w.done();
}

export function decodeHello(b: Uint8Array): Hello {
  const r = new Reader(b);
  const h = { linkVersion: r.u8(), maxPayload: r.u16() };
  r.end();
  return h;
}

function putStr(w: Writer, s: string): void {
  const n = Math.min(s.length, 32);
  w.u8(n);
  for (let i = 0; i < n; i++) w.u8(s.charCodeAt(i) & 0x7f);
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

export function encodeInfo(i: TerminalInfo): Uint8Array {
  const w = new Writer(40 + 66);
  w.u8(i.linkVersion);
  w.u8(i.flags);
  w.u32(i.terminalId);
  w.u32(i.merchantId);
  w.u32(i.firstUnackedSeq);
  w.u32(i.lastSeq);
  w.u32(i.count);
  w.u32(i.unsyncedAmount);
  w.u32(i.settingsVersion);
  w.u32(i.time);
  w.u16(i.maxPayload);
  putStr(w, i.firmware);
  putStr(w, i.board);
  return w.done();
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
  const w = new Writer(19);
  w.u8(s.flags);
  w.u8(s.battery);
  w.u8(s.lastReason);
  w.u32(s.uptime);
  w.u32(s.time);
  w.u32(s.count);
  w.u32(s.unsyncedAmount);
  return w.done();
}

export function decodeStatus(b: Uint8Array): TerminalStatus {
  const r = new Reader(b);
  const s = { flags: r.u8(), battery: r.u8(), lastReason: r.u8(), uptime: r.u32(), time: r.u32(), count: r.u32(), unsyncedAmount: r.u32() };
  r.end();
  return s;
}

export function encodeExportRequest(q: ExportRequest): Uint8Array {
  const w = new Writer(6);
  w.u32(q.fromSeq);
  w.u16(q.maxRecords);
  return w.done();
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

// Three interpreted statements and one native copy per record: on the device this runs
// once per exported record (LINK.md §6 gives the measured cost).
function putRecords(out: Uint8Array, at: number, p: RecordsPart): void {
  const k = p.records.length;
  if (k > 255) fail('too many records in one part');
  out[at] = p.part;
  out[at + 1] = p.last ? RECORDS_LAST : 0;
  out[at + 2] = k;
  let o = at + 3;
  for (const rec of p.records) {
    if (rec.length > 255) fail('record too large for the link');
    out[o] = rec.length;
    out.set(rec, o + 1);
    o += 1 + rec.length;
  }
}

export function encodeRecords(p: RecordsPart): Uint8Array {
  const out = new Uint8Array(recordsSize(p.records));
  putRecords(out, 0, p);
  return out;
}

// Builds one byte array from bytes and byte arrays in order: on Espruino the native
// E.toUint8Array (hal/espruino passes it in), about half the cost of copying record by
// record with Uint8Array.set in interpreted code.
export type Concat = (parts: Array<number | Uint8Array>) => Uint8Array;

// A whole RECORDS frame, the records copied once, straight into it.
export function encodeRecordsFrame(crc: Crc32, seq: number, p: RecordsPart, concat?: Concat): Uint8Array {
  if (!concat) {
    const out = frameShell(LinkType.RECORDS, seq, recordsSize(p.records));
    putRecords(out, HEADER_BYTES, p);
    return sealFrame(crc, out);
  }
  const k = p.records.length;
  if (k > 255) fail('too many records in one part');
  const len = recordsSize(p.records);
  const parts: Array<number | Uint8Array> = [frameHeader(LinkType.RECORDS, seq, len), p.part, p.last ? RECORDS_LAST : 0, k];
  for (const rec of p.records) {
    if (rec.length > 255) fail('record too large for the link');
    parts.push(rec.length, rec);
  }
  parts.push(0, 0, 0, 0);
  return sealFrame(crc, concat(parts));
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

export function encodeResult(x: Result): Uint8Array {
  const w = new Writer(9);
  w.u8(x.reason);
  w.u32(x.value);
  w.u32(x.count);
  return w.done();
}

export function decodeResult(b: Uint8Array): Result {
  const r = new Reader(b);
  const x = { reason: r.u8(), value: r.u32(), count: r.u32() };
  r.end();
  return x;
}

export function encodeLinkError(e: LinkError): Uint8Array {
  return new Uint8Array([e.requestType & 0xff, e.reason & 0xff]);
}

export function decodeLinkError(b: Uint8Array): LinkError {
  const r = new Reader(b);
  const e = { requestType: r.u8(), reason: r.u8() };
  r.end();
  return e;
}
