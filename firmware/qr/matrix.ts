import { byteMap } from './bytemap';
import { ECL_M } from './tables';
import type { Ecl } from './tables';

// The symbol is built COLUMN-major (module at row r, column c is m[c*size + r]): data
// bits run up and down two-column strips, so every run of data modules is a contiguous
// slice, filled by one native table lookup instead of one interpreted statement per
// module. render.ts draws the buffer transposed.

const LONGEST = 37; // version 5 is 37 modules wide

// Index tables for the native lookups: reading every second bit of a run of the stream,
// forwards (downward strips) or backwards (upward strips), or every bit (the rows beside
// the alignment pattern where only the left column carries data). Tails of the backward
// tables serve shorter runs: UP_PAIRS.subarray(LONGEST - n) is 2n-2, ..., 2, 0.
const UP_PAIRS = new Uint8Array(LONGEST);
const DOWN_PAIRS = new Uint8Array(LONGEST);
const UP_SINGLE = new Uint8Array(LONGEST);
const DOWN_SINGLE = new Uint8Array(LONGEST);
for (let i = 0; i < LONGEST; i++) {
  UP_PAIRS[i] = 2 * (LONGEST - 1 - i);
  DOWN_PAIRS[i] = 2 * i;
  UP_SINGLE[i] = LONGEST - 1 - i;
  DOWN_SINGLE[i] = i;
}
const FLIP = new Uint8Array([1, 0]);

// Finder pattern and alignment pattern, column by column.
const FINDER = new Uint8Array([
  1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1,
  1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
]);
const ALIGNMENT = new Uint8Array([1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
const TIMING = new Uint8Array(LONGEST);
for (let i = 0; i < LONGEST; i += 2) TIMING[i] = 1;

// Format information for mask 2 (tables.ts FORMAT_L / FORMAT_M), laid out as placed:
// column 8 rows 0..8 then rows size-8..size-1 (the first is the always-dark module),
// and row 8 at columns 0..5, 7 then size-8..size-1.
const FORMAT_COLUMN_L = new Uint8Array([0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
const FORMAT_ROW_L = [1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0];
const FORMAT_COLUMN_M = new Uint8Array([0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1]);
const FORMAT_ROW_M = [1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0];

function drawFunctionPatterns(m: Uint8Array, size: number, version: number, ecl: Ecl): void {
  const far = size - 7;
  for (let k = 0; k < 7; k++) {
    const column = FINDER.subarray(7 * k, 7 * k + 7);
    m.set(column, k * size);
    m.set(column, k * size + far);
    m.set(column, (far + k) * size);
  }
  m.set(TIMING.subarray(0, size - 16), 6 * size + 8);
  for (let c = 8; c < far - 1; c += 2) m[c * size + 6] = 1;
  if (version > 1) {
    const at = (far - 2) * size + far - 2;
    for (let k = 0; k < 5; k++) m.set(ALIGNMENT.subarray(5 * k, 5 * k + 5), at + k * size);
  }
  const column = ecl === ECL_M ? FORMAT_COLUMN_M : FORMAT_COLUMN_L;
  const row = ecl === ECL_M ? FORMAT_ROW_M : FORMAT_ROW_L;
  m.set(column.subarray(0, 9), 8 * size);
  m.set(column.subarray(9), 8 * size + size - 8);
  const right = (size - 8) * size + 8;
  for (let k = 0; k < 6; k++) {
    m[k * size + 8] = row[k];
    m[right + k * size] = row[7 + k];
  }
  m[7 * size + 8] = row[6];
  m[right + 6 * size] = row[13];
  m[right + 7 * size] = row[14];
}

// Places the codeword stream (already interleaved, EC included) with mask 2 applied.
function placeData(m: Uint8Array, size: number, version: number, codewords: Uint8Array): void {
  const bits = new Uint8Array(codewords.length * 8 + 7);
  byteMap(codewords, bits, undefined, 1);
  const inverted = new Uint8Array(bits.length);
  byteMap(bits, inverted, FLIP);
  const align = version > 1 ? size - 9 : -size; // first row/column of the alignment pattern
  let o = 0;
  let up = true;
  for (let right = size - 1; right > 0; right -= 2) {
    if (right === 6) right = 5;
    const left = right - 1;
    const outer = left >= size - 8 || right <= 8;
    // Data rows of this strip, top to bottom, as [first, end, both columns?] triples.
    const runs: number[] = [];
    const top = outer ? 9 : 0;
    const bottom = right <= 8 ? size - 8 : size;
    if (!outer) runs.push(0, 6, 1, 7, bottom, 1);
    else runs.push(top, bottom, 1);
    if (left >= align - 1 && left <= align + 4) {
      // Cut the alignment rows out of the run that holds them; a strip whose right
      // column is the pattern's left edge keeps its left column there.
      const last = runs.length - 3;
      const end = runs[last + 1];
      runs[last + 1] = align;
      if (right === align) runs.push(align, align + 5, 0);
      runs.push(align + 5, end, 1);
    }
    const plainRight = right % 3 ? bits : inverted;
    const plainLeft = left % 3 ? bits : inverted;
    const count = runs.length / 3;
    for (let j = 0; j < count; j++) {
      const k = 3 * (up ? count - 1 - j : j);
      const first = runs[k];
      const n = runs[k + 1] - first;
      if (n <= 0) continue;
      if (runs[k + 2]) {
        const index = up ? UP_PAIRS.subarray(LONGEST - n) : DOWN_PAIRS.subarray(0, n);
        byteMap(index, m.subarray(right * size + first, right * size + first + n), plainRight.subarray(o));
        byteMap(index, m.subarray(left * size + first, left * size + first + n), plainLeft.subarray(o + 1));
        o += 2 * n;
      } else {
        const index = up ? UP_SINGLE.subarray(LONGEST - n) : DOWN_SINGLE.subarray(0, n);
        byteMap(index, m.subarray(left * size + first, left * size + first + n), plainLeft.subarray(o));
        o += n;
      }
    }
    up = !up;
  }
}

export function buildMatrix(version: number, ecl: Ecl, codewords: Uint8Array): Uint8Array {
  const size = 17 + 4 * version;
  const m = new Uint8Array(size * size);
  placeData(m, size, version, codewords);
  drawFunctionPatterns(m, size, version, ecl);
  return m;
}
