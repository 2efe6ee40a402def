import { byteMap } from './native';
import { BLOCKS_L, BLOCKS_M, ECL_M, EXP, FORMAT_L, FORMAT_M, LOG } from './tables';
import type { Ecl } from './tables';

// The symbol is built COLUMN-major (row r, column c is m[c*size + r]) — render.ts draws
// it transposed — by one native gather per two-column strip: m[p] = source[index[p]].
// The source holds four bytes per bit of the codeword stream, [bit, inverted bit, 0, 1],
// so the index table folds in the zig-zag placement, the mask (pattern 2 inverts whole
// columns: pick the inverted byte) and every function module (point at a constant 0 or
// 1, present in every group of four). Indices are relative to the strip's first stream
// bit, which keeps them small enough to build from short native runs; the table depends
// only on version and level and is built once and kept.

// Finder and alignment patterns, column by column.
const FINDER = new Uint8Array([
  1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1,
  1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
]);
const ALIGNMENT = new Uint8Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);

// Function modules: 0 paper, 1 ink, 2 data (column-major).
export function functionPatterns(size: number, version: number, ecl: Ecl): Uint8Array {
  const m = new Uint8Array(size * size).fill(2);
  const far = size - 7;
  // Finders with their separators and the format areas: clear the three corners first
  // (set() from zeros: Espruino's typed-array fill walks the whole array).
  const zeros = new Uint8Array(9);
  for (let c = 0; c < 9; c++) {
    m.set(zeros, c * size);
    m.set(zeros.subarray(1), c * size + size - 8);
    if (c < 8) m.set(zeros, (size - 8 + c) * size);
  }
  for (let k = 0; k < 7; k++) {
    const column = FINDER.subarray(7 * k, 7 * k + 7);
    m.set(column, k * size);
    m.set(column, k * size + far);
    m.set(column, (far + k) * size);
  }
  for (let i = 8; i < size - 8; i++) {
    m[6 * size + i] = 1 - (i & 1);
    m[i * size + 6] = 1 - (i & 1);
  }
  if (version > 1) {
    const at = (far - 2) * size + far - 2;
    for (let k = 0; k < 5; k++) m.set(ALIGNMENT.subarray(5 * k, 5 * k + 5), at + k * size);
  }
  // Format information (ISO 18004 §7.9.1): bit i of the 15-bit word; column 8 from the
  // top (skipping the timing row) and from row size-7 down, below the always-dark module;
  // row 8 from the left (skipping the timing column) and from column size-8 right.
  const format = ecl === ECL_M ? FORMAT_M : FORMAT_L;
  const rowColumns = [0, 1, 2, 3, 4, 5, 7];
  for (let i = 0; i < 15; i++) {
    const bit = (format >> i) & 1;
    if (i < 8) {
      m[8 * size + (i < 6 ? i : i + 1)] = bit;
      m[(size - 1 - i) * size + 8] = bit;
    } else {
      m[8 * size + size - 15 + i] = bit;
      m[rowColumns[14 - i] * size + 8] = bit;
    }
  }
  m[8 * size + size - 8] = 1;
  return m;
}

const LONGEST = 37; // version 5 is 37 modules wide

// Function modules point at a constant of the source (paper 2, ink 3); data modules are
// overwritten.
const KIND_TO_INDEX = new Uint16Array([2, 3, 0]);

// Offsets within a run of rows: every 8 (a row of two data modules is two stream bits,
// four source bytes each) or every 4 (rows beside the alignment pattern where only the
// left column holds data), rising (downward strips) or falling (upward strips: tails of
// the falling tables serve shorter runs, fall8.subarray(LONGEST - n) is 8n-8, ..., 0);
// and 0, 1, 2, ... to add a run's start to them (the lookup table of the native map).
// Only needed while building a placement.
function rampTables(): { rise8: Uint16Array; fall8: Uint16Array; rise4: Uint16Array; fall4: Uint16Array; iota: Uint16Array } {
  const iota = new Uint16Array(8 * LONGEST + 8);
  byteMap(EXP.subarray(0, 255), iota, LOG);
  for (let i = 255; i < iota.length; i++) iota[i] = i;
  const rise8 = new Uint16Array(LONGEST);
  const rise4 = new Uint16Array(LONGEST);
  for (let i = 0; i < LONGEST; i++) {
    rise8[i] = 8 * i;
    rise4[i] = 4 * i;
  }
  const fall8 = new Uint16Array(rise8).reverse();
  const fall4 = new Uint16Array(rise4).reverse();
  return { rise8, fall8, rise4, fall4, iota };
}

export interface Placement {
  version: number;
  ecl: Ecl;
  size: number;
  index: Uint16Array; // size*size, column-major, relative to the strip's source window
  // Per gather (column 6, then each strip right to left): its slice of the index, of the
  // module buffer and of the source buffer (both reused from code to code).
  indexViews: Uint16Array[];
  moduleViews: Uint8Array[];
  sourceViews: Uint8Array[];
  modules: Uint8Array;
  spread: Float64Array; // the source: 8 bytes per two stream bits
}

