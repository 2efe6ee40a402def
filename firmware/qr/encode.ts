import { byteMap, textBytes } from './native';
import { fail } from '../../protocol/errors';
import { generators, gf, placement, prepareQr } from './prepare';
import { ALPHANUMERIC, CODEWORDS, FORMAT_L, FORMAT_M, MAX_VERSION, MODE_ALPHANUMERIC, MODE_BYTE } from './tables';
import type { Ecl } from './tables';

export { prepareQr };

export interface QrCode {
  version: number;
  ecl: Ecl;
  mode: number;
  size: number;
  // size*size modules, 1 = dark, COLUMN-major: row r, column c is modules[c*size + r].
  modules: Uint8Array;
}

// The code made last: render.ts redraws a request's code while it is still this one.
export let last: QrCode | null = null;

// Consecutive payment requests from one terminal share their first ~15 data codewords
// (prefix, type, terminal and merchant ids), and the EC division register after a
// prefix depends on that prefix alone. Kept from the previous block: the register after
// the part it shared with the block before it (bytes 0..27; zero when that part is
// empty), the block (from 28), how long that part is (140) and its EC length (141).
const resume = new Uint8Array(142);

// The code of a payment request, from its bytes or its text ("KERB:" + Base45,
// alphanumeric): the smallest QR code up to version `top` at level M, else at level L;
// mask 2. With `anyText`, any Latin-1 text (alphanumeric mode when it allows, else byte
// mode): encodeQr's path. One function, its helpers nested: they exist only while it runs.
export function encodeRequestQr(request: Uint8Array | string, top: number, anyText?: boolean): QrCode {
  const m = byteMap;
  let mode = MODE_ALPHANUMERIC;
  let v: Uint8Array; // alphanumeric values (0..44) or Latin-1 codes
  if (typeof request === 'string') {
    const text = request;
    v = new Uint8Array(text.length);
    for (let i = 0; i < v.length && mode === MODE_ALPHANUMERIC; i++) {
      const c = ALPHANUMERIC.indexOf(text[i]);
      if (c < 0) mode = MODE_BYTE;
      v[i] = c;
    }
    if (mode === MODE_BYTE) {
      if (!anyText) fail('request text must be alphanumeric');
      const codes = textBytes ? textBytes(text) : null;
      for (let i = 0; i < v.length; i++) {
        const c = codes ? codes[i] : text.charCodeAt(i);
        if (c > 255) fail('QR text must be Latin-1');
        v[i] = c;
      }
    }
  } else {
    // Base45 digits ARE alphanumeric values, so the text never needs building: the bytes
    // two at a time (big-endian, one native lookup for all) as three digits, least
    // significant first, a last odd byte as two (its third digit, 0, cut off), after
    // "KERB:" (protocol/text).
    const n = request.length;
    const words = new Uint16Array((n + 1) >> 1);
    m(request, words, undefined, 16);
    if (n & 1) words[words.length - 1] >>= 8; // read as the high half of a padded word
    v = new Uint8Array(5 + 3 * words.length);
    v.set([20, 14, 27, 11, 44]);
    let o = 5;
    for (const w of words) {
      v[o++] = w % 45;
      v[o++] = ((w / 45) | 0) % 45;
      v[o++] = (w / 2025) | 0;
    }
    v = v.subarray(0, o - (n & 1));
  }
  const n = v.length;

  // The segment (ISO 18004 §7.4) in the smallest version that holds it: zero codewords
  // with the pad codewords in place after the content and its terminator (four 0 bits,
  // fewer at capacity, then 0 bits up to a byte boundary).
  const bits = mode === MODE_BYTE ? 12 + 8 * n : 13 + 11 * (n >> 1) + 6 * (n & 1);
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
  // Mode and count, then the content flushed a byte at a time (bits not yet written at
  // the low end of acc, fewer than 8 between steps).
  let acc = n;
  let held;
  let pos = 1;
  let i = 0;
  if (mode === MODE_BYTE) {
    data[0] = (MODE_BYTE << 4) | (n >> 4);
    held = 4;
    for (; i < n; i++) {
      acc = ((acc & 15) << 8) | v[i];
      data[pos++] = acc >> 4;
    }
  } else {
    // Four characters (22 bits) a step, a last pair in 11 bits, a last one in 6.
    data[0] = (MODE_ALPHANUMERIC << 4) | (n >> 5);
    held = 5;
    for (; i + 3 < n; i += 4) {
      acc = (acc << 22) | ((v[i] * 45 + v[i + 1]) << 11) | (v[i + 2] * 45 + v[i + 3]);
      held += 6; // 22 bits in, two bytes out, a third when 8 or more are left
      data[pos++] = acc >> (held + 8);
      data[pos++] = acc >> held;
      if (held >= 8) data[pos++] = acc >> (held -= 8);
    }
    if (i + 1 < n) {
      acc = (acc << 11) | (v[i] * 45 + v[i + 1]);
      held += 11;
      i += 2;
    }
    if (i < n) {
      acc = (acc << 6) | v[i];
      held += 6;
    }
    while (held >= 8) data[pos++] = acc >> (held -= 8);
  }
  if (held) data[pos] = acc << (8 - held);

  // EC codewords (Reed–Solomon) of each block: the remainder of block(x)·x^ec divided by
  // the generator. One division step shifts the register by a byte (native copy),
  // multiplies the generator by the feedback byte (one native lookup of all its
  // coefficients) and XORs seven words — instead of 26 interpreted multiply-and-XORs.
  const ec = prepareQr(version, ecl);
  const blocks = !ecl && version > 3 ? 2 : 1;
  const per = capacity / blocks;
  const total = CODEWORDS[version - 1];
  const out = new Uint8Array(total); // data and EC codewords in transmission order
  const work = new Uint8Array(168); // the register (0..27), generator × feedback (28..55), the block (56..)
  const register = work.subarray(0, 28);
  const kept = resume;
  // Divides block codewords [from, to) into the register. The encoder's hottest loop:
  // its names are its own locals (the interpreter looks every outer name up, one by one).
  const divide = (block: Uint8Array, from: number, to: number) => {
    const d = block;
    const r = register;
    const s = r.subarray(1); // r.set(s) shifts the register by one byte
    const w = new Int32Array(work.buffer, 0, 14); // the register's words, then the product's
    const x = work.subarray(28, 56);
    const g = generators[ec];
    const e = gf as Uint8Array;
    const l = e.subarray(512);
    const map = m;
    let f; // feedback byte
    for (let i = from; i < to; i++) {
      f = d[i] ^ r[0];
      r.set(s);
      if (f) {
        map(g, x, e.subarray(l[f]));
        w[0] ^= w[7]; w[1] ^= w[8]; w[2] ^= w[9]; w[3] ^= w[10]; w[4] ^= w[11]; w[5] ^= w[12]; w[6] ^= w[13];
      }
    }
  };
  for (let k = 0; k < blocks; k++) {
    const block = data.subarray(k * per, (k + 1) * per);
    // The part shared with the previous block, two codewords at a time.
    let shared = 0;
    if (kept[141] === ec) {
      const c = new Uint16Array(work.buffer, 56, 56);
      const p = new Uint16Array(kept.buffer, 28, 56);
      work.set(block, 56);
      while (shared < per >> 1 && c[shared] === p[shared]) shared++;
      shared <<= 1;
    }
    let at = kept[140];
    if (shared < at) {
      kept.fill(0, 0, 28);
      at = 0;
    }
    register.set(kept.subarray(0, 28));
    if (shared > at) {
      divide(block, at, shared);
      kept.set(register);
    }
    kept[140] = shared;
    divide(block, shared, per);
    kept.set(block, 28);
    kept[141] = ec;
    if (blocks === 1) {
      out.set(block);
      out.set(register.subarray(0, ec), per);
    } else {
      // Versions 4 and 5 at M: interleaved codeword by codeword.
      for (let j = 0; j < per; j++) out[j * 2 + k] = block[j];
      for (let j = 0; j < ec; j++) out[capacity + j * 2 + k] = register[j];
    }
  }

  // The modules, by one native gather through the placement table (prepare.ts) from the
  // codeword stream as [bit, inverted bit] byte pairs (a little-endian 256 is a 0 bit:
  // the remainder bits, paper and ink are pairs of those too), then the format word.
  const size = 17 + 4 * version;
  const stream = 16 * total;
  const source = new Uint8Array(stream + 32);
  const pairs = new Uint16Array(source.buffer, 0, (stream >> 1) + 8);
  pairs.fill(256);
  m(out, pairs, [256, 1], 1);
  m(new Uint16Array([ecl ? FORMAT_L : FORMAT_M]), source.subarray(stream + 16), undefined, 1);
  const modules = new Uint8Array(size * size);
  m(placement as Uint16Array, modules, source);
  return (last = { version, ecl: ecl as Ecl, mode, size, modules });
}

// Encodes Latin-1 text (alphanumeric mode when it allows, else byte mode) as the
// smallest QR code up to maxVersion (default 5) at level M, else at level L; mask 2.
export function encodeQr(text: string, maxVersion?: number): QrCode {
  const top = maxVersion ?? MAX_VERSION;
  if (!(top >= 1 && top <= MAX_VERSION)) fail('QR version limit must be 1..' + MAX_VERSION);
  return encodeRequestQr(text, top, true);
}

export function isDark(qr: QrCode, row: number, column: number): boolean {
  return qr.modules[column * qr.size + row] === 1;
}
