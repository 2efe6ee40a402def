// Constants for QR versions 1–5 at error-correction levels L and M (ISO/IEC 18004),
// precomputed so the device never derives them: computing GF(256) tables or generator
// polynomials in the interpreter would cost more than encoding a whole code.

export const ECL_L = 1;
export const ECL_M = 0;
export type Ecl = typeof ECL_L | typeof ECL_M;

export const MAX_VERSION = 5;

// α^i in GF(256) with the QR field polynomial x^8+x^4+x^3+x^2+1, for i = 0..254, then
// repeated so that α^(a+b) is EXP[a+b] without a modulo.
const EXP_ONCE = [1,2,4,8,16,32,64,128,29,58,116,232,205,135,19,38,76,152,45,90,180,117,234,201,143,3,6,12,24,48,96,192,157,39,78,156,37,74,148,53,106,212,181,119,238,193,159,35,70,140,5,10,20,40,80,160,93,186,105,210,185,111,222,161,95,190,97,194,153,47,94,188,101,202,137,15,30,60,120,240,253,231,211,187,107,214,177,127,254,225,223,163,91,182,113,226,217,175,67,134,17,34,68,136,13,26,52,104,208,189,103,206,129,31,62,124,248,237,199,147,59,118,236,197,151,51,102,204,133,23,46,92,184,109,218,169,79,158,33,66,132,21,42,84,168,77,154,41,82,164,85,170,73,146,57,114,228,213,183,115,230,209,191,99,198,145,63,126,252,229,215,179,123,246,241,255,227,219,171,75,150,49,98,196,149,55,110,220,165,87,174,65,130,25,50,100,200,141,7,14,28,56,112,224,221,167,83,166,81,162,89,178,121,242,249,239,195,155,43,86,172,69,138,9,18,36,72,144,61,122,244,245,247,243,251,235,203,139,11,22,44,88,176,125,250,233,207,131,27,54,108,216,173,71,142];
export const EXP = new Uint8Array(512);
EXP.set(EXP_ONCE);
EXP.set(EXP_ONCE, 255);

// log_α of each nonzero byte: the inverse of EXP.
export const LOG = new Uint8Array(256);
for (let i = 0; i < 255; i++) LOG[EXP[i]] = i;

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
export const MASK = 2;

// 15-bit format information (BCH-coded, XORed with 0x5412) for mask 2 at L and M;
// bit i is (FORMAT >> i) & 1.
export const FORMAT_L = 32170;
export const FORMAT_M = 24188;

export const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
