import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { encodeQr, encodeRequestQr, isDark, prepareQr } from '../../firmware/qr/encode';
import type { QrCode } from '../../firmware/qr/encode';
import { generators, placed } from '../../firmware/qr/prepare';
import { requestFromText, requestToText } from '../../protocol/text/request-text';
import { encodeRequest } from '../../protocol/messages/request';
import { portableByteMap } from '../../firmware/qr/native';
import { ALPHANUMERIC, ECL_L, ECL_M, FORMAT_L, FORMAT_M, MODE_ALPHANUMERIC, MODE_BYTE } from '../../firmware/qr/tables';
import { Prng } from '../../hal/sim/prng';
import { SimDisplay } from '../../hal/sim/display';
import { drawRequestQr } from '../../firmware/qr/render';
import { randomRequestText } from './support';

// The module matrix of the `qrcode` package for the same text, mode, version, level and
// mask: an independent encoder as the oracle.
function reference(text: string, mode: number, version: number, ecl: number): boolean[][] {
  const segments = [{ data: mode === MODE_BYTE ? Buffer.from(text, 'latin1') : text, mode: mode === MODE_BYTE ? 'byte' : 'alphanumeric' }];
  const ref = QRCode.create(segments as never, { version, errorCorrectionLevel: ecl === ECL_M ? 'M' : 'L', maskPattern: 2 });
  const rows: boolean[][] = [];
  for (let r = 0; r < ref.modules.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < ref.modules.size; c++) row.push(!!ref.modules.get(r, c));
    rows.push(row);
  }
  return rows;
}

function rowsOf(qr: QrCode): boolean[][] {
  const rows: boolean[][] = [];
  for (let r = 0; r < qr.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < qr.size; c++) row.push(isDark(qr, r, c));
    rows.push(row);
  }
  return rows;
}

function matrix(text: string, maxVersion?: number): { rows: boolean[][]; mode: number; version: number; ecl: number } {
  const qr = encodeQr(text, maxVersion);
  return { rows: rowsOf(qr), mode: codewords(qr)[0] >> 4, version: qr.version, ecl: qr.ecl };
}

