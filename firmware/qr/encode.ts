import { byteMap, textBytes } from './native';
import { fail } from '../../protocol/errors';
import { generators, gf, placement, prepareQr } from './prepare';
import { ALPHANUMERIC, CODEWORDS, FORMAT_L, FORMAT_M, MAX_VERSION, MODE_ALPHANUMERIC, MODE_BYTE } from './tables';
import type { Ecl } from './tables';

export { prepareQr };

export interface QrCode {
  version: number;
  ecl: Ecl;
  size: number;
  // size*size modules, 1 = dark, COLUMN-major: row r, column c is modules[c*size + r].
  modules: Uint8Array;
}

// The code made last and the request it was made from (null: text, encodeQr):
// render.ts redraws a request's code while it is still this one.
export let last: QrCode | null = null;
export let lastRequest: Uint8Array | null = null;

// A text's segment (encodeQr): its length in bits, mode and count included, and what
// writes it into the zeroed data codewords.
interface Segment {
  bits: number;
  write(data: Uint8Array): void;
}

// The Reed–Solomon register and what consecutive codes share. Payment requests from one
// terminal share their first ~15 data codewords (prefix, type, terminal and merchant
// ids), and the division register after a prefix depends on that prefix alone: the
// previous block is kept, with the register after the part it shared with the block
// before it (zero when that part is empty), and the next code resumes from there.
// Bytes: generator × feedback 0..27, the register 28..55, the block 56..167, the
// previous block 168..279, the kept register 280..307, the length of the part it covers
// 308, that block's EC length 309. Its views are kept too: making one costs two
// interpreted statements.
const rs = new Uint8Array(312);
const rsWords = new Int32Array(rs.buffer); // the product's words 0..6, the register's 7..13
const rsTail = rs.subarray(29, 56); // rs.set(rsTail, 28) shifts the register by a byte

