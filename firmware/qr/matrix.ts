import { byteMap } from './native';
import { TOTAL } from './tables';

// The symbol is built COLUMN-major (row r, column c is m[c*size + r]) — render.ts draws
// it transposed — by one native gather: m[p] = source[index[p]]. The source holds two
// bytes per bit of the codeword stream, [bit, inverted bit], then the remainder bits
// (0), paper (0), ink (1) and the 16 bits of the format word, so the index table folds
// in the zig-zag placement, the mask (pattern 2 inverts whole columns: pick the
// inverted byte) and every function module. It depends on the version alone and is
// built once and kept.
export interface Placement {
  version: number;
  index: Uint16Array; // size*size, column-major
  source: Uint8Array;
  bits: Uint16Array; // the codeword bits of the source, one element a bit
  format: Uint8Array; // the format word's bits in the source, bit 15 first
  modules: Uint8Array;
}

function buildPlacement(version: number): Placement {
  const size = 17 + 4 * version;
  const index = new Uint16Array(size * size);
  const stream = 16 * TOTAL[version]; // source bytes of the codewords
  const paper = stream + 14; // after the (at most 7) remainder bits
  const source = new Uint8Array(paper + 18);
  for (let i = stream + 1; i <= paper + 1; i += 2) source[i] = 1; // remainder bits (0, inverted 1) and ink
  // Function modules hold paper or paper+1 (ink), data modules 0 until placed. Squares
  // of `side` modules from (row, column), clipped to the symbol; timing first, the
  // finders (with separators) and the alignment pattern as concentric squares over it.
  const square = (row: number, column: number, side: number, value: number) => {
    const top = row < 0 ? 0 : row;
    const bottom = row + side > size ? size : row + side;
    for (let c = column < 0 ? 0 : column; c < column + side && c < size; c++) if (bottom > top) index.subarray(c * size + top, c * size + bottom).fill(value);
  };
  for (let i = 0; i < size; i++) index[6 * size + i] = index[i * size + 6] = paper + 1 - (i & 1);
  // [row, column, rings, whether the outer ring is ink]; rings alternate inward.
  const patterns = [3, 3, 4, 0, 3, size - 4, 4, 0, size - 4, 3, 4, 0, size - 7, size - 7, version > 1 ? 2 : -1, 1];
  for (let p = 0; p < 16; p += 4) {
    const rings = patterns[p + 2];
    for (let k = rings; k > rings - 4; k--) square(patterns[p] - k, patterns[p + 1] - k, 2 * k + 1, paper + ((patterns[p + 3] + rings - k) & 1));
  }
  // Format information (ISO 18004 §7.9.1), bit i at source byte paper+17-i: column 8 from
  // the top (skipping the timing row), then up from the bottom edge; row 8 from the
  // right edge, then from column 7 leftwards (skipping the timing column).
  for (let i = 0; i < 15; i++) {
    index[8 * size + (i < 6 ? i : i < 8 ? i + 1 : size - 15 + i)] = index[(i < 8 ? size - 1 - i : i < 9 ? 7 : 14 - i) * size + 8] = paper + 17 - i;
  }
  index[8 * size + size - 8] = paper + 1; // the dark module
  // Data (ISO 18004 §7.7.3): two columns at a time from the right, alternately upward and
  // downward, right module before left, skipping function modules and column 6.
  let at = 0;
  for (let right = size - 1, up = 1; right > 0; right -= 2, up ^= 1) {
    if (right === 6) right = 5;
    const x = index.subarray((right - 1) * size); // the strip: left column, then right column
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
  return {
    version,
    index,
    source,
    bits: new Uint16Array(source.buffer, 0, stream >> 1),
    format: source.subarray(paper + 2),
    modules: new Uint8Array(size * size),
  };
}

let cached: Placement | null = null;

// The placement for a version, built on first use (call prepareQr at boot to keep its
// interpreted statements off the first sale).
export function placementFor(version: number): Placement {
  if (!cached || cached.version !== version) cached = buildPlacement(version);
  return cached;
}

// A bit as its source bytes [bit, inverted bit] (little-endian), for the native lookup.
const BIT_BYTES = [256, 1];

export function buildMatrix(version: number, format: Uint16Array, codewords: Uint8Array): Uint8Array {
  const p = placementFor(version);
  const map = byteMap;
  map(codewords, p.bits, BIT_BYTES, 1);
  map(format, p.format, undefined, 1);
  map(p.index, p.modules, p.source);
  return p.modules;
}
