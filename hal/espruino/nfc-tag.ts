// NFC Forum Type 2 tag (NTAG215 layout) emulated in RAM: what a phone reads and writes
// when held to a Pixl.js or Puck.js. Pure (no Espruino globals) so Node tests drive it
// with the same commands a phone sends. The tag is one typed array (plain functions
// over it, no object): PAGES × 4 bytes of tag memory, a copy of its first four pages
// (read-only: a READ past the last page wraps around to them, as on an NTAG, in one
// view), then one byte COMMITTED.
//
// The exchange: the terminal serves an NDEF message holding one external-type record
// "kerb.io:k" whose payload is the payment request (later the receipt). The wallet
// reads it (READ / FAST_READ), then writes its payment as an NDEF message of the same
// record type using the NFC Forum Type 2 NDEF write procedure: page 4 (the NDEF TLV
// length) is written with length 0 first, then the data, and page 4 again with the real
// length LAST. That last write of page 4 is the commit: the receive handler only copies
// bytes and replies; parsing runs later, outside the 4.8 ms reply window (tagTake).
export const PAGES = 135; // NTAG215: pages 0..134, user data 4..129
const USER = 16; // first byte of user memory (page 4)
const USER_END = 520; // page 130, exclusive
const END = PAGES * 4;
export const COMMITTED = END + 16; // a wallet finished writing; cleared by tagTake
export const RECORD_TYPE = 'kerb.io:k';
const TYPE_LENGTH = 9; // RECORD_TYPE.length, as a constant the build inlines
const ACK = 0x0a;
const NAK = 0x00;

// A blank tag with a 7-byte UID and its check bytes, as NTAG215 lays them out, and the
// capability container: NDEF 1.0, 496 bytes, read/write.
export function newTag(u: Uint8Array): Uint8Array {
  const m = new Uint8Array(COMMITTED + 1);
  const head = [u[0], u[1], u[2], 0x88 ^ u[0] ^ u[1] ^ u[2], u[3], u[4], u[5], u[6], u[3] ^ u[4] ^ u[5] ^ u[6], 0, 0, 0, 0xe1, 0x10, 0x3e];
  m.set(head);
  m.set(head, END);
  return m;
}

// Serves `message` as an NDEF TLV holding one short "kerb.io:k" record, terminated by
// 0xFE; null leaves user memory empty. The terminal serves only its request (at most
// 48 bytes) and its receipt, so the short forms (one length byte each) always fit.
export function tagServe(m: Uint8Array, message: Uint8Array | null): void {
  m.subarray(USER, END).fill(0); // fill(0, start, end) would walk all of m, a key per byte
  m[COMMITTED] = 0;
  if (!message) return;
  const n = message.length;
  // TLV, MB ME SR TNF=4 (external type), RECORD_TYPE's bytes (the tests read them back).
  m.set([0x03, 3 + TYPE_LENGTH + n, 0xd4, TYPE_LENGTH, n, 0x6b, 0x65, 0x72, 0x62, 0x2e, 0x69, 0x6f, 0x3a, 0x6b], USER);
  m.set(message, USER + 5 + TYPE_LENGTH);
  m[USER + 5 + TYPE_LENGTH + n] = 0xfe;
}

// One reader command → the reply (bytes, or a 4-bit ACK/NAK number). Cheap enough for
// the NFCrx handler: a bounds check and one typed-array copy.
export function tagCommand(m: Uint8Array, rx: Uint8Array): Uint8Array | number {
  const c = rx[0];
  const a = rx[1] * 4;
  if (c === 0x30) return a < END ? m.subarray(a, a + 16) : NAK;
  if (c === 0x3a) {
    const end = rx[2] * 4;
    return a > end || end >= END ? NAK : m.subarray(a, end + 4);
  }
  if (c === 0xa2) {
    if (a < USER || a >= USER_END || rx.length < 6) return NAK;
    m.set(rx.subarray(2, 6), a);
    if (a === USER && rx[2] === 0x03 && rx[3]) m[COMMITTED] = 1;
    return ACK;
  }
  if (c === 0x60) return new Uint8Array([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x11, 0x03]); // GET_VERSION: NTAG215
  return c === 0x3c ? new Uint8Array(32) : NAK;
}

// The payload of the "kerb.io:k" record a wallet wrote, once per commit (undefined
// when none, or when the NDEF area is not one such record).
export function tagTake(m: Uint8Array): Uint8Array | undefined {
  if (!m[COMMITTED]) return;
  m[COMMITTED] = 0;
  let p = USER;
  while (p < USER_END && !m[p]) p++; // NULL TLVs
  const tlv = m[p];
  let len = m[p + 1];
  p += 2;
  if (len === 0xff) {
    len = (m[p] << 8) | m[p + 1];
    p += 2;
  }
  const end = p + len;
  const h = m[p];
  let q = p + 3;
  let pl = m[q - 1];
  if (!(h & 0x10)) {
    // A long payload length: its high bytes, when not 0, make it longer than any TLV.
    pl = ((pl | m[q]) << 16) | (m[q + 1] << 8) | m[q + 2];
    q += 3;
  }
  // One NDEF TLV holding one external-type record (TNF 4, no id field).
  if (tlv !== 0x03 || !len || end > USER_END || (h & 0x0f) !== 4 || m[p + 1] !== TYPE_LENGTH || q + TYPE_LENGTH + pl > end
    || String.fromCharCode.apply(0, m.subarray(q, (q += TYPE_LENGTH)) as unknown as number[]) !== RECORD_TYPE) return;
  return m.slice(q, q + pl);
}
