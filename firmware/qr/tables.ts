// Constants for QR versions 1–5 at error-correction levels L and M (ISO/IEC 18004),
// precomputed so the device never derives them: computing GF(256) tables or generator
// polynomials in the interpreter would cost more than encoding a whole code.

export const ECL_L = 1;
export const ECL_M = 0;
export type Ecl = typeof ECL_L | typeof ECL_M;

export const MAX_VERSION = 5;

// α^i in GF(256) with the QR field polynomial x^8+x^4+x^3+x^2+1, for i = 0..254, then
// repeated so that α^(a+b) is EXP[a+b] without a modulo; and log_α, its inverse. Built
// at load (a few million instructions once) rather than shipped as 768 numbers.
export const EXP = new Uint8Array(512);
export const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = EXP[i + 255] = x;
  LOG[x] = i;
  x = x & 128 ? (x << 1) ^ 0x11d : x << 1;
}

// Generator polynomials Π(x − α^i), i < n, without the leading 1, as logarithms of their
// coefficients (highest degree first), for every EC block length versions 1–5 use at L/M.
export const GENERATOR_LOGS: Record<number, number[]> = {
  7: [87,229,146,149,238,102,21],
  10: [251,67,46,61,118,70,64,94,32,45],
  15: [8,183,61,91,202,37,51,58,58,237,140,124,5,99,105],
  16: [120,104,107,109,102,161,76,3,91,191,147,169,182,194,225,120],
  18: [215,234,158,94,184,97,118,170,79,187,152,148,252,179,5,98,96,153],
  20: [17,60,79,50,61,163,26,187,202,180,221,225,83,239,156,164,212,212,188,190],
  24: [229,121,135,48,211,117,251,126,159,180,169,152,192,226,228,218,111,0,117,232,87,96,227,21],
  26: [173,125,158,2,103,182,118,17,145,201,111,28,165,53,161,21,245,142,13,102,48,227,153,145,218,70],
};

// Per version (index 1..5): [total codewords, EC codewords per block, blocks] at M, then L.
// Versions 1–5 at L and M have equal-sized blocks.
export const BLOCKS_M = [[0, 0, 0], [26, 10, 1], [44, 16, 1], [70, 26, 1], [100, 18, 2], [134, 24, 2]];
export const BLOCKS_L = [[0, 0, 0], [26, 7, 1], [44, 10, 1], [70, 15, 1], [100, 20, 1], [134, 26, 1]];

// The one mask this encoder uses: pattern 2, "column mod 3 = 0". It depends on the column
// only, so whole columns are either inverted or not, which lets data placement copy
// column runs from an inverted or a plain bit stream (see matrix.ts).
// 15-bit format information (BCH-coded, XORed with 0x5412) for mask 2 at L and M;
// bit i is (FORMAT >> i) & 1.
export const FORMAT_L = 32170;
export const FORMAT_M = 24188;

export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
