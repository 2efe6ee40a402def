import { byteMap } from './native';
import { CODEWORDS } from './tables';

// What the encoder keeps between codes, all typed arrays: the field tables, the EC
// generators made so far and the placement table of one version. prepareQr makes them
// ahead of the first code (at boot: version 3 at level M for payment requests on a
// 128×64 panel), so that no sale pays their interpreted statements.

// α^i in GF(256) with the QR field polynomial x^8+x^4+x^3+x^2+1 for i = 0..254, then
// repeated so that α^(a+b) is gf[a+b] without a modulo; from 512 on, log_α.
export let gf: Uint8Array | undefined;

// The generator Π(x − α^i), i < n, for n EC codewords, without its leading 1, as the
// logarithms of its coefficients (highest degree first), by n. No coefficient is 0.
export const generators: Record<number, Uint8Array> = {};

// The symbol is built COLUMN-major (row r, column c is m[c*size + r]) — render.ts draws
// it transposed — by one native gather: m[p] = source[placement[p]]. The source holds
// two bytes per bit, [bit, inverted bit], of the 16-bit format word, the codewords, then
// the remainder bits (0), paper (0) and ink (1), so the table folds in the zig-zag
// placement, the mask (pattern 2 inverts whole columns: pick the inverted byte) and
// every function module. It depends on the version alone; one version is kept.
export let placement: Uint16Array | undefined;
export let placed = 0;

// Makes what a code of the version at the level (0: M, 1: L) needs; says how many EC
// codewords each of its blocks has.
export function prepareQr(version: number, ecl: number): number {
  let t = gf;
  if (!t) {
    t = gf = new Uint8Array(768);
    for (let i = 0, x = 1; i < 255; i++) {
      t[i] = t[i + 255] = x;
      t[512 + x] = i;
      x = x & 128 ? (x << 1) ^ 0x11d : x << 1;
    }
  }
  const n = (CODEWORDS[version - 1] - CODEWORDS[4 + 5 * ecl + version]) / (!ecl && version > 3 ? 2 : 1);
  if (!generators[n]) {
    // Multiplies by (x − α^i) one i at a time (a few thousand interpreted steps, once).
    const c = new Uint8Array(n + 1);
    c[0] = 1;
    for (let i = 0; i < n; i++) for (let j = i + 1; j; j--) c[j] ^= t[t[512 + c[j - 1]] + i];
    byteMap(c.subarray(1), (generators[n] = new Uint8Array(n)), t.subarray(512));
  }
  if (placed === version) return n;
  const size = 17 + 4 * version;
  const m = new Uint16Array(size * size);
  const paper = 16 * CODEWORDS[version - 1] + 46; // after the format's, codewords' and (at most 7) remainder bits' bytes
  // Function modules hold paper or paper+1 (ink), data modules 0 until placed. Timing
  // first, then over it each finder's corner (the finder and its separator) as paper,
  // and the finders and the alignment pattern as concentric squares from their centres.
  const square = (row: number, column: number, side: number, value: number) => {
    // subarray().fill(): Espruino's fill(value, start, end) walks the whole array.
    for (let c = column; c < column + side; c++) m.subarray(c * size + row, c * size + row + side).fill(value);
  };
  for (let i = 0; i < size; i++) m[6 * size + i] = m[i * size + 6] = paper + 1 - (i & 1);
  const far = size - 8;
  const centres = [3, 3, 3, far + 4, far + 4, 3, far + 1, far + 1];
  for (let p = 0; p < 8; p += 2) {
    const row = centres[p];
    const column = centres[p + 1];
    const rings = p < 6 ? 3 : version > 1 ? 2 : -1; // ink, paper, ink from the outside
    if (p < 6) square(row < 9 ? 0 : far, column < 9 ? 0 : far, 8, paper);
    for (let k = rings; k > rings - 3; k--) square(row - k, column - k, 2 * k + 1, paper + 1 - ((rings - k) & 1));
  }
  // Format information (ISO 18004 §7.9.1), bit i at source byte 30-2i: column 8 from
  // the top (skipping the timing row), then up from the bottom edge; row 8 from the
  // right edge, then from column 7 leftwards (skipping the timing column).
  for (let i = 0; i < 15; i++) {
    m[8 * size + (i < 6 ? i : i < 8 ? i + 1 : size - 15 + i)] = m[(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i) * size + 8] = 30 - 2 * i;
  }
  m[8 * size + size - 8] = paper + 1; // the dark module
  // Data (ISO 18004 §7.7.3): two columns at a time from the right, alternately upward and
  // downward, right module before left, skipping function modules and column 6.
  let at = 32;
  for (let right = size - 1, up = 1; right > 0; right -= 2, up ^= 1) {
    if (right === 6) right = 5;
    const x = m.subarray((right - 1) * size); // the strip: left column, then right column
    const l = (right - 1) % 3 ? 0 : 1; // mask 2 inverts columns divisible by 3
    const r = right % 3 ? 0 : 1;
    const step = up ? -1 : 1;
    for (let p = up ? 2 * size - 1 : size, q = p - size, n = size; n--; p += step, q += step) {
      if (!x[p]) {
        x[p] = at + r;
        at += 2;
      }
      if (!x[q]) {
        x[q] = at + l;
        at += 2;
      }
    }
  }
  placement = m;
  placed = version;
  return n;
}