// Walks the strips in placement order (ISO 18004 §7.7.3: two columns at a time from the
// right, alternately upward and downward, right module before left, skipping function
// modules and column 6) as runs of rows, each filled by one native lookup of a ramp.
function buildPlacement(version: number, ecl: Ecl): Placement {
  const size = 17 + 4 * version;
  const index = new Uint16Array(size * size);
  byteMap(functionPatterns(size, version, ecl), index, KIND_TO_INDEX);
  const t = rampTables();
  const modules = new Uint8Array(size * size);
  // Two stream bits per double: all codewords, then the remainder bits (7 at most).
  const spread = new Float64Array(4 * (ecl === ECL_M ? BLOCKS_M : BLOCKS_L)[version][0] + 4);
  const source = new Uint8Array(spread.buffer);
  const indexViews = [index.subarray(6 * size, 7 * size)];
  const moduleViews = [modules.subarray(6 * size, 7 * size)];
  const sourceViews = [source];
  const align = version > 1 ? size - 9 : -size; // first row and column of the alignment pattern
  let at = 0; // 4 × the next stream bit
  let up = true;
  for (let right = size - 1; right > 0; right -= 2) {
    if (right === 6) right = 5;
    const left = right - 1;
    indexViews.push(index.subarray(left * size, left * size + 2 * size));
    moduleViews.push(modules.subarray(left * size, left * size + 2 * size));
    sourceViews.push(source.subarray(at));
    const outer = left >= size - 8 || right <= 8;
    // Data rows of this strip, top to bottom, as [first, end, both columns?] triples.
    const runs: number[] = outer ? [9, right <= 8 ? size - 8 : size, 1] : [0, 6, 1, 7, size, 1];
    if (left >= align - 1 && left <= align + 4) {
      // Cut the alignment rows out of the last run; a strip whose right column is the
      // pattern's left edge keeps its left column there.
      const end = runs[runs.length - 2];
      runs[runs.length - 2] = align;
      if (right === align) runs.push(align, align + 5, 0);
      runs.push(align + 5, end, 1);
    }
    const rightMask = right % 3 ? 0 : 1;
    const leftMask = left % 3 ? 0 : 1;
    const base = at;
    const count = runs.length / 3;
    for (let j = 0; j < count; j++) {
      const k = 3 * (up ? count - 1 - j : j);
      const first = runs[k];
      const n = runs[k + 1] - first;
      if (n <= 0) continue;
      const rel = at - base;
      if (runs[k + 2]) {
        const steps = up ? t.fall8.subarray(LONGEST - n) : t.rise8.subarray(0, n);
        byteMap(steps, index.subarray(right * size + first, right * size + first + n), t.iota.subarray(rel + rightMask));
        byteMap(steps, index.subarray(left * size + first, left * size + first + n), t.iota.subarray(rel + 4 + leftMask));
        at += 8 * n;
      } else {
        const steps = up ? t.fall4.subarray(LONGEST - n) : t.rise4.subarray(0, n);
        byteMap(steps, index.subarray(left * size + first, left * size + first + n), t.iota.subarray(rel + leftMask));
        at += 4 * n;
      }
    }
    up = !up;
  }
  return { version, ecl, size, index, indexViews, moduleViews, sourceViews, modules, spread };
}

let cached: Placement | null = null;

// The placement for a version and level, built on first use (a few hundred interpreted
// statements; call it at boot to keep them off the first sale).
export function placementFor(version: number, ecl: Ecl): Placement {
  if (!cached || cached.version !== version || cached.ecl !== ecl) cached = buildPlacement(version, ecl);
  return cached;
}

// Two stream bits at a time as the eight source bytes [bit, inverted bit, 0, 1] × 2, held
// in the double whose little-endian bytes they are (a normal number, never NaN), so one
// native lookup writes eight bytes; and the same for two 0 bits (the remainder bits
// after the codewords).
const SPREAD: number[] = [];
{
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  for (let v = 0; v < 4; v++) {
    bytes.set([v >> 1, 1 - (v >> 1), 0, 1, v & 1, 1 - (v & 1), 0, 1]);
    SPREAD.push(view.getFloat64(0, true));
  }
}
const REMAINDER = new Float64Array([SPREAD[0], SPREAD[0], SPREAD[0], SPREAD[0]]);

export function buildMatrix(version: number, ecl: Ecl, codewords: Uint8Array): Uint8Array {
  const p = placementFor(version, ecl);
  const spread = p.spread;
  const map = byteMap;
  map(codewords, spread, SPREAD, 2);
  spread.set(REMAINDER, codewords.length * 4);
  const index = p.indexViews;
  const modules = p.moduleViews;
  const source = p.sourceViews;
  for (let j = 0; j < index.length; j++) map(index[j], modules[j], source[j]);
  return p.modules;
}