// The codewords read back out of a code's modules in placement order (ISO 18004 §7.7.3),
// mask 2 removed: a reader written apart from the encoder's placement table.
function codewords(qr: QrCode): number[] {
  const s = qr.size;
  const near = (a: number, b: number) => Math.abs(a - b) <= 2;
  const isFunction = (r: number, c: number) => (r < 9 && (c < 9 || c >= s - 8)) || (r >= s - 8 && c < 9) || r === 6 || c === 6
    || (qr.version > 1 && near(r, s - 7) && near(c, s - 7));
  const bits: number[] = [];
  for (let right = s - 1, up = true; right > 0; right -= 2, up = !up) {
    if (right === 6) right = 5;
    for (let k = 0; k < s; k++) {
      const r = up ? s - 1 - k : k;
      for (const c of [right, right - 1]) if (!isFunction(r, c)) bits.push((isDark(qr, r, c) ? 1 : 0) ^ (c % 3 === 0 ? 1 : 0));
    }
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(bits.slice(i, i + 8).reduce((a, b) => a * 2 + b, 0));
  return bytes;
}

describe('QR encoder matches an independent encoder module for module', () => {
  it('alphanumeric and byte texts of every length, versions 1–5, levels M and L', () => {
    const rng = new Prng(5);
    const bytes = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + rng.int(224))).join('');
    const alnum = (n: number) => Array.from({ length: n }, () => ALPHANUMERIC[rng.int(45)]).join('');
    const seen = new Set<string>();
    let compared = 0;
    for (let n = 3; n <= 154; n += 1) {
      for (const max of [1, 2, 3, 4, 5]) {
        for (const text of [alnum(n), bytes(Math.min(n, 106))]) {
          let m;
          try {
            m = matrix(text, max);
          } catch {
            continue; // does not fit up to `max`
          }
          seen.add(`${m.version}${m.ecl === ECL_M ? 'M' : 'L'}${m.mode}`);
          expect(m.rows, `${JSON.stringify(text)} max ${max}`).toEqual(reference(text, m.mode, m.version, m.ecl));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(600);
    expect(seen.size).toBe(20); // 5 versions × 2 levels × 2 modes
  });

  it('200 random payment requests', () => {
    const rng = new Prng(77);
    for (let i = 0; i < 200; i++) {
      const text = randomRequestText(rng);
      const m = matrix(text, 3);
      expect(m.rows).toEqual(reference(text, MODE_ALPHANUMERIC, m.version, m.ecl));
    }
  });
});

describe('QR encoder facts', () => {
  it('data and Reed–Solomon codewords of the standard HELLO WORLD 1-M example', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    const ec = [196, 35, 39, 119, 235, 215, 231, 226, 93, 23];
    const qr = encodeQr('HELLO WORLD', 1);
    expect([qr.version, qr.ecl]).toEqual([1, ECL_M]);
    expect(codewords(qr)).toEqual([...data, ...ec]);
  });

  it('EC is the same whether or not it resumes from the shared-prefix snapshot', () => {
    // One terminal's requests share their first codewords; now and then another
    // terminal's (a different prefix) or a code of another level comes between.
    const rng = new Prng(9);
    const levels = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const other = rng.int(4) === 0;
      const extensions = rng.int(5) === 0 ? new Uint8Array([1, 8, 1, 2, 3, 4, 5, 6, 7, 8]) : new Uint8Array(0);
      const bytes = encodeRequest({
        terminalId: other ? 1 + rng.int(1000) : 0x01020304, merchantId: other ? 1 + rng.int(1000) : 4242,
        amount: 1 + rng.int(100000), currency: 978, challenge: new Uint8Array(16).map(() => rng.int(256)),
        requestCounter: i, extensions,
      });
      const qr = encodeRequestQr(bytes, 3);
      levels.add(qr.ecl);
      expect(rowsOf(qr), `request ${i}`).toEqual(reference(requestToText(bytes), MODE_ALPHANUMERIC, qr.version, qr.ecl));
    }
    expect(levels.size).toBe(2);
  });

  it('format information holds level and mask 2, BCH-valid, in both copies', () => {
    for (const [ecl, format] of [[ECL_M, FORMAT_M], [ECL_L, FORMAT_L]]) {
      // Re-derive: 5 data bits, 10 BCH bits (generator 0x537), XOR 0x5412.
      const data = (ecl << 3) | 2;
      let rem = data;
      for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
      expect(((data << 10) | rem) ^ 0x5412).toBe(format);
      const text = ecl === ECL_M ? 'KERB:12345' : 'A'.repeat(24); // 24 characters need 1-L
      const qr = encodeQr(text, 1);
      expect(qr.ecl).toBe(ecl);
      const s = qr.size;
      const bit = (r: number, c: number) => (isDark(qr, r, c) ? 1 : 0);
      let first = 0;
      let second = 0;
      const around = [[0, 8], [1, 8], [2, 8], [3, 8], [4, 8], [5, 8], [7, 8], [8, 8], [8, 7], [8, 5], [8, 4], [8, 3], [8, 2], [8, 1], [8, 0]];
      around.forEach(([r, c], i) => (first |= bit(r, c) << i));
      for (let i = 0; i < 8; i++) second |= bit(8, s - 1 - i) << i;
      for (let i = 8; i < 15; i++) second |= bit(s - 15 + i, 8) << i;
      expect(first).toBe(format);
      expect(second).toBe(format);
      expect(bit(s - 8, 8)).toBe(1); // the dark module
    }
  });

  it('a v1 payment request (37 bytes, 61 characters) is version 3 at level M; the largest (48 bytes) is 3-L on the panel', () => {
    const text = randomRequestText(new Prng(3));
    expect(text.length).toBe(61);
    const qr = encodeQr(text, 3);
    expect([qr.version, qr.ecl, codewords(qr)[0] >> 4, qr.size]).toEqual([3, ECL_M, MODE_ALPHANUMERIC, 29]);
    const big = 'KERB:' + '0'.repeat(72);
    expect([encodeQr(big, 3).version, encodeQr(big, 3).ecl]).toEqual([3, ECL_L]);
    expect([encodeQr(big).version, encodeQr(big).ecl]).toEqual([4, ECL_M]);
  });

  it('rejects what it cannot encode, with a clear error', () => {
    expect(() => encodeQr('A'.repeat(155))).toThrow(/does not fit/);
    expect(() => encodeQr('a'.repeat(107))).toThrow(/does not fit/);
    expect(() => encodeQr('HELLO', 6)).toThrow(/version limit/);
    expect(() => encodeQr('HELLO', 0)).toThrow(/version limit/);
    expect(() => encodeQr('€')).toThrow(/Latin-1/);
  });

  it('prepareQr makes the placement and generator ahead; every code keeps its own modules', () => {
    encodeQr('HELLO', 1);
    expect(placed).toBe(1);
    expect(prepareQr(3, ECL_M)).toBe(26);
    expect([placed, generators[26].length]).toEqual([3, 26]);
    const a = encodeQr('KERB:' + 'A1'.repeat(28), 3);
    const copy = new Uint8Array(a.modules);
    const b = encodeQr('KERB:' + 'B2'.repeat(28), 3);
    expect([a.version, a.ecl, b.version, b.ecl]).toEqual([3, ECL_M, 3, ECL_M]);
    expect(b.modules).not.toBe(a.modules);
    expect(a.modules).toEqual(copy);
  });
});

describe('request QR straight from the request bytes', () => {
  it('is the same code as the one for the request text (odd and even lengths)', () => {
    const rng = new Prng(21);
    const lengths = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const text = randomRequestText(rng);
      const bytes = requestFromText(text);
      lengths.add(bytes.length & 1);
      const viaText = new Uint8Array(encodeQr(text, 3).modules);
      const viaBytes = encodeRequestQr(bytes, 3);
      expect(viaBytes.modules).toEqual(viaText);
    }
    expect(lengths.size).toBe(2);
  });

  it('redraws the same request array without encoding it again; a new array is encoded', () => {
    const bytes = requestFromText(randomRequestText(new Prng(8)));
    const d = new SimDisplay(128, 64);
    const a = drawRequestQr(d, bytes, 0, 0);
    expect(drawRequestQr(d, bytes, 0, 0)).toBe(a);
    const b = drawRequestQr(d, new Uint8Array(bytes), 0, 0);
    expect(b).not.toBe(a);
    expect(b.modules).toEqual(a.modules);
  });
});

describe('portable stand-in for E.mapInPlace', () => {
  it('behaves as documented for Espruino', () => {
    const a = new Uint8Array([0x12, 0x34, 0x56, 0x78]);
    const b = new Uint8Array(8);
    portableByteMap(a, b, undefined, 4);
    expect([...b]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const w = new Uint16Array(4);
    portableByteMap(a, w, undefined, 12);
    expect([...w]).toEqual([0x123, 0x456, 0x780, 0]);
    const c = new Uint8Array([1, 2, 3, 1, 2, 3]);
    portableByteMap(c, c, new Uint8Array([128, 129, 130, 131]));
    expect([...c]).toEqual([129, 130, 131, 129, 130, 131]);
    const bits = new Uint8Array(9);
    portableByteMap(new Uint8Array([0xa5]), bits, undefined, 1);
    expect([...bits]).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 0]); // stops when the input ends
  });
});
