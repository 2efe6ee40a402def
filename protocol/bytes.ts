import { fail } from './errors';

// The codecs' cursor: plain functions over one module-level buffer, so the device holds
// four small functions instead of two classes of methods. Little-endian; every access
// checks bounds and throws a ProtocolError (MALFORMED), so truncated input never
// surfaces as a RangeError. One message at a time: the codecs are synchronous and
// finish one message (or a nested certificate, in order) before starting the next.
// (Module-level names, not an object's properties: measured fewer instructions.)
let buf: Uint8Array = new Uint8Array(0);
let view: DataView = new DataView(buf.buffer);
export let pos = 0;

// Starts reading or writing `b` (a fresh array of the exact size, to write).
export function begin(b: Uint8Array): void {
  buf = b;
  view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  pos = 0;
}

// Reads (no `v`) or writes `v` as an unsigned integer of n = 1, 2 or 4 bytes. (The
// bounds check is repeated in bytes(), not shared: a call per field costs more.)
export function int(n: number, v?: number): number {
  const p = pos;
  if (p + n > buf.length) fail('truncated at byte ' + p);
  pos = p + n;
  if (v === undefined) return n === 1 ? buf[p] : n === 2 ? view.getUint16(p, true) : view.getUint32(p, true);
  if (n === 1) buf[p] = v;
  else if (n === 2) view.setUint16(p, v, true);
  else view.setUint32(p, v, true);
  return v;
}

// Takes the next n bytes (a view, not a copy: callers that keep it past the input's
// lifetime copy it), or puts the bytes given.
export function bytes(x: number | Uint8Array): Uint8Array {
  const put = typeof x !== 'number';
  const n = put ? x.length : x;
  const p = pos;
  if (p + n > buf.length) fail('truncated at byte ' + p);
  pos = p + n;
  if (put) buf.set(x, p);
  return buf.subarray(p, p + n);
}

// The whole buffer, once every byte has been read or written.
export function end(): Uint8Array {
  if (pos !== buf.length) fail('trailing bytes after ' + pos);
  return buf;
}

// A cursor object over one message, for host code and tests.
export class Reader {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = 0;
  }
  need(n: number): number {
    const p = this.pos;
    if (p + n > this.bytes.length) fail('truncated at byte ' + p);
    this.pos = p + n;
    return p;
  }
  u8(): number {
    return this.bytes[this.need(1)];
  }
  u16(): number {
    return this.view.getUint16(this.need(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }
  // A view, not a copy: callers that keep it past the input's lifetime copy it.
  take(n: number): Uint8Array {
    const p = this.need(n);
    return this.bytes.subarray(p, p + n);
  }
  end(): void {
    if (this.pos !== this.bytes.length) fail('trailing bytes after ' + this.pos);
  }
}

export class Writer {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.pos = 0;
  }
  u8(v: number): void {
    this.bytes[this.pos++] = v;
  }
  u16(v: number): void {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number): void {
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  put(b: Uint8Array): void {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }
  done(): Uint8Array {
    return this.pos === this.bytes.length ? this.bytes : this.bytes.subarray(0, this.pos);
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}

export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) fail('not hex');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

// Little-endian u32 at an offset of any byte array, without a cursor or a DataView: for
// the store's entries and headers and the link's payloads, read where they lie.
export function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}
