// Constants for QR versions 1–5 at error-correction levels L and M (ISO/IEC 18004).

export const ECL_L = 1;
export const ECL_M = 0;
export type Ecl = typeof ECL_L | typeof ECL_M;

export const MAX_VERSION = 5;

export const MODE_ALPHANUMERIC = 2;
export const MODE_BYTE = 4;

// Per version 1..5 at index version-1: all codewords; at 4 + version: data codewords at
// M; at 9 + version: at L. Versions 4 and 5 at M have two equal blocks, every other one
// block. A typed array: a few JS variables on the board where an array costs one a number.
export const CODEWORDS = new Uint8Array([26, 44, 70, 100, 134, 16, 28, 44, 64, 86, 19, 34, 55, 80, 108]);

// The one mask this encoder uses: pattern 2, "column mod 3 = 0". It depends on the column
// only, which lets the placement table fold it in (see prepare.ts).
// 15-bit format information (BCH-coded, XORed with 0x5412) for mask 2 at L and M;
// bit i is (FORMAT >> i) & 1.
export const FORMAT_L = 32170;
export const FORMAT_M = 24188;

export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