// The code of a payment request from its bytes, as its text "KERB:" + Base45 in
// alphanumeric mode: the smallest QR code up to version `top` at level M, else at level
// L; mask 2. Given a text's `segment` (encodeQr), that instead of the request. One
// function, its helpers nested: they exist only while it runs.
export function encodeRequestQr(request: Uint8Array | null, top: number, segment?: Segment): QrCode {
  const m = byteMap;
  let words!: Uint16Array; // the request's bytes two at a time
  let odd = 0; // whether the request's last word holds one byte
  let n = 0; // characters
  let bits;
  if (segment) bits = segment.bits;
  else {
    // The text is "KERB:" + Base45 (protocol/text), and Base45 digits ARE alphanumeric
    // values, so it never needs building: the bytes two at a time (big-endian, one
    // native lookup for all) as three digits, least significant first, a last odd byte
    // as two (its third digit, 0, cut off).
    odd = request!.length & 1;
    words = new Uint16Array((request!.length + 1) >> 1);
    m(request!, words, undefined, 16);
    if (odd) words[words.length - 1] >>= 8; // read as the high half of a padded word
    n = 5 + 3 * words.length - odd;
    bits = 13 + 11 * (n >> 1) + 6 * (n & 1);
  }

  // The segment (ISO 18004 §7.4) in the smallest version that holds it: zero codewords
  // with the pad codewords in place after the content and its terminator (four 0 bits,
  // fewer at capacity, then 0 bits up to a byte boundary).
  let version = 1;
  let ecl = 0;
  let capacity;
  while (bits > 8 * (capacity = CODEWORDS[4 + 5 * ecl + version])) {
    if (++version > top) {
      version = 1;
      if (++ecl > 1) fail('text does not fit a QR code up to version ' + top);
    }
  }
  const data = new Uint8Array(capacity);
  for (let pos = (bits + 11) >> 3, pad = 0xec; pos < capacity; pad ^= 0xec ^ 0x11) data[pos++] = pad;
  if (segment) segment.write(data);
  else {
    // Mode and count, then two characters in 11 bits, flushed a byte at a time (bits
    // not yet written at the low end of acc, fewer than 8 between steps). The
    // characters come straight from the words, two words (six digits, three pairs) a
    // step: the step's first pair takes the character carried from the step before
    // (":" first).
    data[0] = (MODE_ALPHANUMERIC << 4) | (n >> 5);
    const end = words.length;
    let acc = (n << 22) | (914 << 11) | 1226; // the count's last 5 bits, "KE", "RB"
    data[1] = acc >> 19;
    data[2] = acc >> 11;
    data[3] = acc >> 3;
    let held = 3;
    let pos = 4;
    let c = 44;
    let k = 0;
    let a;
    for (; k + 1 < end; k += 2) {
      a = words[k];
      acc = (acc << 22) | ((c * 45 + (a % 45)) << 11) | ((((a / 45) | 0) % 45) * 45 + ((a / 2025) | 0));
      held += 6;
      data[pos++] = acc >> (held + 8);
      data[pos++] = acc >> held;
      if (held >= 8) data[pos++] = acc >> (held -= 8);
      a = words[k + 1];
      acc = (acc << 11) | ((a % 45) * 45 + (((a / 45) | 0) % 45));
      held += 3;
      data[pos++] = acc >> held;
      if (held >= 8) data[pos++] = acc >> (held -= 8);
      c = (a / 2025) | 0;
    }
    // The last characters, `tail` bits: the carried one alone (none after an odd byte:
    // it is that word's cut-off third digit), or with a last word's digits a pair and
    // its third digit alone or (after an odd byte) nothing more. Up to 29 bits in acc.
    let tail = odd ? 0 : 6;
    if (k < end) {
      a = words[k];
      acc = (acc << 11) | (c * 45 + (a % 45));
      held += 11;
      c = ((a / 45) | 0) % 45;
      if (odd) tail = 6;
      else {
        c = c * 45 + ((a / 2025) | 0);
        tail = 11;
      }
    }
    acc = (acc << tail) | c;
    held += tail;
    while (held >= 8) data[pos++] = acc >> (held -= 8);
    if (held) data[pos] = acc << (8 - held);
  }

  // EC codewords (Reed–Solomon) of each block: the remainder of block(x)·x^ec divided by
  // the generator. One division step shifts the register by a byte (native copy),
  // multiplies the generator by the feedback byte (one native lookup of all its
  // coefficients) and XORs seven words — instead of 26 interpreted multiply-and-XORs.
  // Every view is made once a code: making one costs two interpreted statements.
  const ec = prepareQr(version, ecl);
  const g = generators[ec];
  const total = CODEWORDS[version - 1];
  const blocks = (total - capacity) / ec;
  const per = capacity / blocks;
  // The format word, then the data and EC codewords in transmission order.
  const out = new Uint8Array(total + 2);
  const format = ecl ? FORMAT_L : FORMAT_M;
  out[0] = format >> 8;
  out[1] = format;
  // Divides block codewords [from, to) into the register: the encoder's hottest loop.
  // Its names are its own locals: the interpreter looks every outer name up, one by one.
  const divide = (block: Uint8Array, from: number, to: number) => {
    const r = rs;
    const s = rsTail;
    const w = rsWords;
    const x = g;
    const t = gf as Uint8Array;
    const map = m;
    let f; // feedback byte
    for (let i = from; i < to; i++) {
      f = block[i] ^ r[28];
      r.set(s, 28);
      if (f) {
        map(x, r, t.subarray(t[512 + f]));
        w[7] ^= w[0]; w[8] ^= w[1]; w[9] ^= w[2]; w[10] ^= w[3]; w[11] ^= w[4]; w[12] ^= w[5]; w[13] ^= w[6];
      }
    }
  };
  const r = rs;
  const w = rsWords;
  // A shorter generator leaves the rest of the product zero. subarray().fill(): Espruino's
  // fill(value, start, end) walks the whole array, making a key for every element.
  r.subarray(0, 28).fill(0);
  for (let k = 0; k < blocks; k++) {
    const block = data.subarray(k * per, (k + 1) * per);
    // The part shared with the previous block: four codewords at a time, then one.
    let shared = 0;
    if (r[309] === ec) {
      r.set(block, 56);
      while (shared < per >> 2 && w[14 + shared] === w[42 + shared]) shared++;
      shared <<= 2;
      while (shared < per && r[56 + shared] === r[168 + shared]) shared++;
    }
    let at = r[308];
    if (shared < at) {
      r.subarray(280, 308).fill(0);
      at = 0;
    }
    r.set(r.subarray(280, 308), 28);
    if (shared > at) {
      divide(block, at, shared);
      r.set(r.subarray(28, 56), 280);
    }
    r[308] = shared;
    divide(block, shared, per);
    r.set(block, 168);
    r[309] = ec;
    if (blocks === 1) {
      out.set(block, 2);
      out.set(r.subarray(28, 28 + ec), 2 + per);
    } else {
      // Versions 4 and 5 at M: interleaved codeword by codeword.
      for (let j = 0; j < per; j++) out[2 + j * 2 + k] = block[j];
      for (let j = 0; j < ec; j++) out[2 + capacity + j * 2 + k] = r[28 + j];
    }
  }

  // The modules, by one native gather through the placement table (prepare.ts) from the
  // bit stream of `out` as [bit, inverted bit] byte pairs, two bits a word (the remainder
  // bits, paper and ink after the stream are 0 bits: [0, 1] pairs).
  const size = 17 + 4 * version;
  const pairs = new Uint32Array(4 * total + 12);
  pairs.fill(0x01000100);
  m(out, pairs, [0x01000100, 0x00010100, 0x01000001, 0x00010001], 2);
  const modules = new Uint8Array(size * size);
  m(placement as Uint16Array, modules, new Uint8Array(pairs.buffer));
  lastRequest = request;
  return (last = { version, ecl: ecl as Ecl, size, modules });
}

