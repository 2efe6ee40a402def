import { byteMap } from './native';
import { TOTAL } from './tables';

// The symbol is built COLUMN-major (row r, column c is m[c*size + r]) — render.ts draws
// it transposed — by one native gather: m[p] = source[index[p]]. The source holds two
// bytes per bit of the codeword stream, [bit, inverted bit], then the remainder bits
// (0), paper (0), ink (1) and the 16 bits of the format word, so the index table folds
// in the zig-zag placement, the mask (pattern 2 inverts whole columns: pick the
// inverted byte) and every function module. It depends on the version alone.

// The placement kept: its version (0: none yet), table, source, the source's codeword
// bits (one element a bit), its format word's bits (bit 15 first) and the module buffer.
let placed = 0;
let index: Uint16Array;
let source: Uint8Array;
let streamBits: Uint16Array;
let formatBits: Uint8Array;
let modules: Uint8Array;

// Built on first use of a version (call prepareQr at boot to keep its interpreted
// statements off the first sale).
export function placementFor(version: number): void {
  if (placed === version) return;
  placed = version;
  const size = 17 + 4 * version;
  const m = new Uint16Array(size * size);
  const stream = 16 * TOTAL[version]; // source bytes of the codewords
  const paper = stream + 14; // after the (at most 7) remainder bits
  const bytes = new Uint8Array(paper + 18);
  for (let i = stream + 1; i <= paper + 1; i += 2) bytes[i] = 1; // remainder bits (0, inverted 1) and ink
  // Function modules hold paper or paper+1 (ink), data modules 0 until placed. Timing
  // first, then over it each finder's corner (the finder and its separator) as paper,
  // and the finders and the alignment pattern as concentric squares from their centres.
  const square = (row: number, column: number, side: number, value: number) => {
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
  // Format information (ISO 18004 §7.9.1), bit i at source byte paper+17-i: column 8 from
  // the top (skipping the timing row), then up from the bottom edge; row 8 from the
  // right edge, then from column 7 leftwards (skipping the timing column).
  for (let i = 0; i < 15; i++) {
    m[8 * size + (i < 6 ? i : i < 8 ? i + 1 : size - 15 + i)] = m[(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i) * size + 8] = paper + 17 - i;
  }
  m[8 * size + size - 8] = paper + 1; // the dark module
  // Data (ISO 18004 §7.7.3): two columns at a time from the right, alternately upward and
  // downward, right module before left, skipping function modules and column 6.
  let at = 0;
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
  index = m;
  source = bytes;
  streamBits = new Uint16Array(bytes.buffer, 0, stream >> 1);
  formatBits = bytes.subarray(paper + 2);
  modules = new Uint8Array(size * size);
}

// A bit as its source bytes [bit, inverted bit] (little-endian), for the native lookup.
const BIT_BYTES = [256, 1];

export function buildMatrix(version: number, format: Uint16Array, codewords: Uint8Array): Uint8Array {
  placementFor(version);
  const map = byteMap;
  map(codewords, streamBits, BIT_BYTES, 1);
  map(format, formatBits, undefined, 1);
  map(index, modules, source);
  return modules;
}
