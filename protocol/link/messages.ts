import { Reader } from '../bytes';
import { fail } from '../errors';

// Host-link message types and payloads (LINK.md §4). Requests go host → terminal; the
// terminal answers each with the request's type | 0x80 (RECORDS may take several
// frames) or with ERROR. All integers little-endian. The terminal's side is
// firmware/link/dispatcher.ts: of this module the device build keeps only the enums
// (inlined) and the flag constants; the codecs here are the host's.
export enum LinkType {
  HELLO = 0x01,
  EXPORT = 0x02,
  ACK = 0x03,
  SETTINGS = 0x04,
  ENROL = 0x05,
  STATUS = 0x06,
  INFO = 0x81,
  RECORDS = 0x82,
  ACK_RESULT = 0x83,
  SETTINGS_RESULT = 0x84,
  ENROL_RESULT = 0x85,
  STATUS_RESULT = 0x86,
  ERROR = 0xff,
}

// Link version and the RECORDS "last part" flag, as enum members so the device build inlines them.
export enum Link {
  VERSION = 1,
  RECORDS_LAST = 1,
}
export const LINK_VERSION = Link.VERSION;

// INFO/STATUS flags.
export enum TerminalFlag {
  PROVISIONED = 1,
  MAINTENANCE = 2,
  CLOCK_SET = 4,
}

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

// The bytes of `values`, little-endian, value i `widths[i]` bytes wide.
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

export function decodeStatus(b: Uint8Array): TerminalStatus {
  const r = new Reader(b);
  const s = { flags: r.u8(), battery: r.u8(), lastReason: r.u8(), uptime: r.u32(), time: r.u32(), count: r.u32(), unsyncedAmount: r.u32() };
  r.end();
  return s;
}

export function encodeExportRequest(q: ExportRequest): Uint8Array {
  return new Uint8Array(littleEndian('42', [q.fromSeq, q.maxRecords]));
}

export function encodeRecords(p: RecordsPart): Uint8Array {
  const out = [p.part, p.last ? Link.RECORDS_LAST : 0, p.records.length];
  for (const rec of p.records) {
    if (rec.length > 255) fail('record too large for the link');
    out.push(rec.length);
    for (const x of rec) out.push(x);
  }
  if (p.records.length > 255) fail('too many records in one part');
  return new Uint8Array(out);
}

export function decodeRecords(b: Uint8Array): RecordsPart {
  const r = new Reader(b);
  const part = r.u8();
  const flags = r.u8();
  if (flags & ~Link.RECORDS_LAST) fail('unknown RECORDS flags');
  const n = r.u8();
  const records: Uint8Array[] = [];
  for (let i = 0; i < n; i++) records.push(r.take(r.u8()));
  r.end();
  return { part, last: (flags & Link.RECORDS_LAST) !== 0, records };
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
