// Constants for QR versions 1–5 at error-correction levels L and M (ISO/IEC 18004).

export const ECL_L = 1;
export const ECL_M = 0;
export type Ecl = typeof ECL_L | typeof ECL_M;

export const MAX_VERSION = 5;

// α^i in GF(256) with the QR field polynomial x^8+x^4+x^3+x^2+1, for i = 0..254, then
// repeated so that α^(a+b) is EXP[a+b] without a modulo; and log_α, its inverse. Built
// at load rather than shipped as 768 numbers.
export const EXP = new Uint8Array(512);
export const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = EXP[i + 255] = x;
  LOG[x] = i;
  x = x & 128 ? (x << 1) ^ 0x11d : x << 1;
}

// Per version (index 1..5): all codewords, then data codewords at M and at L. Versions
// 4 and 5 at M have two equal blocks, every other one block.
export const TOTAL = [0, 26, 44, 70, 100, 134];
export const CAPACITY = [[0, 16, 28, 44, 64, 86], [0, 19, 34, 55, 80, 108]];

export function blockCount(version: number, ecl: Ecl): number {
  return ecl === ECL_M && version > 3 ? 2 : 1;
}

// The one mask this encoder uses: pattern 2, "column mod 3 = 0". It depends on the column
// only, which lets the placement table fold it in (see matrix.ts).
// 15-bit format information (BCH-coded, XORed with 0x5412) for mask 2 at L and M;
// bit i is (FORMAT >> i) & 1.
export const FORMAT_L = 32170;
export const FORMAT_M = 24188;

export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
