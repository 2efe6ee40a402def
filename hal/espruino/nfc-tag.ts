// NFC Forum Type 2 tag (NTAG215 layout) emulated in RAM: what a phone reads and writes
// when held to a Pixl.js or Puck.js. Pure (no Espruino globals) so Node tests drive it
// with the same commands a phone sends.
//
// The exchange: the terminal serves an NDEF message holding one external-type record
// "kerb.io:k" whose payload is the payment request (later the receipt). The wallet
// reads it (READ / FAST_READ), then writes its payment as an NDEF message of the same
// record type using the NFC Forum Type 2 NDEF write procedure: page 4 (the NDEF TLV
// length) is written with length 0 first, then the data, and page 4 again with the real
// length LAST. That last write of page 4 is the commit: the receive handler only copies
// bytes and replies; parsing runs later, outside the 4.8 ms reply window (onCommit).
export const PAGES = 135; // NTAG215: pages 0..134, user data 4..129
const USER_FIRST = 4;
const USER_END = 130; // exclusive
export const RECORD_TYPE = 'kerb.io:k';
const ACK = 0x0a;
const NAK = 0x00;
const VERSION = new Uint8Array([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03]);

function typeBytes(): Uint8Array {
  const t = new Uint8Array(RECORD_TYPE.length);
  for (let i = 0; i < t.length; i++) t[i] = RECORD_TYPE.charCodeAt(i);
  return t;
}

// NDEF TLV holding one record of type RECORD_TYPE, terminated by 0xFE.
export function ndefWrap(payload: Uint8Array): Uint8Array {
  const type = typeBytes();
  const short = payload.length < 256;
  const rec = 2 + (short ? 1 : 4) + type.length + payload.length;
  const longTlv = rec > 254;
  const out = new Uint8Array((longTlv ? 4 : 2) + rec + 1);
  let o = 0;
  out[o++] = 0x03;
  if (longTlv) {
    out[o++] = 0xff;
    out[o++] = rec >> 8;
    out[o++] = rec & 255;
  } else out[o++] = rec;
  out[o++] = short ? 0xd4 : 0xc4; // MB ME [SR] TNF=4 (external type)
  out[o++] = type.length;
  if (short) out[o++] = payload.length;
  else {
    out[o++] = 0;
    out[o++] = 0;
    out[o++] = payload.length >> 8;
    out[o++] = payload.length & 255;
  }
  out.set(type, o);
  o += type.length;
  out.set(payload, o);
  out[o + payload.length] = 0xfe;
  return out;
}

// The payload of the first "kerb.io:k" record in an NDEF TLV area, or null.
export function ndefUnwrap(area: Uint8Array): Uint8Array | null {
  let p = 0;
  while (p < area.length && area[p] === 0) p++; // NULL TLVs
  if (area[p] !== 0x03) return null;
  let len = area[p + 1];
  p += 2;
  if (len === 0xff) {
    len = (area[p] << 8) | area[p + 1];
    p += 2;
  }
  if (len === 0 || p + len > area.length) return null;
  const h = area[p];
  const short = (h & 0x10) !== 0;
  if ((h & 0x07) !== 4 || (h & 0x08) !== 0) return null; // external type, no id field
  const tl = area[p + 1];
  let q = p + 2;
  let pl;
  if (short) pl = area[q++];
  else {
    pl = (area[q] << 24) | (area[q + 1] << 16) | (area[q + 2] << 8) | area[q + 3];
    q += 4;
  }
  if (tl !== RECORD_TYPE.length || pl < 0 || q + tl + pl > p + len) return null;
  for (let i = 0; i < tl; i++) if (area[q + i] !== RECORD_TYPE.charCodeAt(i)) return null;
  q += tl;
  return new Uint8Array(area.subarray(q, q + pl));
}

export class Type2Tag {
  mem: Uint8Array;
  committed: boolean; // a wallet finished writing; cleared by take()

  constructor(uid: Uint8Array) {
    const m = new Uint8Array(PAGES * 4);
    // UID 7 bytes with check bytes, as NTAG215 lays them out.
    m[0] = uid[0];
    m[1] = uid[1];
    m[2] = uid[2];
    m[3] = 0x88 ^ uid[0] ^ uid[1] ^ uid[2];
    m.set(uid.subarray(3, 7), 4);
    m[8] = uid[3] ^ uid[4] ^ uid[5] ^ uid[6];
    m.set([0xe1, 0x10, 0x3e, 0x00], 12); // capability container: NDEF 1.0, 496 bytes, read/write
    this.mem = m;
    this.committed = false;
  }

  serve(message: Uint8Array | null): void {
    const m = this.mem;
    m.fill(0, USER_FIRST * 4, USER_END * 4);
    if (message) m.set(ndefWrap(message), USER_FIRST * 4);
    this.committed = false;
  }

  // One reader command → the reply (bytes, or a 4-bit ACK/NAK number). Cheap enough for
  // the NFCrx handler: a bounds check and one typed-array copy.
  command(rx: Uint8Array): Uint8Array | number {
    const c = rx[0];
    const page = rx[1];
    if (c === 0x30) {
      if (page >= PAGES) return NAK;
      if (page + 4 <= PAGES) return this.mem.subarray(page * 4, page * 4 + 16);
      const out = new Uint8Array(16);
      for (let i = 0; i < 16; i++) out[i] = this.mem[((page * 4 + i) % (PAGES * 4))];
      return out;
    }
    if (c === 0x3a) {
      const end = rx[2];
      if (page > end || end >= PAGES) return NAK;
      return this.mem.subarray(page * 4, end * 4 + 4);
    }
    if (c === 0xa2) {
      if (page < USER_FIRST || page >= USER_END || rx.length < 6) return NAK;
      this.mem.set(rx.subarray(2, 6), page * 4);
      if (page === USER_FIRST && rx[2] === 0x03 && rx[3] !== 0) this.committed = true;
      return ACK;
    }
    if (c === 0x60) return VERSION;
    if (c === 0x3c) return new Uint8Array(32);
    return NAK;
  }

  // The payment a wallet wrote, once per commit (null when none or unreadable).
  take(): Uint8Array | null {
    if (!this.committed) return null;
    this.committed = false;
    return ndefUnwrap(this.mem.subarray(USER_FIRST * 4, USER_END * 4));
  }
}