// Encodes Latin-1 text (alphanumeric mode when it allows, else byte mode) as the
// smallest QR code up to maxVersion (default 5) at level M, else at level L; mask 2.
// Not on the terminal's path (it encodes request bytes): the device build leaves it out.
export function encodeQr(text: string, maxVersion?: number): QrCode {
  const top = maxVersion ?? MAX_VERSION;
  if (!(top >= 1 && top <= MAX_VERSION)) fail('QR version limit must be 1..' + MAX_VERSION);
  const n = text.length;
  // Alphanumeric values, or Latin-1 codes (byte mode) when a character is outside that set.
  let v: Uint8Array = new Uint8Array(n);
  let byte = false;
  for (let i = 0; i < n && !byte; i++) {
    const c = ALPHANUMERIC.indexOf(text[i]);
    if (c < 0) byte = true;
    else v[i] = c;
  }
  if (byte) {
    v = textBytes ? textBytes(text) : v;
    for (let k = 0; !textBytes && k < n; k++) {
      const c = text.charCodeAt(k);
      if (c > 255) fail('QR text must be Latin-1');
      v[k] = c;
    }
  }
  return encodeRequestQr(null, top, {
    bits: byte ? 12 + 8 * n : 13 + 11 * (n >> 1) + 6 * (n & 1),
    write: (data) => {
      // Mode and count, then the content flushed a byte at a time (bits not yet written
      // at the low end of acc, fewer than 8 between steps): bytes in 8 bits, alphanumeric
      // pairs in 11, a last character alone in 6.
      let acc = 0;
      let held = 0;
      let pos = 0;
      const put = (value: number, width: number) => {
        acc = (acc << width) | value;
        held += width;
        while (held >= 8) data[pos++] = acc >> (held -= 8);
      };
      put(byte ? MODE_BYTE : MODE_ALPHANUMERIC, 4);
      put(n, byte ? 8 : 9);
      for (let i = 0; i < n; i += byte ? 1 : 2) {
        if (byte) put(v[i], 8);
        else if (i + 1 < n) put(v[i] * 45 + v[i + 1], 11);
        else put(v[i], 6);
      }
      if (held) data[pos] = acc << (8 - held);
    },
  });
}

export function isDark(qr: QrCode, row: number, column: number): boolean {
  return qr.modules[column * qr.size + row] === 1;
}
